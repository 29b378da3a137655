"""The "results" import kind, registered from `AssessmentsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from councils.import_kinds import ImportKind, register

from .parse import ResultsImporter
from .report import ImportReport
from .write import apply_results

# A results row writes a deputy, an enrolment, attendance and two scores: about four register rows.
ROW_WEIGHT = 4


def summary_lines(summary: dict) -> list[str]:
    return ImportReport.from_json(summary).summary_lines()


def register_results_kind() -> ImportKind:
    from ..forms import ResultsOptionsForm

    return register(
        ImportKind(
            key="results",
            label=_("Training results"),
            importer=ResultsImporter,
            apply=apply_results,
            options_form=ResultsOptionsForm,
            help_text=_(
                "One row per participant; day1, day2, … give attendance per day. Sessions, venues, trainers and "
                "deputies that do not exist yet are created."
            ),
            row_weight=ROW_WEIGHT,
            rehearse=True,
            summary_lines=summary_lines,
        )
    )

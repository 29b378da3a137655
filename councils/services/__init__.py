"""Functions that change councils data: reference data, imports and their jobs.

Merging duplicate deputies moves enrolments and scores, so it lives with them in `assessments.merges`.
"""

from .imports import ImportRefused, apply_councils, apply_deputies, apply_elections, run_import
from .jobs import confirm_import_job, create_import_job, run_import_job
from .reference import load_reference_data
from .review import mark_reviewed

__all__ = [
    "ImportRefused",
    "apply_councils",
    "apply_deputies",
    "apply_elections",
    "confirm_import_job",
    "create_import_job",
    "load_reference_data",
    "mark_reviewed",
    "run_import",
    "run_import_job",
]

"""The dashboard's "Participants' feedback" panel: `assessments.feedback` results as short table cells.

A mean is shown only for 5 answers or more (small-cell rule); below that, the counts of 1…5 alone."""

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.feedback.selectors import feedback_results
from assessments.feedback.services import feedback_version

from .presentation import DASH, count


def mean_text(value) -> str:
    return DASH if value is None else number_format(round(value, 1), 1)


def cell_view(cell: dict) -> dict:
    return {
        "mean": mean_text(cell["mean"]),
        "n": count(cell["n"]),
        "counts": cell["counts"],
        "distribution": " · ".join(str(number) for number in cell["counts"]),
        "small": cell["small_cell"],
    }


def feedback_panel(results: dict) -> dict:
    """{"responses", "questions", "overall": [(question, cell)], "tables": [(title, rows)]}."""
    questions = results["questions"]
    campaign_rows = results["scopes"]["campaign"]
    overall_cells = campaign_rows[0]["cells"] if campaign_rows else []
    titles = {"session": _("By session"), "trainer": _("By trainer"), "region": _("By region")}
    tables = [
        (
            titles[scope],
            [
                {
                    "label": row["label"],
                    "responses": count(row["responses"]),
                    "cells": [cell_view(c) for c in row["cells"]],
                }
                for row in results["scopes"][scope]
            ],
        )
        for scope in ("session", "trainer", "region")
        if results["scopes"][scope]
    ]
    return {
        "responses": results["responses"],
        "questions": questions,
        "overall": [(question, cell_view(cell)) for question, cell in zip(questions, overall_cells, strict=True)],
        "tables": tables,
    }


FEEDBACK_CACHE_SECONDS = 600


def campaign_feedback_panel(campaign) -> dict:
    """The panel of `campaign`, cached until a response or a question of its survey changes."""
    key = f"dashboard:feedback:{campaign.pk}:{feedback_version(campaign.pk)}:{get_language()}"
    results = cache.get(key)
    if results is None:
        results = feedback_results(campaign)
        cache.set(key, results, FEEDBACK_CACHE_SECONDS)
    return feedback_panel(results)

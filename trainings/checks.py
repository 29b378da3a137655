"""`manage.py check --database default` (and every `migrate`) warns about campaign and session codes
saved before codes were validated; they keep working, but should be renamed on their edit pages."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .codes import is_valid_code

SHOWN = 20


def bad_codes(campaign_model, session_model) -> tuple[list, list]:
    """(campaign codes, "campaign / session" codes) that are not valid codes, read from the database."""
    campaigns = [code for code in campaign_model.objects.values_list("code", flat=True) if not is_valid_code(code)]
    sessions = [
        f"{campaign} / {code}"
        for campaign, code in session_model.objects.values_list("campaign__code", "code").order_by("campaign", "code")
        if not is_valid_code(code)
    ]
    return sorted(campaigns), sessions


def _listed(codes) -> str:
    shown = ", ".join(repr(code) for code in codes[:SHOWN])
    return shown + (f" … (+{len(codes) - SHOWN})" if len(codes) > SHOWN else "")


@register(Tags.database)
def check_codes(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from .models import Campaign, TrainingSession

    try:
        campaigns, sessions = bad_codes(Campaign, TrainingSession)
    except DatabaseError:
        return []  # not migrated yet: nothing to report
    hint = "Give them a new code on their edit pages (letters, digits, - _ and single dots)."
    found = (("campaign", campaigns, "trainings.W001"), ("session", sessions, "trainings.W002"))
    return [
        Warning(f"{len(codes)} {kind} codes are not valid: {_listed(codes)}", hint=hint, id=check_id)
        for kind, codes, check_id in found
        if codes
    ]

"""Reviewing deputies added at a session who were not in the register (walk-ins)."""

from django.db import transaction

from ..models import Deputy


@transaction.atomic
def mark_reviewed(*, deputy: Deputy) -> None:
    """An organiser checked the record (it is nobody the register already had): it leaves the review list."""
    deputy.needs_review = False
    deputy.save(update_fields=["needs_review", "updated_at"])  # through save(): the history keeps who and when

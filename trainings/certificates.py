"""Verifiable certificates: their public codes, issuing, and revoking.

A code is 8 characters of Crockford's base32 (digits and capitals without I, L, O, U, so that nothing
printed can be misread), printed as XXXX-XXXX: 32⁸ ≈ 10¹² codes, drawn with `secrets`, so a few thousand
certificates leave guessing hopeless, the more so with the verification page's rate limit.

A certificate is issued when it is first printed (the paper is what a code stands for; codes are not
handed out for certificates nobody printed), one valid certificate per enrolment. When the participant no
longer completed the session (an attendance correction by any path: the grid, offline sync, imports, a
longer session, a merge undone), `revoke_lapsed_certificates` revokes it; every such path announces the
change through `trainings.changes.mark_campaign_changed`, which calls it. Should the participant complete
again, the next print issues a new code: the paper printed earlier stays revoked, as it was once wrong.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.collation import deputy_order

from .models import Attendance, Certificate

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
CODE_LENGTH = 8
# Longer input is refused before any work on it; a code with separators and spaces is well below.
MAX_INPUT_LENGTH = 40
# Crockford's decoding: letters people write for the digits they resemble.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_ATTEMPTS = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """XXXX-XXXX, as printed."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str | None:
    """The stored form of a code typed or scanned (any case, spaces or hyphens, O for 0, I/L for 1), or
    None when `text` cannot be a code at all."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        return None
    compact = _SEPARATORS.sub("", text)
    if not compact.isascii():
        return None
    compact = compact.upper().translate(_READ_AS)
    return compact if _CODE.fullmatch(compact) else None


def _days_present():
    """Days of its session each enrolment was present on (days beyond the session's last count nowhere)."""
    return (
        Attendance.objects.filter(enrolment=OuterRef("enrolment"), present=True, day__lte=F("enrolment__session__days"))
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )


@transaction.atomic
def issue_certificates(*, enrolments, user) -> dict[int, Certificate]:
    """The valid certificate of each enrolment (all of them completers), issuing those not yet issued;
    keyed by enrolment id. Printing twice gives the same codes."""
    enrolments = list(enrolments)
    ids = [enrolment.pk for enrolment in enrolments]
    valid = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=ids, revoked_at__isnull=True)}
    for enrolment_id in ids:
        if enrolment_id not in valid:
            valid[enrolment_id] = _issue(enrolment_id, user)
    return valid


def _issue(enrolment_id: int, user) -> Certificate:
    for _attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(enrolment_id=enrolment_id, code=new_code(), issued_by=user)
        except IntegrityError:
            # Either the code was taken (retry with another) or a parallel print issued one for this
            # enrolment first (then that one is the certificate).
            existing = Certificate.objects.filter(enrolment_id=enrolment_id, revoked_at__isnull=True).first()
            if existing:
                return existing
    raise RuntimeError(f"No free certificate code after {_ATTEMPTS} attempts")


def revoke_lapsed_certificates(campaign_id: int) -> int:
    """Revokes the valid certificates of the campaign whose participant no longer completed their session
    ("attendance corrected"); returns how many. One query when there is nothing to revoke."""
    lapsed = (
        Certificate.objects.filter(revoked_at__isnull=True, enrolment__session__campaign_id=campaign_id)
        .annotate(days_present=Coalesce(Subquery(_days_present()), 0))
        .filter(days_present__lt=F("enrolment__session__days"))
        .values("pk")
    )
    return Certificate.objects.filter(pk__in=Subquery(lapsed)).update(
        revoked_at=timezone.now(), reason=Certificate.Reason.ATTENDANCE
    )


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, note: str = "", user) -> Certificate:
    """An organiser withdraws a certificate by hand, with one of the public reasons and a note for organisers."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(_("This certificate has already been revoked."))
    if reason not in Certificate.Reason.values:
        raise ValidationError(_("Choose a reason for revoking the certificate."))
    certificate.revoked_at, certificate.revoked_by = timezone.now(), user
    certificate.reason, certificate.note = reason, note.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoked_by", "reason", "note"])
    return certificate


def find_certificate(code: str) -> Certificate | None:
    """The certificate with this (normalised) code, with what its public page shows."""
    return (
        Certificate.objects.select_related("enrolment__deputy", "enrolment__session__campaign")
        .filter(code=code)
        .first()
    )


def certificates_of_session(session):
    """Every certificate issued for the session, by participant (newest first for each)."""
    return (
        Certificate.objects.filter(enrolment__session=session)
        .select_related("enrolment__deputy", "revoked_by", "issued_by")
        .order_by(*deputy_order("enrolment__deputy__"), "-issued_at", "-pk")
    )

"""Walk-ins who are not in the register: the person is added as a deputy and enrolled in one step.

The new record is flagged for review (`Deputy.needs_review`): an organiser checks it on the duplicates
page, since a misspelt name may hide a deputy the register already has. A person the register already
has under the same key (DESIGN §2: council, convocation, normalised name, birth year) is refused, so
that the organiser or trainer enrols the existing record instead.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from councils.models import Council, Deputy
from councils.names import normalize_name

from .approval import check_session_open
from .changes import mark_campaign_changed
from .models import Enrolment, TrainingSession


class AlreadyInRegister(ValidationError):
    """The walk-in is a deputy the register already has; `deputy` is that record."""

    def __init__(self, deputy: Deputy):
        self.deputy = deputy
        super().__init__(
            _("%(name)s (%(year)s) of %(council)s is already in the register.")
            % {"name": deputy.full_name, "year": deputy.birth_year or "–", "council": deputy.council.name}
        )


def find_in_register(*, council, convocation, last_name, first_name, patronymic, birth_year):
    """The active deputy with the same de-duplication key, or None."""
    return (
        Deputy.objects.filter(
            council=council,
            convocation=convocation,
            normalized_name=normalize_name(last_name, first_name, patronymic),
            birth_year=birth_year,
            merged_into__isnull=True,
        )
        .select_related("council")
        .first()
    )


@transaction.atomic
def add_new_walk_in(
    *,
    session: TrainingSession,
    council: Council,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    gender: str,
    birth_year: int,
    phone: str = "",
) -> Enrolment:
    """Adds a person who is not in the register as a deputy of the campaign's convocation, flagged for
    review, and enrols them in `session` as a walk-in. Raises AlreadyInRegister (nothing written) when
    the register has them already."""
    check_session_open(session.pk)
    convocation = session.campaign.convocation
    names = {"last_name": last_name, "first_name": first_name, "patronymic": patronymic}
    existing = find_in_register(council=council, convocation=convocation, birth_year=birth_year, **names)
    if existing is not None:
        raise AlreadyInRegister(existing)
    deputy = Deputy(
        council=council, convocation=convocation, gender=gender, birth_year=birth_year, phone=phone,
        needs_review=True, **names,
    )  # fmt: skip
    deputy.refresh_name_keys()
    deputy.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            deputy.save()
    except IntegrityError:
        # Someone added the same person a moment ago: the unique key caught it.
        existing = find_in_register(council=council, convocation=convocation, birth_year=birth_year, **names)
        if existing is None:
            raise
        raise AlreadyInRegister(existing) from None
    enrolment = Enrolment.objects.create(session=session, deputy=deputy, source=Enrolment.Source.WALK_IN)
    mark_campaign_changed(session.campaign_id)
    return enrolment

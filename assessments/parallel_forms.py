"""Parallel forms, counterbalanced (issue 18 §2).

A campaign "defines two forms" when it has tests of form A and form B (each for one phase or for both).
Half of a session's participants then take A before and B after, the other half the reverse, so that
growth is not inflated by remembering the questions. The order is drawn at random but balanced within the
session (the two groups differ by at most one), recorded in `FormAssignment` and never changed: a later
enrolment joins the smaller group.

Without two forms, `instrument_for` is the campaign's test for the phase, as before (`instrument_for_phase`).
"""

import random

from django.db import transaction
from django.db.models import Q

from trainings.models import Enrolment, TrainingSession

from .models import FormAssignment, Instrument, TestResult
from .selectors import instrument_for_phase

FORMS = ("A", "B")
# The form each order takes in a phase; any later phase (e.g. a follow-up) repeats the post-test's form.
FIRST_PHASE = TestResult.Phase.PRE
FORM_IN_PHASE = {
    FormAssignment.Order.AB: {True: "A", False: "B"},
    FormAssignment.Order.BA: {True: "B", False: "A"},
}

_random = random.SystemRandom()


def form_for(order: str, phase: str) -> str:
    """The form ("A" or "B") that an order takes in a phase."""
    return FORM_IN_PHASE[order][phase == FIRST_PHASE]


def parallel_instruments(campaign_id, phase) -> dict:
    """{"A": test, "B": test} of the campaign for a phase, or {} when it does not define both forms."""
    candidates = list(
        Instrument.objects.filter(
            Q(phase=phase) | Q(phase=""), campaign_id=campaign_id, form__iregex=r"^\s*[ab]\s*$"
        ).order_by("-phase", "name", "pk")
    )
    chosen = {}
    for instrument in candidates:  # a test for this very phase before one for both phases
        chosen.setdefault(instrument.form.strip().upper(), instrument)
    return chosen if set(chosen) == set(FORMS) else {}


def campaign_has_two_forms(campaign_id) -> bool:
    return bool(parallel_instruments(campaign_id, TestResult.Phase.PRE))


def assign_forms(session, *, rng=None) -> dict:
    """Record an order for every enrolment of the session that has none; {enrolment id: order} for all.

    The new enrolments are shuffled, then each joins the smaller group (a tie is drawn at random), so the
    groups differ by at most one. Existing assignments are never changed.
    """
    rng = rng or _random
    with transaction.atomic():
        # One assignment at a time per session, so two trainers' clicks cannot unbalance it.
        TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
        existing = dict(FormAssignment.objects.filter(enrolment__session=session).values_list("enrolment_id", "order"))
        waiting = list(
            Enrolment.objects.filter(session=session)
            .exclude(pk__in=existing)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rng.shuffle(waiting)
        counts = {order: 0 for order in FormAssignment.Order.values}
        for order in existing.values():
            counts[order] += 1
        created = []
        for enrolment_id in waiting:
            ab, ba = counts[FormAssignment.Order.AB], counts[FormAssignment.Order.BA]
            if ab == ba:
                order = rng.choice(FormAssignment.Order.values)
            else:
                order = FormAssignment.Order.AB if ab < ba else FormAssignment.Order.BA
            counts[order] += 1
            existing[enrolment_id] = order
            created.append(FormAssignment(enrolment_id=enrolment_id, order=order))
        FormAssignment.objects.bulk_create(created)
    return existing


def order_of(enrolment) -> str | None:
    """The enrolment's recorded order, assigning the session's newcomers first when it has none yet."""
    order = FormAssignment.objects.filter(enrolment=enrolment).values_list("order", flat=True).first()
    if order is None:
        order = assign_forms(enrolment.session).get(enrolment.pk)
    return order


def instrument_for(enrolment, phase) -> Instrument | None:
    """The test this enrolment takes in this phase: its assigned form, or the campaign's one test."""
    forms = parallel_instruments(enrolment.session.campaign_id, phase)
    if not forms:
        return instrument_for_phase(enrolment.session.campaign_id, phase)
    return forms[form_for(order_of(enrolment), phase)]


def forms_of_session(session, phase) -> dict:
    """{enrolment id: form letter} for the session's roster in a phase; {} without two forms."""
    if not parallel_instruments(session.campaign_id, phase):
        return {}
    return {enrolment_id: form_for(order, phase) for enrolment_id, order in assign_forms(session).items()}

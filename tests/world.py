"""A small but complete world for cross-cutting tests (authorization matrix, phone checks).

One campaign with a 20-point test (with questions, so answer sheets exist), two sessions — one trained
by `trainer`, one by `other_trainer` — each with enrolled deputies, attendance and a pre-test score; a
council with an election, a merged pair of duplicate deputies, a councils import job and a results import.
`objects_for(world, own=...)` gives the objects a persona reaches for: the trainer's own session, or
another trainer's. `shared_world` builds it once for a whole test module.
"""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from assessments.merges import merge_deputies
from assessments.models import SelfTestWindow
from councils.services import create_import_job
from portal.reports.services import freeze_report
from portal.trainers import services as trainer_services
from portal.trainers.links import link_token
from roles import Role
from tests.conftest import make_user
from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InstrumentFactory,
    InvitationFactory,
    QuestionFactory,
    TestResultFactory,
    TrainingSessionFactory,
    VenueFactory,
)
from trainings.certificates import issue_certificates
from trainings.messaging.services import create_batch
from trainings.models import PlanRun

OWN_PHONE = "+996700111001"
OTHER_PHONE = "+996700111002"
MERGED_PHONE = "+996700111003"


def build_world(*, trainer, other_trainer, organiser):
    campaign = CampaignFactory(code="WORLD-2021", start=datetime.date(2021, 5, 24), end=datetime.date(2021, 7, 2))
    instrument = InstrumentFactory(campaign=campaign, max_score=20)
    for number in (1, 2, 3):
        QuestionFactory(instrument=instrument, number=number)
    council = CouncilFactory(code="41703211000001")
    ElectionFactory(council=council, convocation=2021)
    venue = VenueFactory(district=council.district)
    own_session = TrainingSessionFactory(campaign=campaign, code="W-OWN", venue=venue, trainers=[trainer])
    other_session = TrainingSessionFactory(
        campaign=campaign, code="W-OTHER", venue=venue, start_date=datetime.date(2021, 6, 1), trainers=[other_trainer]
    )
    invitation = InvitationFactory(session=own_session, council=council, places=5)
    own_deputy = DeputyFactory(council=council, last_name="Ownova", phone=OWN_PHONE, gender="F")
    other_deputy = DeputyFactory(council=council, last_name="Otherov", phone=OTHER_PHONE)
    own_enrolment = EnrolmentFactory(session=own_session, deputy=own_deputy)
    other_enrolment = EnrolmentFactory(session=other_session, deputy=other_deputy)
    for enrolment in (own_enrolment, other_enrolment):
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
        AttendanceFactory(enrolment=enrolment, day=2, present=True)  # completed: a certificate is due
        TestResultFactory(enrolment=enrolment, phase="pre", score=10, max_score=20)
    kept = DeputyFactory(council=council, last_name="Duplicatov", birth_year=1975, phone="")
    duplicate = DeputyFactory(council=council, last_name="Duplicatow", birth_year=1975, phone=MERGED_PHONE)
    merge = merge_deputies(kept=kept, merged=duplicate, user=organiser)
    deputies_csv = (
        f"council_code,convocation,last_name,first_name,sex,birth_year\n{council.code},2021,Imported,Aigul,F,1990\n"
    ).encode()
    import_job = create_import_job(kind_key="deputies", name="deputies.csv", content=deputies_csv, user=organiser)
    results_csv = (
        "session_code,session_start,council_code,last_name,first_name,sex,birth_year,day1,day2,"
        "pre_score,post_score,max_score\n"
        f"R-01,2021-06-10,{council.code},Resultova,Aigul,F,1985,1,1,10,15,20\n"
    ).encode()
    results_import = create_import_job(
        kind_key="results",
        name="results.csv",
        content=results_csv,
        user=organiser,
        options={"campaign_code": campaign.code, "convocation": None, "skip_invalid": False},
    )
    # As the migration left a results import of before import jobs: its old id leads to the job.
    results_import.options["legacy_results_import_id"] = results_import.pk
    results_import.save(update_fields=["options"])
    frozen_report = freeze_report(campaign=campaign, user=organiser, language="en")
    # Both completers' certificates have been printed: each has its code.
    certificates = issue_certificates(enrolments=[own_enrolment, other_enrolment], user=organiser)
    # A sending to both deputies (their phones are in its messages): its pages must never show them.
    message_batch = create_batch(
        campaign=campaign, kind="reminder", channels=["sms", "email"], user=organiser, session=own_session,
        recipients=[(own_deputy, own_session), (other_deputy, other_session)],
    )  # fmt: skip
    # A self-test of the post-test, open for the rest of the test run (the pre-test can still be opened).
    selftest_window = SelfTestWindow.objects.create(
        session=own_session,
        phase="post",
        code="WQRCDE",
        opened_by=trainer,
        closes_at=timezone.now() + datetime.timedelta(days=365),
    )
    trainer_objects = build_trainer_accounts(trainer=trainer, other_trainer=other_trainer, organiser=organiser)
    return SimpleNamespace(
        campaign=campaign,
        frozen_report=frozen_report,
        certificates=certificates,
        message_batch=message_batch,
        instrument=instrument,
        council=council,
        region=council.region,
        district=council.district,
        venue=venue,
        own_session=own_session,
        invitation=invitation,
        other_session=other_session,
        own_deputy=own_deputy,
        other_deputy=other_deputy,
        own_enrolment=own_enrolment,
        other_enrolment=other_enrolment,
        kept_deputy=kept,
        merge=merge,
        import_job=import_job,
        results_import=results_import,
        # A finished proposal of the campaign scheduler with one session (accepting it invites the council).
        plan_run=PlanRun.objects.create(
            campaign=campaign,
            status=PlanRun.Status.DONE,
            inputs={"councils": [], "venues": [], "trainers": [], "working_days": []},
            plan={"sessions": [], "left_out": [], "status": "optimal"},
        ),
        selftest_window=selftest_window,
        **trainer_objects,
    )


def build_trainer_accounts(*, trainer, other_trainer, organiser):
    """Trainer accounts: unavailable days of both trainers, a working link for `trainer` (its printable page)
    and a new trainer who has only their set-password link."""
    june = datetime.date(2021, 6, 14)
    periods = {
        user.pk: trainer_services.add_unavailability(trainer=user, start=june, end=june, created_by=organiser)
        for user in (trainer, other_trainer)
    }
    trainer_services.issue_set_password_link(user=trainer, created_by=organiser)
    newcomer, link = trainer_services.create_trainer(
        username="newcomer", first_name="Жаңы", last_name="Тренер", phone="+996700111099", languages=["ky"],
        created_by=organiser,
    )  # fmt: skip
    return {
        "trainer": trainer,
        "other_trainer": other_trainer,
        "unavailable": periods,
        "newcomer": newcomer,
        "newcomer_token": link_token(link),
    }


def objects_for(world, *, own: bool):
    """The session-scoped objects a request names: the trainer's own, or another trainer's."""
    return SimpleNamespace(
        world=world,
        session=world.own_session if own else world.other_session,
        enrolment=world.own_enrolment if own else world.other_enrolment,
        deputy=world.own_deputy if own else world.other_deputy,
        trainer=world.trainer if own else world.other_trainer,
        certificate=world.certificates[(world.own_enrolment if own else world.other_enrolment).pk],
    )


PERSONA_ROLES = {
    "trainer": {"role": Role.TRAINER, "first_name": "Бакыт", "last_name": "Асанов"},
    "other_trainer": {"role": Role.TRAINER, "first_name": "Нурлан", "last_name": "Токтогулов"},
    "staff": {"role": Role.STAFF},
    "organiser": {"role": Role.ORGANISER},
    "admin": {"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
}


@contextmanager
def shared_world(django_db_blocker):
    """The world and its personas, built once for a test module in a transaction rolled back at its end.

    Each test's own transaction (pytest-django's `db`) is a savepoint inside it, so tests still do not see
    each other's changes. `world.users[name]` are the personas, `world.cookies[name]` their logged-in
    session cookies (set one on a fresh Client to act as that persona).
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = {name: make_user(get_user_model(), name, **extra) for name, extra in PERSONA_ROLES.items()}
            world = build_world(trainer=users["trainer"], other_trainer=users["other_trainer"],
                                organiser=users["organiser"])  # fmt: skip
            world.users = users
            world.cookies = {}
            for name, user in users.items():
                client = Client()
                client.force_login(user)
                world.cookies[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def client_as(world, persona) -> Client:
    """A fresh test client logged in as `persona` (None: anonymous)."""
    client = Client()
    if persona is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.cookies[persona]
    return client

"""Seed a portal database (DATABASE_URL) with accounts and one session; print its ids as JSON.

Run as `python -m tests.faults.seed` by the fault tests, in the environment of the portal under test.
"""

import json
import os


def seed() -> dict:
    from django.contrib.auth.models import Group

    from portal.models import User
    from roles import Role
    from tests.factories import (
        AttendanceFactory,
        DeputyFactory,
        EnrolmentFactory,
        InstrumentFactory,
        TrainingSessionFactory,
    )

    def account(username, role):
        user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
        user.groups.add(Group.objects.get(name=role))
        return user

    trainer = account("trainer", Role.TRAINER)
    account("organiser", Role.ORGANISER)
    account("staff", Role.STAFF)
    session = TrainingSessionFactory(code="F-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    enrolments = [EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=f"Faultova{n}")) for n in range(3)]
    for enrolment in enrolments:
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
    return {
        "session": session.pk,
        "campaign": session.campaign.code,
        "council": enrolments[0].deputy.council.code,
        "enrolments": [enrolment.pk for enrolment in enrolments],
    }


PASSWORD = "fault-pass-123"

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(seed()))

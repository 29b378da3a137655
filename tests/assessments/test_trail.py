"""A session's audit trail: who · when · what (old → new) for each kind of change, filters, access, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.services import save_score
from assessments.trail import session_trail
from tests.factories import CouncilFactory, DeputyFactory, ElectionFactory, TrainingSessionFactory, VenueFactory
from trainings import services
from trainings.approval import approve_session, reopen_session

pytestmark = pytest.mark.django_db


def lines(trail):
    """Each entry as one line: who | kind: subject — action | field: old → new; …"""
    result = []
    for entry in trail.entries:
        changes = "; ".join(f"{change.label}: {change.old} → {change.new}" for change in entry.changes)
        subject = f"{entry.kind}: {entry.subject}" if entry.subject else entry.kind
        result.append(f"{entry.user_name} | {subject} — {entry.action} | {changes}")
    return result


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_attendance_and_scores_show_who_and_old_to_new(session, enrolments, trainer, organiser):
    services.set_attendance(enrolment=enrolments[0], day=1, present=False, user=trainer)
    save_score(enrolment=enrolments[0], phase="pre", score="10", expected_version=0, user=trainer)
    save_score(enrolment=enrolments[0], phase="pre", score="12,5", expected_version=1, user=organiser)
    save_score(enrolment=enrolments[0], phase="pre", score="", expected_version=2, user=organiser)

    trail = lines(session_trail(session))

    name = "Абдыкадырова Айгүл Маратович"
    assert trail[:4] == [
        f"Айгүл Осмонова | test score: {name}, pre-test — removed | score: 12.5 → —; maximum score: 20 → —",
        f"Айгүл Осмонова | test score: {name}, pre-test — changed | score: 10 → 12.5",
        f"Бакыт Асанов | test score: {name}, pre-test — added | score: — → 10; maximum score: — → 20",
        f"Бакыт Асанов | attendance: {name}, day 1 — changed | present: present → absent",
    ]


def test_session_invitation_and_roster_changes_through_the_pages(organiser_client, session, enrolments):
    council = CouncilFactory(name_en="Ak-Tuz")
    ElectionFactory(council=council, convocation=session.campaign.convocation)
    for name in ("Абаева", "Бакиева", "Вахидов"):
        DeputyFactory(council=council, last_name=name, first_name="Нур", patronymic="")
    venue = VenueFactory(name="Токмок, мектеп")
    organiser_client.post(
        reverse("trainings:session_invite", args=[session.pk]), {"council": council.code, "places": 2}
    )
    newcomer = session.enrolments.get(deputy__last_name="Бакиева")
    organiser_client.post(reverse("trainings:remove_enrolment", args=[session.pk, newcomer.pk]))
    services.invite_council(session=session, council=council, places=3)
    services.update_session(session=type(session).objects.get(pk=session.pk), venue=venue, status="held")

    trail = lines(session_trail(session))

    # Changes made outside a request (here: straight through the services) have nobody to name.
    assert trail[:8] == [
        f" | training — changed | venue: {session.venue.name} → Токмок, мектеп; status: planned → held",
        " | participant: Вахидов Нур — added | source: — → invitation",
        " | participant: Бакиева Нур — added | source: — → invitation",
        f" | invitation: {council.name} — changed | places: 2 → 3",
        "Айгүл Осмонова | participant: Бакиева Нур — removed | source: invitation → —",
        "Айгүл Осмонова | participant: Бакиева Нур — added | source: — → invitation",
        "Айгүл Осмонова | participant: Абаева Нур — added | source: — → invitation",
        f"Айгүл Осмонова | invitation: {council.name} — added | places: — → 2",
    ]


def test_approval_and_reopening_are_in_the_trail_with_the_reason(session, organiser):
    approve_session(session=session, user=organiser)
    reopen_session(session=session, user=organiser, reason="A signature was missed on day 2")
    entries = session_trail(session).entries
    assert [(entry.action, entry.reason) for entry in entries[:2]] == [
        ("reopened", "A signature was missed on day 2"),
        ("approved the attendance and scores", ""),
    ]


def test_trail_speaks_the_readers_language(organiser_client, session, enrolments, trainer):
    services.set_attendance(enrolment=enrolments[0], day=1, present=False, user=trainer)
    organiser_client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = organiser_client.get(reverse("assessments:session_trail", args=[session.pk])).content.decode()
    with translation.override("ru"):
        # The kind of record and the field's verbose name, as the Russian catalogue has them.
        expected = [translation.gettext("attendance").capitalize(), translation.gettext("present").capitalize()]
    assert expected != ["Attendance", "Present"]
    for text in expected:
        assert text in page
    assert "Абдыкадырова Айгүл" in page


def test_filter_by_person_and_by_participant(organiser_client, session, enrolments, trainer, organiser):
    services.set_attendance(enrolment=enrolments[0], day=1, present=False, user=trainer)
    services.set_attendance(enrolment=enrolments[1], day=2, present=False, user=organiser)

    by_trainer = session_trail(session, user_id=trainer.pk)
    assert [entry.subject for entry in by_trainer.entries] == ["Абдыкадырова Айгүл Маратович, day 1"]
    assert [name for _pk, name in by_trainer.people] == ["Айгүл Осмонова", "Бакыт Асанов"]
    about = session_trail(session, deputy_id=enrolments[1].deputy_id)
    assert {entry.deputy_id for entry in about.entries} == {enrolments[1].deputy_id}
    assert len(about.entries) == 4  # enrolled and two days added by the factories, one day changed

    url = reverse("assessments:session_trail", args=[session.pk])
    page = organiser_client.get(url, {"by": organiser.pk}).content.decode()
    assert "Бекова Айгүл Маратович, day 2" in page
    assert "Абдыкадырова Айгүл Маратович, day 1" not in page


def test_trail_queries_do_not_grow_with_its_length(session, enrolments, trainer):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            trail = session_trail(session)
        return len(captured), len(trail.entries)

    services.set_attendance(enrolment=enrolments[0], day=1, present=False, user=trainer)
    save_score(enrolment=enrolments[0], phase="post", score="15", expected_version=0, user=trainer)
    queries, entries = count_queries()
    for enrolment in enrolments[1:]:
        services.set_attendance(enrolment=enrolment, day=1, present=False, user=trainer)
        save_score(enrolment=enrolment, phase="post", score="15", expected_version=0, user=trainer)
        save_score(enrolment=enrolment, phase="post", score="16", expected_version=1, user=trainer)
    assert count_queries() == (queries, entries + 6)
    assert queries <= 10


def test_trainer_reads_the_trail_of_own_sessions_only(trainer_client, session, other_trainer):
    other = TrainingSessionFactory(trainers=[other_trainer])
    assert trainer_client.get(reverse("assessments:session_trail", args=[session.pk])).status_code == 200
    # As for every page of a session out of reach: not found, so that ids reveal nothing.
    assert trainer_client.get(reverse("assessments:session_trail", args=[other.pk])).status_code == 404


def test_staff_read_the_trail_and_the_session_page_loads_it_in_place(staff_client, session, enrolments, trainer):
    services.set_attendance(enrolment=enrolments[2], day=2, present=False, user=trainer)
    url = reverse("assessments:session_trail", args=[session.pk])
    fragment = staff_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Васильев Айгүл Маратович, day 2" in fragment
    assert "<html" not in fragment
    assert staff_client.post(url).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client, session):
    response = client.get(reverse("assessments:session_trail", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_approval_of_a_session_kept_without_history_is_one_entry(session, organiser):
    session.history.all().delete()  # as sessions created before the history was kept, or by the demo
    approve_session(session=session, user=organiser)
    entries = session_trail(session).entries
    assert [(entry.action, entry.changes) for entry in entries if entry.kind == "training"] == [
        ("approved the attendance and scores", [])
    ]

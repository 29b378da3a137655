"""Attendance and certificates only for days that have come (the portal's local date, Asia/Bishkek)."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import AttendanceFactory, EnrolmentFactory, TrainingSessionFactory
from trainings.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def starts_today(campaign, venue, trainer):
    """A two-day session whose first day is today: day 2 is tomorrow."""
    session = TrainingSessionFactory(
        campaign=campaign, code="S-TODAY", venue=venue, start_date=timezone.localdate(), days=2, trainers=[trainer]
    )
    EnrolmentFactory(session=session)
    return session


def toggle(client, session, day, **headers):
    enrolment = session.enrolments.get()
    address = reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, day])
    return client.post(address, {"present": "1"}, **headers)


def test_today_can_be_marked(trainer_client, starts_today):
    toggle(trainer_client, starts_today, 1)
    assert list(Attendance.objects.values_list("day", "present")) == [(1, True)]


def test_a_day_to_come_is_refused_with_a_message(trainer_client, starts_today):
    response = toggle(trainer_client, starts_today, 2)
    assert response.status_code == 302
    assert Attendance.objects.count() == 0
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Day 2 is on {date_format(tomorrow, 'DATE_FORMAT')}: attendance can be marked from that day on."
    ]


def test_a_day_to_come_is_refused_to_htmx_too(trainer_client, starts_today):
    response = toggle(trainer_client, starts_today, 2, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_everyone_present_for_a_day_to_come_is_refused(trainer_client, starts_today):
    trainer_client.post(reverse("trainings:mark_all_present", args=[starts_today.pk, 2]))
    assert Attendance.objects.count() == 0
    trainer_client.post(reverse("trainings:mark_all_present", args=[starts_today.pk, 1]))
    assert list(Attendance.objects.values_list("day", "present")) == [(1, True)]


def test_session_page_offers_no_marking_for_days_to_come(trainer_client, starts_today):
    html = trainer_client.get(reverse("trainings:session_detail", args=[starts_today.pk])).content.decode()
    enrolment = starts_today.enrolments.get()
    assert reverse("trainings:toggle_attendance", args=[starts_today.pk, enrolment.pk, 1]) in html
    assert reverse("trainings:toggle_attendance", args=[starts_today.pk, enrolment.pk, 2]) not in html
    assert reverse("trainings:mark_all_present", args=[starts_today.pk, 1]) in html
    assert reverse("trainings:mark_all_present", args=[starts_today.pk, 2]) not in html
    assert f"Day 2, {enrolment.deputy.full_name}: not yet" in html


def test_certificates_wait_for_the_last_day(trainer_client, starts_today):
    enrolment = starts_today.enrolments.get()
    # Recorded by other means (e.g. an import): still no certificate before the last day.
    AttendanceFactory(enrolment=enrolment, day=1, present=True)
    AttendanceFactory(enrolment=enrolment, day=2, present=True)
    page = trainer_client.get(reverse("trainings:session_detail", args=[starts_today.pk])).content.decode()
    assert reverse("portal:session_certificates", args=[starts_today.pk]) not in page
    assert reverse("portal:certificate", args=[starts_today.pk, enrolment.pk]) not in page
    for address in (
        reverse("portal:session_certificates", args=[starts_today.pk]),
        reverse("portal:certificate", args=[starts_today.pk, enrolment.pk]),
    ):
        response = trainer_client.get(address)
        assert response.status_code == 302
        assert response["Location"] == reverse("trainings:session_detail", args=[starts_today.pk])


def test_certificates_from_the_last_day_on(trainer_client, campaign, venue, trainer):
    session = TrainingSessionFactory(
        campaign=campaign,
        venue=venue,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        days=2,
        trainers=[trainer],
    )
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)
    AttendanceFactory(enrolment=enrolment, day=2, present=True)
    response = trainer_client.get(reverse("portal:certificate", args=[session.pk, enrolment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("present", "state"), [(None, "not recorded"), (True, "present"), (False, "absent")])
def test_attendance_button_names_day_and_state(trainer_client, session, present, state):
    enrolment = EnrolmentFactory(session=session)
    if present is not None:
        AttendanceFactory(enrolment=enrolment, day=1, present=present)
    html = trainer_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()
    buttons = re.findall(r"<button[^>]*attendance-toggle[^>]*>", html)
    assert len(buttons) == 2
    assert f'aria-label="Day 1, {enrolment.deputy.full_name}: {state}"' in buttons[0]
    # A pressed / not pressed state would hide the third state ("not recorded" or "absent").
    assert not any("aria-pressed" in button for button in buttons)


def test_toggled_button_answers_with_its_new_state(trainer_client, session):
    enrolment = EnrolmentFactory(session=session)
    response = trainer_client.post(
        reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 2]),
        {"present": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'aria-label="Day 2, {enrolment.deputy.full_name}: present"' in html
    assert f'aria-label="Day 1, {enrolment.deputy.full_name}: not recorded"' in html


def test_the_device_copy_has_the_days_to_come_hidden(trainer_client, starts_today):
    """The page a device keeps offline has day 2's buttons, hidden until the device's date reaches it."""
    address = reverse("trainings:session_detail", args=[starts_today.pk])
    online = trainer_client.get(address).content.decode()
    assert '/days/2/" data-day' not in online
    assert "data-device-copy" not in online
    copy = trainer_client.get(address, {"device_copy": "1"}).content.decode()
    assert re.search(r'<form [^>]*/days/2/" data-day="2" hidden', copy)
    assert re.search(r'<form [^>]*/days/1/" data-day="1"\s', copy)
    assert re.search(r'data-mark-all-day="2" hidden', copy)
    today = timezone.localdate().isoformat()
    assert f'data-start-date="{today}" data-time-zone="Asia/Bishkek" data-device-copy' in copy
    # Hidden, day 2's button already says what it will show: not recorded, not "not yet".
    assert re.search(r'/days/2/.*?aria-label="Day 2, [^"]*: not recorded"', copy, re.S)

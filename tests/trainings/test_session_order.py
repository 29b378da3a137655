"""The session list starts with what is running or coming (soonest first); sessions that are over follow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_running_and_coming_sessions_first_then_the_past_latest_first(trainer_client, campaign, trainer):
    today = timezone.localdate()

    def on(code, offset, days=2):
        TrainingSessionFactory(
            campaign=campaign, code=code, start_date=today + datetime.timedelta(days=offset), days=days,
            trainers=[trainer],
        )  # fmt: skip

    on("LONG-AGO", -400)
    on("NEXT-MONTH", 30)
    on("ENDED-YESTERDAY", -2)
    on("RUNNING", -1)  # day 2 is today
    on("TOMORROW", 1)
    on("LAST-WEEK", -7)
    response = trainer_client.get(reverse("trainings:session_list"))
    assert [session.code for session in response.context["sessions"]] == [
        "RUNNING",
        "TOMORROW",
        "NEXT-MONTH",
        "ENDED-YESTERDAY",
        "LAST-WEEK",
        "LONG-AGO",
    ]


def test_venue_and_status_are_not_hidden_on_phones(trainer_client, session):
    html = trainer_client.get(reverse("trainings:session_list")).content.decode()
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert f'<td data-label="Venue"><div>{session.venue.name}' in row
    assert '<td data-label="Status"><span class="badge' in row
    assert "d-none d-md-table-cell" not in row
    assert "d-none d-sm-table-cell" not in row

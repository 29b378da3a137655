"""Home page: a trainer finds today's and the next sessions first, each one tap from attendance and scores."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingSessionFactory, VenueFactory
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


def session_on(offset, trainer, **fields):
    start = timezone.localdate() + datetime.timedelta(days=offset)
    return TrainingSessionFactory(start_date=start, days=2, trainers=[trainer], **fields)


def section(html, name):
    start = html.index(f'data-section="{name}"')
    return html[start : html.index("</section>", start)]


def test_trainer_sees_todays_session_with_links_to_attendance_and_scores(trainer_client, trainer):
    venue = VenueFactory(name="Кемин, маданият үйү")
    running = session_on(-1, trainer, code="S-NOW", venue=venue)
    html = trainer_client.get(reverse("home")).content.decode()
    today = section(html, "today")
    assert "Session S-NOW" in today
    assert "Today: day 2 of 2" in today
    assert "Кемин, маданият үйү" in today
    assert "planned" in today
    assert f'href="{reverse("trainings:session_detail", args=[running.pk])}#roster-heading"' in today
    assert f'href="{reverse("assessments:score_grid", args=[running.pk])}"' in today
    assert html.index('data-section="today"') < html.index('class="lead"')


def test_upcoming_sessions_soonest_first_without_others_or_past_or_cancelled(trainer_client, trainer, other_trainer):
    session_on(20, trainer, code="S-LATER")
    session_on(3, trainer, code="S-SOON")
    session_on(-5, trainer, code="S-OVER")
    session_on(4, trainer, code="S-CANCELLED", status=TrainingSession.Status.CANCELLED)
    session_on(2, other_trainer, code="S-NOT-MINE")
    html = trainer_client.get(reverse("home")).content.decode()
    upcoming = section(html, "upcoming")
    assert upcoming.index("S-SOON") < upcoming.index("S-LATER")
    for code in ("S-OVER", "S-CANCELLED", "S-NOT-MINE"):
        assert code not in html
    assert "No training today." in section(html, "today")


def test_trainer_without_sessions_gets_a_friendly_sentence(trainer_client, trainer):
    session_on(-30, trainer, code="S-OVER")
    html = trainer_client.get(reverse("home")).content.decode()
    assert "You have no training sessions today or coming up." in section(html, "today")
    assert 'data-section="upcoming"' not in html


def test_organiser_home_keeps_its_sections_and_adds_the_sessions_ahead(organiser_client, trainer):
    session_on(0, trainer, code="S-TODAY")
    html = organiser_client.get(reverse("home")).content.decode()
    assert "S-TODAY" in section(html, "today")
    assert f'href="{reverse("trainings:campaign_list")}"' in html


def test_organiser_with_nothing_ahead_sees_no_empty_sessions_block(organiser_client):
    html = organiser_client.get(reverse("home")).content.decode()
    assert 'data-section="today"' not in html

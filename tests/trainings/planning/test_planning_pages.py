"""The planning pages end to end on the embedded default (tasks in process): inputs from the database, a run,
accepting it (exactly its sessions and invitations) and refusing a stale plan (nothing created)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.celery import app as celery_app
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    InvitationFactory,
    TrainingSessionFactory,
    VenueFactory,
)
from trainings.models import Invitation, PlanRun, TrainerProfile, TrainingSession
from trainings.planning.accept import accept_plan
from trainings.planning.check import check_plan
from trainings.planning.inputs import PlanInputs
from trainings.planning.plan import Plan

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plans_solved_in_the_request():
    """The page flow is what these tests follow: the run is solved in the request, as on the embedded default,
    also in the PostgreSQL pass where tasks would otherwise wait for a worker (the task itself is the same)."""
    # The app reads Django's CELERY_* settings, so the key carries their prefix.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    celery_app.conf.update(CELERY_TASK_ALWAYS_EAGER=eager)


@pytest.fixture
def setup(organiser, trainer, other_trainer):
    campaign = CampaignFactory(code="PLAN-2021", start=datetime.date(2021, 5, 24), end=datetime.date(2021, 6, 5))
    district = DistrictFactory()
    councils = [CouncilFactory(district=district) for _ in range(3)]
    for council in councils:
        ElectionFactory(council=council, seats=11)
        DeputyFactory.create_batch(3, council=council, convocation=2021)
    venue = VenueFactory(district=district, capacity=25)
    for user in (trainer, other_trainer):
        TrainerProfile.objects.create(user=user).regions.add(district.region)
    return campaign, councils, venue


def _post_plan(client, campaign, **extra):
    data = {"first": "2021-05-24", "last": "2021-06-05", "trainers_per_session": "2", "trip": "region_fallback",
            "max_sessions_per_week": "2", "time_limit": "5", **extra}  # fmt: skip
    return client.post(reverse("trainings:planning", args=[campaign.code]), data)


def test_a_run_proposes_a_plan_and_accepting_creates_exactly_it(client, organiser, setup):
    campaign, councils, venue = setup
    client.force_login(organiser)
    response = _post_plan(client, campaign)
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:plan_run", args=[run.pk])
    assert run.status == PlanRun.Status.DONE
    inputs, plan = PlanInputs.from_json(run.inputs), Plan.from_json(run.plan)
    assert check_plan(inputs, plan) == []
    assert len(plan.sessions) == 2  # 33 places in a hall of 25
    page = client.get(reverse("trainings:plan_run", args=[run.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('name="lock"') == 2
    assert TrainingSession.objects.count() == 0  # nothing before accepting

    response = client.post(reverse("trainings:plan_accept", args=[run.pk]))
    assert response.status_code == 302
    created = {
        (s.venue_id, s.start_date, tuple(sorted(t.pk for t in s.trainers.all())), s.days)
        for s in TrainingSession.objects.filter(campaign=campaign)
    }
    assert created == {(s.venue_id, s.start, s.trainer_ids, 2) for s in plan.sessions}
    invited = {(i.session.venue_id, i.session.start_date, i.council_id, i.places) for i in Invitation.objects.all()}
    assert invited == {(s.venue_id, s.start, k, places) for s in plan.sessions for k, places in s.councils}
    run.refresh_from_db()
    assert run.status == PlanRun.Status.ACCEPTED
    with pytest.raises(ValidationError):
        accept_plan(run=run, user=organiser)  # once only


def test_a_stale_plan_is_refused_and_nothing_is_created(client, organiser, setup):
    campaign, councils, venue = setup
    client.force_login(organiser)
    _post_plan(client, campaign)
    run = PlanRun.objects.get()
    elsewhere = TrainingSessionFactory(campaign=campaign, code="HAND-1", start_date=datetime.date(2021, 7, 1))
    InvitationFactory(session=elsewhere, council=councils[0], places=3)
    before = (TrainingSession.objects.count(), Invitation.objects.count())
    response = client.post(reverse("trainings:plan_accept", args=[run.pk]), follow=True)
    assert "was invited to a session meanwhile" in response.content.decode()
    assert (TrainingSession.objects.count(), Invitation.objects.count()) == before
    run.refresh_from_db()
    assert run.status == PlanRun.Status.DONE


def test_locking_and_running_again_keeps_the_ticked_session(client, organiser, setup):
    campaign, _councils, _venue = setup
    client.force_login(organiser)
    _post_plan(client, campaign)
    first = PlanRun.objects.get()
    kept = Plan.from_json(first.plan).sessions[1]
    response = client.post(reverse("trainings:plan_rerun", args=[first.pk]), {"lock": [kept.key]})
    second = PlanRun.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("trainings:plan_run", args=[second.pk])
    plan = Plan.from_json(second.plan)
    assert check_plan(PlanInputs.from_json(second.inputs), plan) == []
    again = [s for s in plan.sessions if s.key == kept.key]
    assert again[0].locked
    assert again[0].council_ids == kept.council_ids


def test_bad_input_is_explained_and_nothing_is_planned(client, organiser, setup):
    campaign, _councils, venue = setup
    client.force_login(organiser)
    venue.archived = True
    venue.save()
    _post_plan(client, campaign)
    run = PlanRun.objects.get()
    assert run.status == PlanRun.Status.FAILED
    page = client.get(reverse("trainings:plan_run", args=[run.pk])).content.decode()
    assert "There is no venue to plan with" in page
    response = _post_plan(client, campaign, first="2021-06-05", last="2021-05-24", places="0")
    assert response.status_code == 200
    assert PlanRun.objects.count() == 1
    errors = response.context["form"].errors
    assert "last" in errors
    assert "places" in errors
    response = _post_plan(client, campaign, closed_days="2021-13-01 tomorrow")
    assert "not days written as YYYY-MM-DD: 2021-13-01, tomorrow" in response.content.decode()


def test_the_campaign_page_and_the_menu_lead_to_planning(client, organiser, setup):
    campaign, _councils, _venue = setup
    client.force_login(organiser)
    address = reverse("trainings:planning", args=[campaign.code])
    assert address in client.get(reverse("trainings:campaign_detail", args=[campaign.code])).content.decode()
    assert reverse("trainings:planning_index") in client.get(reverse("home")).content.decode()
    page = client.get(address)
    assert page.status_code == 200
    assert "3 target councils are not invited yet." in page.content.decode()

"""Trainer workload: sessions and days per trainer, per campaign and per month, worked out by hand."""

import datetime

import pytest
from django.urls import reverse

from portal.trainers.selectors import Load, trainer_workload
from tests.factories import CampaignFactory, TrainingSessionFactory
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(trainer, other_trainer):
    spring = CampaignFactory(code="SPRING", start=datetime.date(2021, 5, 1), end=datetime.date(2021, 7, 31))
    autumn = CampaignFactory(code="AUTUMN", start=datetime.date(2021, 9, 1), end=datetime.date(2021, 10, 31))
    # Trainer: 2 days in May; 3 days from 31 May (1 in May, 2 in June); 2 days in September; and a
    # cancelled session that counts for nothing. Other trainer: the 31 May session only.
    TrainingSessionFactory(campaign=spring, code="A", start_date=datetime.date(2021, 5, 24), days=2, trainers=[trainer])
    TrainingSessionFactory(campaign=spring, code="B", start_date=datetime.date(2021, 5, 31), days=3,
                           trainers=[trainer, other_trainer])  # fmt: skip
    TrainingSessionFactory(campaign=autumn, code="C", start_date=datetime.date(2021, 9, 6), days=2, trainers=[trainer])
    TrainingSessionFactory(campaign=spring, code="X", start_date=datetime.date(2021, 6, 7), days=2, trainers=[trainer],
                           status=TrainingSession.Status.CANCELLED)  # fmt: skip
    return spring, autumn


def test_workload_per_campaign_and_month(campaigns, trainer, other_trainer):
    loads = {load.trainer_id: load for load in trainer_workload()}

    mine = loads[trainer.pk]
    assert mine.total == Load(sessions=3, days=7)
    assert mine.by_campaign == {"AUTUMN": Load(1, 2), "SPRING": Load(2, 5)}
    assert mine.by_month == {
        datetime.date(2021, 5, 1): Load(sessions=2, days=3),
        datetime.date(2021, 6, 1): Load(sessions=0, days=2),
        datetime.date(2021, 9, 1): Load(sessions=1, days=2),
    }
    theirs = loads[other_trainer.pk]
    assert theirs.total == Load(1, 3)
    assert theirs.by_month == {datetime.date(2021, 5, 1): Load(1, 1), datetime.date(2021, 6, 1): Load(0, 2)}


def test_workload_of_one_campaign(campaigns, trainer):
    spring, _autumn = campaigns
    (mine, _theirs) = sorted(trainer_workload(campaign=spring), key=lambda load: load.trainer_id != trainer.pk)
    assert mine.total == Load(2, 5)
    assert list(mine.by_campaign) == ["SPRING"]


def test_workload_page_filters_by_campaign(client, organiser, campaigns):
    client.force_login(organiser)
    response = client.get(reverse("trainers:workload"), {"campaign": "AUTUMN"})
    assert response.status_code == 200
    assert [(load.name, load.total) for load in response.context["loads"]] == [("Асанов Бакыт", Load(1, 2))]


@pytest.mark.parametrize("count", [1, 3])
def test_workload_page_queries_do_not_grow_with_sessions(client, organiser, trainer, count, django_assert_num_queries):
    for number in range(count):
        TrainingSessionFactory(code=f"W{number}", trainers=[trainer])
    client.force_login(organiser)
    with django_assert_num_queries(5):
        response = client.get(reverse("trainers:workload"))
    assert response.context["loads"][0].total.sessions == count


def test_workload_page_shows_trainers_a_page_at_a_time_and_keeps_the_campaign(
    client, organiser, campaigns, monkeypatch
):
    from portal.trainers import views

    monkeypatch.setattr(views, "WORKLOAD_PAGE_SIZE", 1)
    client.force_login(organiser)

    first = client.get(reverse("trainers:workload"), {"campaign": "SPRING"})
    second = client.get(reverse("trainers:workload"), {"campaign": "SPRING", "page": "2"})

    assert [load.name for load in first.context["loads"]] == ["Асанов Бакыт"]
    assert 'href="?campaign=SPRING&amp;page=2"' in first.content.decode()
    assert len(second.context["loads"]) == 1
    assert second.context["loads"][0].name != "Асанов Бакыт"

"""The generated register's shape: seats per council, women per council, and the 2021 register's size."""

import random
from collections import Counter

import pytest
from django.core.management import call_command

from councils.models import Council, Deputy, Election
from demo import register
from demo.campaign import build_campaign
from tests.demo.conftest import SMALL_PLAN, participants_of
from trainings.models import Campaign


def test_quota_minimum_rounds_thirty_percent_up():
    assert [register.quota_minimum(seats) for seats in (10, 11, 15, 20, 21, 25)] == [3, 4, 5, 6, 7, 8]


def test_reserved_seats_keep_each_sex_at_thirty_percent_at_least():
    rng = random.Random(1)
    for seats in (11, 15, 25):
        for _ in range(200):
            women = register.draw_women(rng, seats, (0.0, 1.0), seat_quota=True)
            assert register.quota_minimum(seats) <= women <= seats - register.quota_minimum(seats)


def test_a_list_quota_lets_a_council_fall_below_thirty_percent():
    rng = random.Random(1)
    shares = [register.draw_women(rng, 25, (0.15, 0.40), seat_quota=False) / 25 for _ in range(200)]
    assert min(shares) < 0.3 < max(shares)


def test_fit_total_reaches_the_total_with_odd_sizes_in_range():
    rng = random.Random(3)
    sizes = [register.draw_seats(rng, Council.Kind.AIYL) for _ in range(420)]
    fitted = register.fit_total(rng, sizes, 7560)
    assert sum(fitted) == 7560
    assert all(size % 2 == 1 and 11 <= size <= 25 for size in fitted)


def test_fit_total_refuses_an_impossible_total():
    with pytest.raises(ValueError, match="cannot hold"):
        register.fit_total(random.Random(0), [11, 13], 25)  # two odd sizes never add up to an odd total
    with pytest.raises(ValueError, match="cannot hold"):
        register.fit_total(random.Random(0), [11, 13], 100)


@pytest.mark.django_db
def test_no_aiyl_kenesh_of_a_generated_campaign_falls_below_the_quota(small_councils):
    build_campaign(SMALL_PLAN)
    rows = Deputy.objects.filter(convocation=SMALL_PLAN.convocation, council__kind=Council.Kind.AIYL)
    women, total = Counter(), Counter()
    for council_id, gender in rows.values_list("council_id", "gender"):
        total[council_id] += 1
        women[council_id] += gender == "F"
    assert len(total) == SMALL_PLAN.aiyl_councils_with_elections
    assert all(10 * women[council] >= 3 * total[council] for council in total)


@pytest.mark.django_db
def test_seed_demo_builds_the_2021_register(press_release_councils):
    call_command("seed_demo", verbosity=0)
    campaign = Campaign.objects.get(code="VOICE-2021")
    deputies = Deputy.objects.filter(convocation=2021)
    aiyl = deputies.filter(council__kind=Council.Kind.AIYL)
    aiyl_seats = Election.objects.filter(convocation=2021, council__kind=Council.Kind.AIYL)
    assert aiyl.count() == 7560 == sum(aiyl_seats.values_list("seats", flat=True))
    assert 0.36 <= deputies.filter(gender="F").count() / deputies.count() <= 0.40
    assert 0.13 <= participants_of(campaign).count() / deputies.count() <= 0.15

"""The synthetic benchmark load (generate_load)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councils.models import Deputy
from demo.campaign import build_campaign
from demo.synthetic import generate_load
from tests.demo.conftest import SMALL_PLAN, fingerprint, participants_of
from tests.factories import CouncilFactory
from trainings.models import Campaign

pytestmark = pytest.mark.django_db


def test_generate_load_makes_campaigns_of_the_asked_size(small_councils):
    call_command("generate_load", "--participants", "300", "--per-campaign", "100", stdout=StringIO())
    campaigns = Campaign.objects.filter(code__startswith="LOAD-").order_by("code")
    assert list(campaigns.values_list("code", flat=True)) == ["LOAD-001", "LOAD-002", "LOAD-003"]
    assert [participants_of(campaign).count() for campaign in campaigns] == [100, 100, 100]
    assert len(set(campaigns.values_list("convocation", flat=True))) == 3


def test_generate_load_replaces_only_its_own_data(small_councils):
    build_campaign(SMALL_PLAN)
    demo = fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation)
    generate_load(300, per_campaign=100)
    first = [fingerprint(f"LOAD-00{n}", 3000 + n) for n in (1, 2, 3)]
    generate_load(200, per_campaign=100)
    assert Campaign.objects.filter(code__startswith="LOAD-").count() == 2
    assert [fingerprint(f"LOAD-00{n}", 3000 + n) for n in (1, 2)] == first[:2]
    assert Deputy.objects.filter(convocation=3003).count() == 0
    assert fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation) == demo


def test_generate_load_refuses_without_councils():
    with pytest.raises(CommandError, match="run load_reference_data first"):
        call_command("generate_load", "--participants", "100", stdout=StringIO())


def test_council_factory_councils_are_enough_for_a_tiny_load():
    for _ in range(3):
        CouncilFactory()
    generate_load(10, per_campaign=10)
    assert participants_of(Campaign.objects.get(code="LOAD-001")).count() == 10

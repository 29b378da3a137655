"""`manage.py bench_dashboard` measures the dashboard against the login page and prints JSON."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command

from demo.management.commands.bench_dashboard import BENCH_USERNAME
from tests.portal.conftest import build_report_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_campaign():
    cache.clear()  # dashboard figures are cached by data version; measure without them
    return build_report_campaign(code="VOICE-TEST")["campaign"]


def test_prints_the_medians_and_removes_its_account(report_campaign, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    out = StringIO()
    call_command("bench_dashboard", campaign=report_campaign.code, requests=3, warmup=1, stdout=out)
    result = json.loads(out.getvalue())
    assert result["campaign"] == report_campaign.code
    assert result["campaign_enrolments"] == 11
    assert result["requests"] == 3
    assert result["dashboard"]["median_ms"] > 0
    assert result["login"]["median_ms"] > 0
    assert result["ratio"] == round(result["dashboard"]["median_ms"] / result["login"]["median_ms"], 2)
    assert not get_user_model().objects.filter(username=BENCH_USERNAME).exists()


def test_unknown_campaign_is_an_error(db):
    with pytest.raises(CommandError, match="No campaign with the code"):
        call_command("bench_dashboard", campaign="NOPE", requests=1)

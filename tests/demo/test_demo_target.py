"""VOICE-2021 reproduces the press release: 411 of the 420 aiyl keneshes, Kemin outside the target, 1052
deputies, knowledge up by 51 % (DESIGN §3)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_voice_2021_target_figures_in_the_stats_summary_json():
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("stats_summary", "--campaign", "VOICE-2021", "--format", "json", stdout=out, stderr=StringIO())
    figures = json.loads(out.getvalue())
    assert figures["target_councils"] == 420
    assert figures["target_covered"] == 411
    assert figures["councils_covered_outside_target"] == 1
    assert figures["coverage_pct"] == pytest.approx(100 * 411 / 420)  # 97.857…
    assert figures["councils_with_elections"] == 421
    # The rest of the press release: 1052 deputies trained, knowledge up by 51 %.
    assert figures["participants"] == 1052
    assert round(figures["knowledge_growth_pct"]) == 51

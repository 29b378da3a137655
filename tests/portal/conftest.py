"""A small campaign with known figures for the dashboard and report tests."""

import pytest
from django.core.cache import cache

from assessments.statistics.snapshots import recompute
from tests.assessments.stats_data import add_participant, two_region_campaign

# (session, council, pre, post, sex, birth year, days present): region A = councils 0 and 1 (8 matched pairs),
# region B = council 2 (3 pairs: a small cell).
PARTICIPANTS = [
    (0, 0, 10, 15, "F", 1990, (True, True)),
    (0, 0, 8, 12, "M", 1980, (True, True)),
    (0, 1, 12, 16, "F", 1975, (True, True)),
    (1, 1, 6, 14, "M", 1960, (True, True)),
    (1, 0, 9, 9, "F", 1988, (True, False)),
    (1, 1, 11, 13, "M", 1970, (True, True)),
    (0, 0, 7, 15, "M", 1985, (True, True)),
    (1, 0, 14, 18, "F", 1995, (True, True)),
    (0, 2, 10, 12, "M", 1966, (True, True)),
    (1, 2, 5, 11, "F", 1979, (True, True)),
    (1, 2, 13, 17, "M", 1982, (True, True)),
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboard figures are cached by data version; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def build_report_campaign(**fields):
    data = two_region_campaign(**fields)
    data["enrolments"] = [
        add_participant(data["sessions"][s], data["councils"][c], pre=pre, post=post, gender=sex, birth_year=year,
                        days=days)
        for s, c, pre, post, sex, year, days in PARTICIPANTS
    ]  # fmt: skip
    recompute([data["campaign"].pk])
    data["campaign"].refresh_from_db()
    return data


@pytest.fixture
def report_data(db):
    return build_report_campaign(code="VOICE-TEST")


@pytest.fixture
def report_campaign(report_data):
    return report_data["campaign"]

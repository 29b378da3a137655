"""Dates in addresses (calendar month, session list filters, convocation): odd values never answer 500."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def month_links(content):
    """{"prev" | "next": month} of the calendar's links to other months."""
    return {rel: month for month, rel in re.findall(r'href="\?month=([\d-]+)" rel="(prev|next)"', content)}


def calendar(client, month):
    return client.get(reverse("trainings:session_calendar"), {"month": month})


@pytest.mark.parametrize(
    ("asked", "shown", "links"),
    [
        ("0001-01", "January 1900", {"next": "1900-02"}),
        ("1899-12", "January 1900", {"next": "1900-02"}),
        ("1900-01", "January 1900", {"next": "1900-02"}),
        ("9999-12", "December 2100", {"prev": "2100-11"}),
        ("2100-12", "December 2100", {"prev": "2100-11"}),
        ("2021-05", "May 2021", {"prev": "2021-04", "next": "2021-06"}),
    ],
)
def test_calendar_months_are_kept_within_bounds(organiser_client, session, asked, shown, links):
    response = calendar(organiser_client, asked)

    assert response.status_code == 200
    content = response.content.decode()
    assert f">{shown}</h1>" in content
    assert month_links(content) == links


@pytest.mark.parametrize("asked", ["0001-01", "9999-12"])
def test_a_month_out_of_bounds_says_so(organiser_client, asked):
    content = calendar(organiser_client, asked).content.decode()

    assert "The calendar shows the months from 1900-01 to 2100-12." in content


@pytest.mark.parametrize("asked", ["garbage", "2021-13", "2021-00", "10000-01", "-1-01", "2021"])
def test_a_month_that_is_no_month_shows_the_default_with_a_message(organiser_client, session, asked):
    response = calendar(organiser_client, asked)

    assert response.status_code == 200
    assert "The month must be given as YYYY-MM, e.g. 2021-11." in response.content.decode()
    assert ">May 2021</h1>" in response.content.decode()  # the month of the latest session


def test_trainer_calendar_at_the_bounds(trainer_client, session):
    assert calendar(trainer_client, "0001-01").status_code == 200
    assert calendar(trainer_client, "9999-12").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "garbage", "date_to": "10000-01-01"},
        {"date_from": "31.12.9999"},
    ],
)
def test_session_list_date_filters_never_fail(organiser_client, session, query):
    response = organiser_client.get(reverse("trainings:session_list"), query)

    assert response.status_code == 200


def test_session_list_wide_date_range_still_lists_the_session(organiser_client, session):
    query = {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    assert session.code in organiser_client.get(reverse("trainings:session_list"), query).content.decode()


@pytest.mark.parametrize("convocation", ["1", "9999", "garbage", "9" * 30])
def test_council_pages_odd_convocation(organiser_client, convocation):
    assert organiser_client.get(reverse("councils:region_list"), {"convocation": convocation}).status_code == 200

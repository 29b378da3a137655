"""The test editor's page shows each question's item analysis: the figures of `statistics.items`, the
review flags with their reasons, and counts only for a phase that fewer than 5 participants took."""

import re

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from assessments.statistics import items
from tests.assessments.item_data import POST, PRE, item_campaign

pytestmark = pytest.mark.django_db


def editor(client, instrument, language="ru"):
    response = client.get(reverse("assessments:instrument_update", args=[instrument.pk]),
                          HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 200
    return response


def row_html(response, data, number) -> str:
    row_id = f'id="item-{data["instrument"].pk}-{data["campaign"].pk}-{number}"'
    html = response.content.decode()
    match = re.search(re.escape(row_id) + r".*?</tr>", html, re.S)
    assert match, f"no row for question {number}"
    return match.group(0)


def cells(row: str) -> list[str]:
    """The visible text of each cell of a row, whitespace collapsed."""
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


def ru_number(value, decimals=1) -> str:
    text = f"{abs(value):.{decimals}f}".replace(".", ",")
    return ("\u2212" + text) if round(value, decimals) < 0 else text


def test_page_shows_the_figures_of_the_item_analysis(organiser_client):
    data = item_campaign()
    pre, post = items.item_analysis(np.array(PRE)), items.item_analysis(np.array(POST))
    response = editor(organiser_client, data["instrument"])

    (table,) = response.context["item_tables"]
    assert table["phases"] == {
        "pre": {"respondents": 6, "small_cell": False, "kr20": pre["kr20"]},
        "post": {"respondents": 6, "small_cell": False, "kr20": post["kr20"]},
    }
    for position, row in enumerate(table["questions"]):
        assert row["number"] == position + 1
        assert row["facility_pre_pct"] == pytest.approx(100 * pre["facility"][position], rel=1e-12)
        assert row["facility_post_pct"] == pytest.approx(100 * post["facility"][position], rel=1e-12)
        change = 100 * (post["facility"][position] - pre["facility"][position])
        assert row["facility_change_pp"] == pytest.approx(change, abs=1e-9)
        assert row["discrimination_pre"] == pre["discrimination"][position]
        assert row["discrimination_post"] == post["discrimination"][position]
    assert [row["flags"] for row in table["questions"]] == [["easy_on_pre"], [], [], ["low_discrimination"]]

    # Question 3 as the page prints it (Russian: decimal comma), text and topic in Russian.
    with translation.override("ru"):
        topic = data["topics"][0].name
    assert cells(row_html(response, data, 3)) == [
        "3",
        "Вопрос 3",
        topic,
        ru_number(100 * pre["facility"][2]),
        ru_number(100 * post["facility"][2]),
        "+" + ru_number(100 * (post["facility"][2] - pre["facility"][2])),
        ru_number(pre["discrimination"][2], 2),
        ru_number(post["discrimination"][2], 2),
        "—",
    ]
    page = " ".join(editor(organiser_client, data["instrument"], "en").content.decode().split())
    assert f"6 participants answered; reliability (KR-20) {pre['kr20']:.2f}" in page
    assert f"6 participants answered; reliability (KR-20) {post['kr20']:.2f}" in page


def test_flagged_questions_are_marked_in_words_not_only_colour(organiser_client):
    data = item_campaign()
    response = editor(organiser_client, data["instrument"], "en")
    easy, plain, weak = (row_html(response, data, number) for number in (1, 2, 4))
    assert 'class="table-warning item-flagged"' in easy
    assert "⚑" in cells(easy)[0]
    assert "Easy before training: more than 90% answered it correctly on the pre-test" in cells(easy)[-1]
    assert cells(easy)[4:6] == ["83.3", "−16.7"]
    assert cells(easy)[6] == "—"  # everybody right: the question cannot discriminate
    assert "Weak discrimination (below 0.2)" in cells(weak)[-1]
    assert "item-flagged" not in plain
    assert cells(plain)[-1] == "—"
    # The question's card in the form below says it too.
    assert response.content.decode().count("⚑ Review</span>") == 2


def test_question_text_follows_the_language(organiser_client):
    data = item_campaign()
    assert cells(row_html(editor(organiser_client, data["instrument"], "ky"), data, 2))[1] == "Суроо 2"
    assert cells(row_html(editor(organiser_client, data["instrument"], "en"), data, 2))[1] == "Вопрос 2"


def test_a_phase_with_fewer_than_five_respondents_shows_counts_only(organiser_client):
    # Six took the pre-test, three of them the post-test.
    data = item_campaign(post=POST[:3])
    expected = items.item_analysis(np.array(POST[:3]))
    response = editor(organiser_client, data["instrument"], "en")
    (table,) = response.context["item_tables"]
    assert table["phases"]["post"] == {"respondents": 3, "small_cell": True, "kr20": None}
    assert expected["kr20"] is not None  # computed, but not shown
    for position, row in enumerate(table["questions"]):
        assert row["correct_post"] == round(3 * expected["facility"][position])
        assert (row["facility_post_pct"], row["discrimination_post"], row["facility_change_pp"]) == (None, None, None)
    row = cells(row_html(response, data, 4))
    assert row[4:8] == ["2 of 3", "—", "0.00", "—"]
    assert "3 participants answered — too few for figures" in " ".join(response.content.decode().split())


def test_page_without_entered_answers_says_what_is_needed(organiser_client):
    data = item_campaign(pre=[], post=[])
    response = editor(organiser_client, data["instrument"], "en")
    assert response.context["item_tables"] == []
    assert "No answers to single questions have been entered for this test yet." in response.content.decode()


@pytest.mark.parametrize("client_name", ["staff_client", "trainer_client"])
def test_only_organisers_open_the_test_editor(request, client_name):
    data = item_campaign()
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("assessments:instrument_update", args=[data["instrument"].pk])).status_code == 403

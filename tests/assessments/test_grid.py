"""The score grid through the real views: saving, validation, conflicts, summary, read-only staff view."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assessments.models import TestResult as Result
from trainings.models import Campaign

pytestmark = pytest.mark.django_db


def cell_url(session, enrolment, phase):
    return reverse("assessments:score_cell", args=[session.pk, enrolment.pk, phase])


def post_cell(client, session, enrolment, phase, score, version=0):
    return client.post(
        cell_url(session, enrolment, phase), {"score": score, "version": version}, HTTP_HX_REQUEST="true"
    )


def test_grid_lists_every_participant_with_inputs(trainer_client, session, enrolments):
    response = trainer_client.get(reverse("assessments:score_grid", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="form-control form-control-sm score-input') == 6
    assert [row.enrolment.deputy.last_name for row in response.context["rows"]] == [
        "Абдыкадырова",
        "Бекова",
        "Васильев",
    ]


def test_typed_score_is_saved_with_decimal_comma(trainer_client, trainer, session, enrolments):
    response = post_cell(trainer_client, session, enrolments[0], "pre", "12,5")
    assert response.status_code == 200
    result = Result.objects.get(enrolment=enrolments[0], phase="pre")
    assert (result.score, result.max_score, result.version, result.entered_by, result.source) == (
        Decimal("12.5"),
        Decimal("20"),
        1,
        trainer,
        "grid",
    )
    html = response.content.decode()
    assert 'value="12.5"' in html
    assert 'name="version" value="1"' in html
    assert '<div id="grid-summary"' in html
    assert f'<span id="change-{enrolments[0].pk}" hx-swap-oob="true">' in html


def test_saving_marks_the_campaign_changed(trainer_client, session, enrolments):
    before = Campaign.objects.get(pk=session.campaign_id).data_version
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    assert Campaign.objects.get(pk=session.campaign_id).data_version == before + 1


def test_update_needs_the_current_version(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    post_cell(trainer_client, session, enrolments[0], "pre", "11", version=1)
    result = Result.objects.get(enrolment=enrolments[0], phase="pre")
    assert (result.score, result.version) == (Decimal("11"), 2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("21", "Enter a score from 0 to 20."), ("-1", "Enter a score from 0 to 20."), ("abc", "Enter a number.")],
)
def test_bad_values_are_rejected_inline(trainer_client, session, enrolments, typed, message):
    response = post_cell(trainer_client, session, enrolments[0], "pre", typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in html
    assert message in html
    assert f'value="{typed}"' in html
    assert Result.objects.count() == 0


def test_stale_version_is_a_conflict_showing_both_values(trainer_client, organiser, session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=14, max_score=20, entered_by=organiser)
    response = post_cell(trainer_client, session, enrolments[0], "pre", "12", version=0)
    html = response.content.decode()
    assert "Айгүл Осмонова saved 14 meanwhile." in html
    assert "Yours: 12." in html
    assert "Keep mine" in html
    assert "Keep theirs" in html
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("14")


def test_keep_mine_after_a_conflict_saves_over_the_newer_version(trainer_client, organiser, session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=14, max_score=20, entered_by=organiser)
    post_cell(trainer_client, session, enrolments[0], "pre", "12", version=1)
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("12")


def test_conflicting_update_of_an_edited_score(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    post_cell(trainer_client, session, enrolments[0], "pre", "11", version=1)  # another tab
    response = post_cell(trainer_client, session, enrolments[0], "pre", "9", version=1)
    assert "saved 11 meanwhile" in response.content.decode()
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("11")


def test_same_value_with_an_old_version_is_not_a_conflict(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    response = post_cell(trainer_client, session, enrolments[0], "pre", "10", version=0)
    assert "meanwhile" not in response.content.decode()
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").version == 1


def test_blank_deletes_the_score(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    post_cell(trainer_client, session, enrolments[0], "pre", "", version=1)
    assert Result.objects.filter(enrolment=enrolments[0]).count() == 0


def test_summary_shows_counts_only_below_five_pairs(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    response = post_cell(trainer_client, session, enrolments[0], "post", "15")
    summary = response.context["summary"]
    assert (summary.matched, summary.pre_only, summary.post_only, summary.pre_mean_pct) == (1, 0, 0, None)
    assert "Means appear from 5 matched pairs." in response.content.decode()


def test_summary_gives_growth_from_five_pairs(trainer_client, session, enrolments):
    from tests.factories import EnrolmentFactory

    more = enrolments + [EnrolmentFactory(session=session) for _ in range(2)]
    for enrolment in more:
        Result.objects.create(enrolment=enrolment, phase="pre", score=10, max_score=20)
    for enrolment in more[:-1]:
        Result.objects.create(enrolment=enrolment, phase="post", score=15, max_score=20)
    response = post_cell(trainer_client, session, more[-1], "post", "16", version=0)
    summary = response.context["summary"]
    assert summary.matched == 5
    assert summary.pre_mean_pct == 50.0
    assert summary.post_mean_pct == pytest.approx(76.0)
    assert summary.knowledge_growth_pct == pytest.approx(52.0)
    assert '<strong data-summary="growth">52.0%</strong>' in response.content.decode()


def test_cell_response_updates_the_rows_change(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    response = post_cell(trainer_client, session, enrolments[0], "post", "13,5")
    assert f'<span id="change-{enrolments[0].pk}" hx-swap-oob="true">+13.5' not in response.content.decode()
    assert f'<span id="change-{enrolments[0].pk}" hx-swap-oob="true">+3.5</span>' in response.content.decode()


def test_without_javascript_the_form_post_redirects_to_the_grid(trainer_client, session, enrolments):
    response = trainer_client.post(cell_url(session, enrolments[0], "pre"), {"score": "7", "version": "0"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:score_grid", args=[session.pk])
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("7")


def test_staff_sees_the_grid_without_inputs(staff_client, session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=14, max_score=20)
    response = staff_client.get(reverse("assessments:score_grid", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "score-input" not in html
    assert response.context["can_edit"] is False


def test_grid_needs_a_defined_test_or_earlier_results(trainer_client, session, enrolments):
    session.campaign.instruments.all().delete()
    response = post_cell(trainer_client, session, enrolments[0], "pre", "5")
    assert "No test is defined for this campaign yet" in response.content.decode()


@pytest.mark.parametrize("participants", [1, 3])
def test_grid_query_count_does_not_grow_with_participants(
    trainer_client, session, participants, django_assert_max_num_queries
):
    from tests.factories import EnrolmentFactory

    for _ in range(participants):
        enrolment = EnrolmentFactory(session=session)
        Result.objects.create(enrolment=enrolment, phase="pre", score=10, max_score=20)
    with django_assert_max_num_queries(12):
        response = trainer_client.get(reverse("assessments:score_grid", args=[session.pk]))
    assert len(response.context["rows"]) == participants


@pytest.mark.parametrize(("language", "shown"), [("ky", "12,5"), ("ru", "12,5"), ("en", "12.5")])
def test_saved_score_is_shown_with_the_pages_decimal_separator(trainer_client, session, enrolments, language, shown):
    trainer_client.cookies["django_language"] = language
    post_cell(trainer_client, session, enrolments[0], "pre", "12.5")
    html = trainer_client.get(reverse("assessments:score_grid", args=[session.pk])).content.decode()
    score_input = f'id="score-{enrolments[0].pk}-pre"'
    tag = html[html.index(score_input) : html.index(">", html.index(score_input))]
    assert f'value="{shown}"' in tag
    assert f'data-saved="{shown}"' in tag
    assert 'data-max="20"' in tag


@pytest.mark.parametrize("typed", ["12,5", "12.5"])
def test_ru_page_accepts_both_separators(trainer_client, session, enrolments, typed):
    trainer_client.cookies["django_language"] = "ru"
    response = post_cell(trainer_client, session, enrolments[0], "pre", typed)
    assert Result.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("12.5")
    assert 'value="12,5"' in response.content.decode()


def test_refused_value_keeps_what_was_typed_with_a_translated_message(trainer_client, session, enrolments):
    trainer_client.cookies["django_language"] = "ru"
    response = post_cell(trainer_client, session, enrolments[0], "pre", "150")
    html = response.content.decode()
    assert 'value="150"' in html
    assert f'aria-describedby="error-{enrolments[0].pk}-pre"' in html
    message = html.split(f'id="error-{enrolments[0].pk}-pre"')[1].split(">", 1)[1].split("</div>")[0]
    with translation.override("ru"):
        assert message == gettext("Enter a score from 0 to %(max)s.") % {"max": "20"}
    assert message != "Enter a score from 0 to 20."

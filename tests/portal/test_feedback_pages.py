"""The feedback survey's pages: a participant's survey through the signed link (once, in their language,
light), the organisers' question editor, the free-text answers without names, the trainer's slips, and
the results on the dashboard and in the donor report."""

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.feedback import survey_url
from assessments.feedback.services import ensure_questions, submit_feedback
from assessments.feedback.tokens import enrolment_id
from assessments.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from portal.feedback import views
from tests.factories import EnrolmentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session(trainer):
    return TrainingSessionFactory(language="ky", trainers=[trainer])


@pytest.fixture
def enrolment(session):
    return EnrolmentFactory(session=session)


def ratings(campaign, value="4"):
    return {f"q{q.pk}": value for q in ensure_questions(campaign) if q.is_scale}


def respond(campaign, enrolments, values):
    questions = ensure_questions(campaign)
    for enrolment, value in zip(enrolments, values, strict=True):
        submit_feedback(enrolment=enrolment, questions=questions, language="ru",
                        ratings={q.pk: value for q in questions if q.is_scale},
                        texts={q.pk: f"Комментарий {value}" for q in questions if not q.is_scale})  # fmt: skip


def test_the_survey_opens_in_the_sessions_language_without_an_account(client, enrolment):
    response = client.get(survey_url(enrolment))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ky">' in html
    assert "Тренингдин мазмуну пайдалуу болду" in html
    assert html.count('type="radio"') == 4 * 5
    assert 'href="?lang=ru"' in html


def test_the_language_switch_shows_the_questions_in_russian(client, enrolment):
    html = client.get(survey_url(enrolment), {"lang": "ru"}).content.decode()
    assert '<html lang="ru">' in html
    assert "Тренер объяснял понятно" in html


def test_the_page_and_its_stylesheet_weigh_less_than_30_kb(client, enrolment):
    html = client.get(survey_url(enrolment)).content
    stylesheets = re.findall(rb'href="(/static/[^"]+\.css)"', html)
    assert stylesheets == [b"/static/css/feedback.css"]
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/feedback.css"), "rb").read()  # noqa: SIM115, PTH123
    assert b"<script" not in html
    assert len(html) + len(css) < 30_000


def test_a_participant_submits_once(client, enrolment):
    url = survey_url(enrolment)
    data = {**ratings(enrolment.session.campaign, "5"), "lang": "ky"}
    text_question = FeedbackQuestion.objects.get(kind="text")
    data[f"q{text_question.pk}"] = "Практикалык көнүгүүлөр көбүрөөк болсун"
    first = client.post(url, data)
    assert first.status_code == 200
    with translation.override("ky"):
        assert gettext("Your answers have been received. They are read without your name.") in first.content.decode()
    second = client.post(url, {**ratings(enrolment.session.campaign, "1"), "lang": "ky"})
    with translation.override("ky"):
        assert gettext("Thank you! Your answers have already been received.") in second.content.decode()
        assert gettext("Thank you! Your answers have already been received.") in client.get(url).content.decode()
    assert FeedbackResponse.objects.get().language == "ky"
    assert sorted(FeedbackAnswer.objects.values_list("rating", flat=True), key=str) == [5, 5, 5, 5, None]
    assert FeedbackAnswer.objects.get(rating=None).text == "Практикалык көнүгүүлөр көбүрөөк болсун"


def test_a_missing_rating_shows_the_form_again_and_writes_nothing(client, enrolment):
    data = ratings(enrolment.session.campaign, "3")
    data.pop(next(iter(data)))
    response = client.post(survey_url(enrolment), data)
    assert response.status_code == 400
    assert FeedbackResponse.objects.count() == 0
    assert 'value="3" id=' in response.content.decode()  # the other answers are kept


@pytest.mark.parametrize(("token", "status", "message"), [
    ("MQ:1xXFsr:Rys3brSMLBcBnTE2q1rgipRoGubri_H1X7Lln9ow4_Q", 404, "This link does not work"),
    ("garbage", 404, "This link does not work"),
])  # fmt: skip
def test_a_bad_link_says_so_in_the_visitors_language(client, token, status, message):
    response = client.get(f"/feedback/{token}/", {"lang": "ky"})
    assert response.status_code == status
    with translation.override("ky"):
        assert gettext(message) in response.content.decode()
    assert '<html lang="ky">' in response.content.decode()


def test_an_expired_link_says_so(client, enrolment, monkeypatch):
    import time

    url = survey_url(enrolment)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 31 * 86400)
    response = client.get(url, {"lang": "ru"})
    assert response.status_code == 410
    with translation.override("ru"):
        assert gettext("This link has expired") in response.content.decode()


def test_a_link_to_a_removed_enrolment_does_not_work(client, enrolment):
    url = survey_url(enrolment)
    enrolment.delete()
    assert client.get(url).status_code == 404


def test_too_many_requests_from_one_address_are_refused(client, enrolment, monkeypatch):
    monkeypatch.setattr(views, "ADDRESS_LIMIT", 3)
    url = survey_url(enrolment)
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.post(url, ratings(enrolment.session.campaign)).status_code == 429
    assert FeedbackResponse.objects.count() == 0


# Organisers edit the questions


def test_an_organiser_adds_edits_and_archives_questions(organiser_client, enrolment):
    campaign = enrolment.session.campaign
    url = reverse("feedback:questions", args=[campaign.code])
    assert organiser_client.get(url).status_code == 200
    response = organiser_client.post(url, {"action": "add", "new-order": "6", "new-kind": "scale",
                                           "new-text_ky": "Материалдар түшүнүктүү", "new-text_ru": "Материалы понятны",
                                           "new-text_en": "The handouts were clear"})  # fmt: skip
    assert response.status_code == 302
    added = FeedbackQuestion.objects.get(text_en="The handouts were clear")
    assert (added.order, added.kind, added.text_ky) == (6, "scale", "Материалдар түшүнүктүү")
    first = FeedbackQuestion.objects.filter(campaign=campaign).order_by("order").first()
    prefix = f"q{first.pk}"
    edit = {"action": "save", "question": first.pk, f"{prefix}-order": "7", f"{prefix}-kind": "scale",
            f"{prefix}-text_ru": "Полезно", f"{prefix}-text_ky": "", f"{prefix}-text_en": ""}  # fmt: skip
    organiser_client.post(url, edit)
    first.refresh_from_db()
    assert (first.order, first.text_ru, first.text_en) == (7, "Полезно", "")
    organiser_client.post(url, {"action": "archive", "question": first.pk})
    first.refresh_from_db()
    assert first.archived
    assert first.pk not in [q.pk for q in ensure_questions(campaign)]
    organiser_client.post(url, {"action": "restore", "question": first.pk})
    first.refresh_from_db()
    assert not first.archived


def test_the_kind_of_an_answered_question_cannot_change(organiser_client, client, enrolment):
    campaign = enrolment.session.campaign
    answered = client.post(survey_url(enrolment), ratings(campaign))
    assert (answered.status_code, FeedbackResponse.objects.count()) == (200, 1), answered.content.decode()[-800:]
    question = FeedbackQuestion.objects.filter(kind="scale").order_by("order").first()
    prefix = f"q{question.pk}"
    response = organiser_client.post(
        reverse("feedback:questions", args=[campaign.code]),
        {"action": "save", "question": question.pk, f"{prefix}-order": "1", f"{prefix}-kind": "text",
         f"{prefix}-text_ru": "Другое"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "its kind cannot change" in response.content.decode()
    question.refresh_from_db()
    assert (question.kind, question.text_ru) == ("scale", "Содержание тренинга было полезным")


# Free text and slips


def test_free_text_is_shown_to_staff_without_names_or_ids(staff_client, session):
    enrolments = [EnrolmentFactory(session=session) for _ in range(3)]
    respond(session.campaign, enrolments, [5, 4, 3])
    response = staff_client.get(reverse("feedback:comments", args=[session.campaign.code]))
    html = response.content.decode()
    assert [text for text in ("Комментарий 5", "Комментарий 4", "Комментарий 3") if text in html] == [
        "Комментарий 5", "Комментарий 4", "Комментарий 3"]  # fmt: skip
    for enrolment in enrolments:
        assert enrolment.deputy.last_name not in html
        assert enrolment.deputy.first_name not in html
        assert survey_url(enrolment) not in html
    for pk in FeedbackResponse.objects.values_list("pk", flat=True):
        assert f"enrolment={pk}" not in html
        assert f"/{pk}/" not in html


def test_the_slips_give_each_participant_their_own_link(trainer_client, session):
    enrolments = [EnrolmentFactory(session=session) for _ in range(2)]
    respond(session.campaign, enrolments[:1], [5])
    response = trainer_client.get(reverse("feedback:slips", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="qr-code"') == 2
    tokens = re.findall(r"/feedback/([^/\"<]+)/", html)
    assert sorted({enrolment_id(token) for token in tokens}) == sorted(e.pk for e in enrolments)
    for enrolment in enrolments:
        deputy = enrolment.deputy
        assert f"{deputy.last_name} {deputy.first_name[0]}." in html
        assert deputy.patronymic not in html
        assert str(deputy.birth_year) not in html
    assert "Answers received: 1 of 2" in html


# Results on the dashboard and in the report


def test_the_dashboard_shows_the_responses_with_the_small_cell_rule(staff_client, session):
    campaign = session.campaign
    respond(campaign, [EnrolmentFactory(session=session) for _ in range(4)], [5, 4, 4, 2])
    html = staff_client.get(reverse("portal:dashboard", args=[campaign.code])).content.decode()
    panel = html[html.index('data-testid="feedback-panel"') :]
    assert "4 responses" in panel
    assert "0 · 1 · 0 · 2 · 1" in panel  # the counts of 1…5
    assert "3.8" not in panel  # 4 answers: no mean
    respond(campaign, [EnrolmentFactory(session=session)], [4])
    html = staff_client.get(reverse("portal:dashboard", args=[campaign.code])).content.decode()
    panel = html[html.index('data-testid="feedback-panel"') :]
    assert "5 responses" in panel
    assert "3.8" in panel  # (5 + 4 + 4 + 2 + 4) / 5


def test_the_report_has_a_feedback_section_and_sheet(staff_client, session):
    campaign = session.campaign
    respond(campaign, [EnrolmentFactory(session=session) for _ in range(5)], [5, 5, 4, 4, 3])
    pdf = staff_client.get(reverse("portal:report_pdf", args=[campaign.code]), {"lang": "en"})
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Participants' feedback" in text
    assert "1. The content was useful 5 4.2 0 · 0 · 1 · 2 · 2" in text
    assert "Комментарий" not in text  # free text stays out of the report
    xlsx = staff_client.get(reverse("portal:report_xlsx", args=[campaign.code]), {"lang": "en"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Participants' feedback"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Level", "Code", "Name", "Responses", "Question", "n", "Mean", "1", "2", "3", "4", "5"]
    assert rows[1] == ["Whole campaign", None, None, 5, "The content was useful", 5, 4.2, 0, 0, 1, 2, 2]
    assert [row[1] for row in rows if row[0] == "Session"] == [session.code] * 4
    assert all("Комментарий" not in str(value) for row in rows for value in row)


def test_the_dashboard_panel_follows_an_archived_question(organiser_client, session):
    campaign = session.campaign
    respond(campaign, [EnrolmentFactory(session=session) for _ in range(5)], [5, 4, 4, 2, 4])
    address = reverse("portal:dashboard", args=[campaign.code])
    assert "archived" not in organiser_client.get(address).content.decode().split('data-testid="feedback-panel"')[1]
    venue = FeedbackQuestion.objects.get(campaign=campaign, text_en="Venue and logistics")
    organiser_client.post(reverse("feedback:questions", args=[campaign.code]),
                          {"action": "archive", "question": venue.pk})  # fmt: skip
    panel = organiser_client.get(address).content.decode().split('data-testid="feedback-panel"')[1]
    assert "Venue and logistics <span" in panel  # still in the results, now marked as archived
    assert ">archived<" in panel

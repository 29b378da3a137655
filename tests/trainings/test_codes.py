"""Campaign and session codes: refused when odd on every form, listed when already saved, and never a
broken page or a rewritten download name because of one saved before codes were checked."""

from email.message import Message

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.db import connection
from django.urls import reverse

from tests.factories import AttendanceFactory, DeputyFactory, EnrolmentFactory, TopicFactory
from trainings.codes import file_name_part, is_valid_code
from trainings.models import Campaign, TrainingSession

from .test_views import session_data

pytestmark = pytest.mark.django_db

BAD_CODES = ["BAD/CODE", "a\r\nb", 'x"y', "..", "<script>", "A" * 300]
BAD_CODE_IDS = ["slash", "crlf", "quote", "dots", "script", "300-chars"]
CAMPAIGN_MESSAGE = (
    "The campaign code may contain only letters, digits, hyphens, underscores and single dots, "
    "and must start and end with a letter or a digit (e.g. VOICE-2021)."
)
SESSION_MESSAGE = CAMPAIGN_MESSAGE.replace("campaign code", "session code").replace("VOICE-2021", "S-01")


@pytest.mark.parametrize("code", ["VOICE-2021", "S-01", "s_1.2", "ТР-01", "Өнүгүү-2021", "A"])
def test_ordinary_codes_are_valid(code):
    assert is_valid_code(code)


@pytest.mark.parametrize("code", [*BAD_CODES[:-1], "", ".hidden", "A..B", "A.", "-A", "A B", "=S1+1", "A" * 41])
def test_odd_codes_are_not_valid(code):
    assert not is_valid_code(code)


def set_code(model, pk, code):
    """A code saved before codes were checked, written the way an old database would hold it."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {model._meta.db_table} SET code = %s WHERE id = %s", [code, pk])  # noqa: S608


def campaign_data(**changes):
    data = {"code": "VOICE-2025", "name_ru": "Обучение 2025", "start": "2025-05-01", "end": "2025-06-30"}
    return {**data, "convocation": 2024, **changes}


def assert_refused(response, message):
    """The form comes back (no 500, no redirect) with the message under the code field."""
    assert response.status_code == 200
    errors = response.context["form"].errors["code"]
    assert message in errors or any("at most 40 characters" in error for error in errors)


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_campaign_form_refuses_odd_codes(organiser_client, code):
    response = organiser_client.post(reverse("trainings:campaign_create"), campaign_data(code=code))

    assert_refused(response, CAMPAIGN_MESSAGE)
    assert not Campaign.objects.exists()
    assert organiser_client.get(reverse("trainings:campaign_list")).status_code == 200


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_campaign_edit_refuses_odd_codes(organiser_client, campaign, code):
    topic = TopicFactory()
    response = organiser_client.post(
        reverse("trainings:campaign_update", args=[campaign.code]), campaign_data(code=code, topics=[topic.pk])
    )

    assert_refused(response, CAMPAIGN_MESSAGE)
    campaign.refresh_from_db()
    assert campaign.code == "VOICE-T"
    assert not campaign.topics.exists()


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_session_form_refuses_odd_codes(organiser_client, campaign, venue, code):
    response = organiser_client.post(reverse("trainings:session_create"), session_data(campaign, venue, [], code=code))

    assert_refused(response, SESSION_MESSAGE)
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_session_edit_refuses_odd_codes(organiser_client, session, venue, code):
    data = session_data(session.campaign, venue, [], code=code, start_date="2021-05-24", capacity=40)
    response = organiser_client.post(reverse("trainings:session_update", args=[session.pk]), data)

    assert_refused(response, SESSION_MESSAGE)
    session.refresh_from_db()
    assert (session.code, session.capacity) == ("S-01", 30)


def test_admin_refuses_an_odd_campaign_code(admin_client_, campaign):
    response = admin_client_.post(
        reverse("admin:trainings_campaign_change", args=[campaign.pk]),
        {**campaign_data(code="BAD/CODE"), "name_ky": "", "name_en": "", "donor": "", "implementer": ""},
    )

    assert response.status_code == 200
    assert CAMPAIGN_MESSAGE in response.content.decode()
    assert Campaign.objects.filter(code="VOICE-T").exists()


def test_check_and_migration_report_saved_odd_codes(campaign, session):
    set_code(Campaign, campaign.pk, "BAD/CODE")
    set_code(TrainingSession, session.pk, "a\r\nb")

    warnings = {warning.id: warning.msg for warning in run_checks(databases=["default"])}
    assert warnings["trainings.W001"] == "1 campaign codes are not valid: 'BAD/CODE'"
    assert warnings["trainings.W002"] == "1 session codes are not valid: 'BAD/CODE / a\\r\\nb'"
    # The migration that brought the rule in lists them the same way, and changes nothing.
    migration = __import__("trainings.migrations.0003_validate_codes", fromlist=["report_bad_codes"])
    migration.report_bad_codes(apps, None)
    assert list(Campaign.objects.values_list("code", flat=True)) == ["BAD/CODE"]


def test_migration_prints_the_saved_odd_codes(campaign, capsys):
    set_code(Campaign, campaign.pk, "..")
    migration = __import__("trainings.migrations.0003_validate_codes", fromlist=["report_bad_codes"])

    migration.report_bad_codes(apps, None)

    assert "1 campaign codes are not valid and should be renamed: '..'" in capsys.readouterr().out


def test_no_warning_without_odd_codes(session):
    assert not [warning for warning in run_checks(databases=["default"]) if warning.id.startswith("trainings.")]


@pytest.mark.parametrize("code", ["BAD/CODE", "..", "a\r\nb", 'x"y', "<script>", "50%"])
def test_pages_still_open_with_a_saved_odd_campaign_code(organiser_client, staff_client, session, code):
    set_code(Campaign, session.campaign_id, code)

    for client, name in ((organiser_client, "trainings:campaign_list"), (staff_client, "portal:dashboard_index")):
        assert client.get(reverse(name)).status_code == 200
    assert organiser_client.get(reverse("trainings:session_list")).status_code == 200
    assert organiser_client.get(reverse("trainings:session_detail", args=[session.pk])).status_code == 200
    detail = reverse("trainings:campaign_detail", args=[code])
    assert "/../" not in detail
    assert "\n" not in detail
    assert detail in organiser_client.get(reverse("trainings:campaign_list")).content.decode()
    page = organiser_client.get(detail)
    assert page.status_code == 200
    assert page.context["campaign"].code == code
    assert staff_client.get(reverse("portal:dashboard", args=[code])).status_code == 200


def test_a_saved_odd_campaign_code_can_be_renamed(organiser_client, campaign):
    set_code(Campaign, campaign.pk, "BAD/CODE")

    response = organiser_client.post(reverse("trainings:campaign_update", args=["BAD/CODE"]), campaign_data())

    assert response["Location"] == "/campaigns/VOICE-2025/"
    assert Campaign.objects.get().code == "VOICE-2025"


def disposition_file_name(header):
    message = Message()
    message["Content-Disposition"] = header
    return message.get_filename()


@pytest.fixture
def completer(session):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(birth_year=1980))
    for day in (1, 2):
        AttendanceFactory(enrolment=enrolment, day=day, present=True)
    session.status = TrainingSession.Status.HELD
    session.save()
    return enrolment


@pytest.mark.parametrize("code", ['x"y.html', "a\r\nb", "../S/01"])
def test_session_downloads_have_a_safe_file_name_with_a_saved_odd_code(organiser_client, session, completer, code):
    set_code(TrainingSession, session.pk, code)
    downloads = {
        reverse("trainings:roster_xlsx", args=[session.pk]): ".xlsx",
        reverse("trainings:sign_in_sheet", args=[session.pk, 1]): ".pdf",
        reverse("assessments:score_sheet_download", args=[session.pk]): ".xlsx",
        reverse("portal:session_certificates", args=[session.pk]): ".pdf",
        reverse("portal:certificate", args=[session.pk, completer.pk]): ".pdf",
    }
    for url, extension in downloads.items():
        response = organiser_client.get(url)
        assert response.status_code == 200, url
        header = response["Content-Disposition"]
        assert header.startswith("attachment; ")
        assert not {"\r", "\n"} & set(header)
        name = disposition_file_name(header)
        assert name.endswith(extension), name
        assert file_name_part(code) in name
        assert not {"/", '"'} & set(name)


def test_report_downloads_have_a_safe_file_name_with_a_saved_odd_campaign_code(staff_client, session):
    set_code(Campaign, session.campaign_id, 'BAD/"CO\r\nDE')
    code = Campaign.objects.get().code
    for name, extension in (("portal:report_xlsx", ".xlsx"), ("portal:report_csv", ".csv")):
        response = staff_client.get(reverse(name, args=[code]))
        assert response.status_code == 200
        assert disposition_file_name(response["Content-Disposition"]) == f"report-BAD-CO-DE{extension}"


def test_cyrillic_code_gives_an_encoded_file_name(organiser_client, session):
    session.code = "ТР-01"
    session.save()

    response = organiser_client.get(reverse("trainings:roster_xlsx", args=[session.pk]))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''roster-%D0%A2%D0%A0-01.xlsx"
    assert disposition_file_name(response["Content-Disposition"]) == "roster-ТР-01.xlsx"

"""Certificate codes, issuing on print, and revocation when attendance is corrected (`trainings.certificates`)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from tests.assessments.stats_data import add_participant, two_region_campaign
from tests.factories import AttendanceFactory
from trainings import certificates
from trainings.certificates import (
    ALPHABET,
    display_code,
    issue_certificates,
    new_code,
    normalise_code,
    revoke_certificate,
)
from trainings.models import Certificate
from trainings.services import mark_all_present, remove_enrolment, set_attendance, update_session

pytestmark = pytest.mark.django_db


def test_a_new_code_has_eight_characters_of_crockfords_alphabet():
    codes = {new_code() for _ in range(200)}
    assert all(re.fullmatch("[0-9A-HJKMNP-TV-Z]{8}", code) for code in codes)
    assert len(codes) == 200
    assert not set("ILOU") & set(ALPHABET)


def test_a_code_is_printed_in_two_groups_of_four():
    assert display_code("7K3MQ9TX") == "7K3M-Q9TX"


@pytest.mark.parametrize(
    "typed",
    ["7K3M-Q9TX", "7k3m-q9tx", " 7K3M Q9TX ", "7K3MQ9TX", "7k3m–q9tx", "7K3M\tQ9TX\n", "7K3M_Q9TX"],
)
def test_codes_are_read_in_any_case_with_spaces_or_hyphens(typed):
    assert normalise_code(typed) == "7K3MQ9TX"


def test_letters_mistaken_for_digits_are_read_as_the_digits():
    assert normalise_code("OI2L-ABCD") == "0121ABCD"


@pytest.mark.parametrize(
    "typed",
    ["", "7K3M-Q9T", "7K3M-Q9TXX", "7K3M/Q9TX", "7K3M'Q9TX", '7K3M"Q9TX', "7K3M-Q9TU", "7К3М-Q9ТХ", "9" * 10_240,
     "<script>", "7K3M\x00Q9TX", "７K3M-Q9TX"],
)  # fmt: skip
def test_anything_else_is_not_a_code(typed):
    assert normalise_code(typed) is None


@pytest.fixture
def campaign_data():
    data = two_region_campaign(code="CERT-2021")
    session = data["sessions"][0]
    data["completer"] = add_participant(session, data["councils"][0], days=(True, True))
    data["partial"] = add_participant(session, data["councils"][0], days=(True, False))
    return data


def test_printing_issues_one_certificate_and_printing_again_gives_the_same(campaign_data, organiser):
    completer = campaign_data["completer"]
    first = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    again = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    assert first.pk == again.pk
    assert (first.issued_by, first.revoked_at, first.reason) == (organiser, None, "")
    assert Certificate.objects.filter(enrolment=completer).count() == 1


def test_a_taken_code_is_drawn_again(campaign_data, organiser, monkeypatch):
    completer, other = campaign_data["completer"], add_participant(campaign_data["sessions"][0],
                                                                   campaign_data["councils"][1])  # fmt: skip
    taken = issue_certificates(enrolments=[completer], user=organiser)[completer.pk].code
    drawn = iter([taken, taken, "ABCDEFGH"])
    monkeypatch.setattr(certificates, "new_code", lambda: next(drawn))
    assert issue_certificates(enrolments=[other], user=organiser)[other.pk].code == "ABCDEFGH"


def test_the_database_refuses_two_valid_certificates_for_one_enrolment(campaign_data, organiser):
    completer = campaign_data["completer"]
    issue_certificates(enrolments=[completer], user=organiser)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(enrolment=completer, code="ABCDEFGH")


def _state(enrolment):
    return list(Certificate.objects.filter(enrolment=enrolment).values_list("reason", flat=True).order_by("pk"))


def test_marking_a_certified_participant_absent_revokes_the_certificate(campaign_data, organiser):
    completer = campaign_data["completer"]
    certificate = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    set_attendance(enrolment=completer, day=2, present=False, user=organiser)
    certificate.refresh_from_db()
    assert certificate.reason == Certificate.Reason.ATTENDANCE
    assert certificate.revoked_at is not None
    assert certificate.revoked_by is None  # nobody chose to: the correction did


def test_a_correction_leaving_the_participant_complete_keeps_the_certificate(campaign_data, organiser):
    completer, partial = campaign_data["completer"], campaign_data["partial"]
    issue_certificates(enrolments=[completer], user=organiser)
    set_attendance(enrolment=completer, day=2, present=True, user=organiser)
    set_attendance(enrolment=partial, day=2, present=False, user=organiser)
    assert _state(completer) == [""]


def test_completing_again_issues_a_new_code_on_the_next_print(campaign_data, organiser):
    completer = campaign_data["completer"]
    old = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    set_attendance(enrolment=completer, day=1, present=False, user=organiser)
    mark_all_present(session=completer.session, day=1, user=organiser)
    assert _state(completer) == ["attendance"]  # completing again does not bring a revoked paper back
    new = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    assert new.code != old.code
    assert _state(completer) == ["attendance", ""]


def test_a_longer_session_revokes_the_certificates_of_those_not_present_on_the_new_day(campaign_data, organiser):
    completer = campaign_data["completer"]
    session = completer.session
    issue_certificates(enrolments=[completer], user=organiser)
    update_session(session=session, days=3)
    assert _state(completer) == ["attendance"]


def test_an_import_marking_a_day_absent_revokes_the_certificate(campaign_data, organiser, tmp_path):
    completer = campaign_data["completer"]
    session, deputy = completer.session, completer.deputy
    issue_certificates(enrolments=[completer], user=organiser)
    path = tmp_path / "results.csv"
    path.write_text(
        "session_code,session_start,council_code,last_name,first_name,patronymic,sex,birth_year,day1,day2,pre_score,post_score,max_score\n"
        f"{session.code},{session.start_date},{deputy.council.code},{deputy.last_name},{deputy.first_name},"
        f"{deputy.patronymic},{deputy.gender},{deputy.birth_year},1,0,,,\n",
        encoding="utf-8",
    )
    call_command("import_results", str(path), "--campaign", session.campaign.code, stdout=io.StringIO())
    assert _state(completer) == ["attendance"]


def test_only_the_corrected_campaigns_certificates_are_looked_at(campaign_data, organiser):
    other = two_region_campaign(code="CERT-OTHER")
    elsewhere = add_participant(other["sessions"][0], other["councils"][0], days=(True, True))
    issue_certificates(enrolments=[elsewhere], user=organiser)
    # Made incomplete behind the services' back: no correction of its campaign was announced.
    elsewhere.attendance.filter(day=2).update(present=False)
    set_attendance(enrolment=campaign_data["completer"], day=2, present=True, user=organiser)
    assert _state(elsewhere) == [""]


def test_attendance_beyond_the_sessions_last_day_does_not_count(campaign_data, organiser):
    completer = campaign_data["completer"]
    issue_certificates(enrolments=[completer], user=organiser)
    AttendanceFactory(enrolment=completer, day=3, present=True)  # left by an older, longer session
    set_attendance(enrolment=completer, day=2, present=False, user=organiser)
    assert _state(completer) == ["attendance"]


def test_an_organiser_revokes_with_a_reason_and_a_note(campaign_data, organiser):
    completer = campaign_data["completer"]
    certificate = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    revoke_certificate(certificate=certificate, reason="error", note="  wrong name printed  ", user=organiser)
    certificate.refresh_from_db()
    assert (certificate.reason, certificate.note, certificate.revoked_by) == ("error", "wrong name printed", organiser)


def test_a_certificate_is_revoked_once(campaign_data, organiser):
    completer = campaign_data["completer"]
    certificate = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    revoke_certificate(certificate=certificate, reason="error", user=organiser)
    revoked_at = Certificate.objects.get(pk=certificate.pk).revoked_at
    with pytest.raises(ValidationError, match="already been revoked"):
        revoke_certificate(certificate=certificate, reason="withdrawn", user=organiser)
    assert Certificate.objects.get(pk=certificate.pk).revoked_at == revoked_at


def test_an_unknown_reason_is_refused(campaign_data, organiser):
    completer = campaign_data["completer"]
    certificate = issue_certificates(enrolments=[completer], user=organiser)[completer.pk]
    with pytest.raises(ValidationError):
        revoke_certificate(certificate=certificate, reason="because", user=organiser)
    assert _state(completer) == [""]


def test_a_certified_participant_cannot_be_removed_from_the_roster(campaign_data, organiser):
    completer = campaign_data["completer"]
    issue_certificates(enrolments=[completer], user=organiser)
    set_attendance(enrolment=completer, day=1, present=False, user=organiser)
    set_attendance(enrolment=completer, day=2, present=False, user=organiser)
    with pytest.raises(ValidationError):
        remove_enrolment(enrolment=completer)
    assert _state(completer) == ["attendance"]  # its code still says what became of it

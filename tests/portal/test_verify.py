"""Verifiable certificates on the portal side: the code and QR printed on each certificate, the public
/verify/ page (what it shows, and what it never shows), its rate limit, and revoking by hand."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from PIL import ImageChops
from pypdf import PdfReader

from portal.trainers.printables import qr_image
from tests.assessments.stats_data import add_participant
from trainings.certificates import display_code, issue_certificates
from trainings.models import Certificate
from trainings.services import set_attendance

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def certified(report_data, trainer):
    """A completer of a Russian-language session whose deputy has a phone, and its session."""
    session = report_data["sessions"][1]
    session.trainers.add(trainer)
    session.language = "ru"
    session.save()
    enrolment = add_participant(session, report_data["councils"][0], days=(True, True), pre=7, post=19,
                                birth_year=1971, gender="F")  # fmt: skip
    enrolment.deputy.last_name, enrolment.deputy.first_name, enrolment.deputy.patronymic = "Асанова", "Гүлнара", ""
    enrolment.deputy.phone = "+996555123987"
    enrolment.deputy.save()
    return enrolment


def print_certificate(client, enrolment, lang="ru"):
    response = client.get(reverse("portal:certificate", args=[enrolment.session_id, enrolment.pk]), {"lang": lang})
    assert response.status_code == 200
    return response


def test_printing_a_certificate_issues_its_code_and_prints_it_with_its_address(organiser_client, certified):
    text = pdf_text(print_certificate(organiser_client, certified).content)
    certificate = Certificate.objects.get(enrolment=certified)
    assert display_code(certificate.code) in text
    assert f"http://testserver/verify/{certificate.code}/" in text


def test_printing_again_prints_the_same_code(organiser_client, certified):
    first = pdf_text(print_certificate(organiser_client, certified).content)
    second = pdf_text(print_certificate(organiser_client, certified, "ky").content)
    code = display_code(Certificate.objects.get(enrolment=certified).code)
    assert code in first
    assert code in second
    assert Certificate.objects.filter(enrolment=certified).count() == 1


def test_the_qr_code_is_the_certificates_address(organiser_client, certified):
    content = print_certificate(organiser_client, certified).content
    certificate = Certificate.objects.get(enrolment=certified)
    (embedded,) = PdfReader(io.BytesIO(content)).pages[0].images
    expected = qr_image(f"http://testserver/verify/{certificate.code}/")
    drawn = embedded.image.convert("L")
    assert drawn.size == expected.size
    assert ImageChops.difference(drawn, expected).getbbox() is None  # the same pixels


def test_the_session_file_gives_every_completer_their_own_code(organiser_client, certified):
    session = certified.session
    text = pdf_text(organiser_client.get(reverse("portal:session_certificates", args=[session.pk])).content)
    codes = list(Certificate.objects.filter(enrolment__session=session).values_list("code", flat=True))
    assert len(codes) == 6  # five completers of the report campaign's session and ours
    assert all(display_code(code) in text for code in codes)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_course_catalogue_is_printed_on_the_certificate(organiser_client, certified, lang):
    text = pdf_text(print_certificate(organiser_client, certified, lang).content)
    assert "myktyaimak.gov.kg" in text
    if lang == "en":  # the ky and ru wording comes with the lead's merge of the catalogues
        assert "Continue learning: myktyaimak.gov.kg" in text


def test_the_course_catalogue_address_is_a_setting(organiser_client, certified, settings):
    settings.COURSE_CATALOGUE_URL = "https://courses.example.kg/catalogue/"
    text = pdf_text(print_certificate(organiser_client, certified, "en").content)
    assert "Continue learning: courses.example.kg/catalogue" in text
    settings.COURSE_CATALOGUE_URL = ""
    assert "Continue learning" not in pdf_text(print_certificate(organiser_client, certified, "en").content)


# The public page.


@pytest.fixture
def certificate(certified, organiser):
    return issue_certificates(enrolments=[certified], user=organiser)[certified.pk]


def verify(code, **headers):
    return Client().get(reverse("verify_code", args=[code]), headers={"accept-language": "en", **headers})


def test_anyone_sees_the_name_campaign_dates_and_completion(certificate, certified):
    response = verify(certificate.code)
    assert response.status_code == 200
    html = response.content.decode()
    session = certified.session
    assert 'data-verdict="valid"' in html
    assert "This certificate is valid" in html
    assert "<dd>Асанова Гүлнара</dd>" in html
    assert f"<dd>{session.campaign.name_en}</dd>" in html
    assert "<dd>May 27, 2021 – May 28, 2021</dd>" in html
    assert "Completed: present on all 2 days of the training" in html
    assert f'<dd class="code">{display_code(certificate.code)}</dd>' in html


def test_the_page_shows_nothing_else_about_the_participant(certificate, certified):
    html = verify(certificate.code).content.decode()
    deputy = certified.deputy
    for private in ("+996555123987", "555123987", "1971", deputy.council.name_en, deputy.council.name_ru,
                    deputy.council.code, "19", "95", "pre-test", "score"):  # fmt: skip
        assert private not in html, private


def test_a_code_is_found_in_any_case_with_spaces_and_without_the_hyphen(certificate):
    code = certificate.code
    for typed in (code.lower(), f"{code[:4]} {code[4:]}", f"{code[:4]}-{code[4:]}".lower()):
        response = verify(typed)
        assert response.status_code == 200
        assert 'data-verdict="valid"' in response.content.decode()


def test_the_form_leads_to_the_codes_own_page(certificate):
    code = certificate.code
    response = Client().get(reverse("verify"), {"code": f" {code[:4].lower()} - {code[4:]} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_code", args=[code])


def test_the_empty_form_asks_for_a_code():
    response = Client().get(reverse("verify"), headers={"accept-language": "ru"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in html
    assert "data-verdict" not in html


def test_a_line_break_inside_a_code_is_read_as_a_space(certificate):
    code = certificate.code
    assert 'data-verdict="valid"' in verify(f"{code[:4]}\n{code[4:]}").content.decode()


def test_an_unknown_code_is_said_to_be_unknown(certificate):
    unknown = "ZZZZ9999" if certificate.code != "ZZZZ9999" else "ZZZZ9998"
    response = verify(unknown)
    assert response.status_code == 404
    assert f"No certificate with the code {display_code(unknown)} is known." in response.content.decode()


@pytest.mark.parametrize(
    "hostile",
    [
        "AB/CD/EF",
        "7K3M'Q9TX\"",
        "7K3M\r\nSet-Cookie: a=b",
        "X" * 10_240,
        "сертификат",
        "7K3M‐Q9TX<script>",
        "../../etc/passwd",
    ],
)
def test_hostile_codes_get_a_plain_answer(hostile):
    response = Client().get("/verify/" + hostile + "/", headers={"accept-language": "en"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a certificate code." in html
    assert "<script>" not in html
    response = Client().get(reverse("verify"), {"code": hostile}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "This is not a certificate code." in response.content.decode()


def test_lookups_beyond_the_limit_are_refused(certificate, settings):
    settings.VERIFY_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.get(reverse("verify_code", args=[certificate.code])).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(reverse("verify"), {"code": "not-a-certificate"}, headers={"accept-language": "en"})
    assert refused.status_code == 429
    assert "Too many checks from your connection." in refused.content.decode()
    # Another connection is not held up.
    assert Client(REMOTE_ADDR="198.51.100.8").get(reverse("verify_code", args=[certificate.code])).status_code == 200


def test_the_verdict_is_never_cached(certificate):
    response = verify(certificate.code)
    assert response["Cache-Control"] == "no-store"


def test_a_certificate_revoked_after_an_attendance_correction_says_so(certificate, certified, trainer):
    set_attendance(enrolment=certified, day=2, present=False, user=trainer)
    certificate.refresh_from_db()
    response = verify(certificate.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="revoked"' in html
    assert "This certificate was revoked" in html
    with translation.override("en"):
        revoked_on = date_format(localtime(certificate.revoked_at), "DATE_FORMAT")
    assert f"Revoked on {revoked_on}<br>" in html
    assert "Reason: attendance corrected</p>" in html
    assert "Completed:" not in html


# Revoking by hand, and the session's list of codes.


def revoke_url(certificate):
    return reverse("portal:certificate_revoke", args=[certificate.enrolment.session_id, certificate.pk])


def test_an_organiser_revokes_a_certificate_with_a_reason(organiser_client, organiser, certificate):
    response = organiser_client.post(revoke_url(certificate), {"reason": "error", "note": "printed twice"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.reason, certificate.note, certificate.revoked_by) == ("error", "printed twice", organiser)
    html = verify(certificate.code).content.decode()
    assert "Reason: issued in error</p>" in html
    assert "printed twice" not in html  # the note is for organisers


def test_a_trainer_may_not_revoke(trainer_client, certificate):
    assert trainer_client.post(revoke_url(certificate), {"reason": "error"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_staff_may_not_revoke(staff_client, certificate):
    assert staff_client.post(revoke_url(certificate), {"reason": "error"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_certificate_of_another_session_cannot_be_revoked_through_this_one(organiser_client, certificate,
                                                                             report_data):  # fmt: skip
    other_session = report_data["sessions"][0]
    address = reverse("portal:certificate_revoke", args=[other_session.pk, certificate.pk])
    assert organiser_client.post(address, {"reason": "error"}).status_code == 404


def test_revoking_without_a_reason_is_refused_with_a_message(organiser_client, certificate):
    response = organiser_client.post(revoke_url(certificate), {"reason": "'; DROP TABLE"}, follow=True)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert "Choose a reason for revoking the certificate." in response.content.decode()


def test_the_sessions_list_shows_codes_and_their_state(organiser_client, certificate, certified, trainer):
    set_attendance(enrolment=certified, day=2, present=False, user=trainer)
    html = organiser_client.get(reverse("portal:certificate_list", args=[certified.session_id])).content.decode()
    assert display_code(certificate.code) in html
    assert "attendance corrected" in html or "исправлена" in html or "посещаемость" in html


def test_the_trainer_sees_the_codes_but_no_revoke_form(trainer_client, certificate, certified):
    html = trainer_client.get(reverse("portal:certificate_list", args=[certified.session_id])).content.decode()
    assert display_code(certificate.code) in html
    assert revoke_url(certificate) not in html

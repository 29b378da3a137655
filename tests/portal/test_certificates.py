"""Certificates: one page per participant present on every day, in Kyrgyz or Russian."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.assessments.stats_data import add_participant

pytestmark = pytest.mark.django_db


def pages(content):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def certificate_session(report_data, trainer):
    session = report_data["sessions"][1]
    session.trainers.add(trainer)
    session.language = "ru"
    session.save()
    return session


def completers(session):
    return [
        enrolment
        for enrolment in session.enrolments.select_related("deputy")
        if enrolment.attendance.filter(present=True).count() == session.days
    ]


def test_session_file_has_one_page_per_completer(organiser_client, certificate_session):
    response = organiser_client.get(reverse("portal:session_certificates", args=[certificate_session.pk]))
    assert response.status_code == 200
    texts = pages(response.content)
    expected = sorted(enrolment.deputy.full_name for enrolment in completers(certificate_session))
    assert len(texts) == len(expected) == 5
    assert sorted(next(name for name in expected if name in text) for text in texts) == expected


def test_participant_present_one_day_gets_no_certificate(organiser_client, certificate_session):
    partial = next(e for e in certificate_session.enrolments.all() if e.attendance.filter(present=True).count() == 1)
    response = organiser_client.get(reverse("portal:certificate", args=[certificate_session.pk, partial.pk]))
    assert response.status_code == 404
    text = " ".join(pages(organiser_client.get(reverse("portal:session_certificates",
                                                       args=[certificate_session.pk])).content))  # fmt: skip
    assert partial.deputy.full_name not in text


def test_default_language_is_the_sessions(organiser_client, certificate_session):
    enrolment = completers(certificate_session)[0]
    text = pages(
        organiser_client.get(reverse("portal:certificate", args=[certificate_session.pk, enrolment.pk])).content
    )
    assert enrolment.deputy.full_name in text[0]
    assert "мая 2021" in text[0]  # the dates in Russian


def test_kyrgyz_certificate(organiser_client, certificate_session):
    enrolment = completers(certificate_session)[0]
    address = reverse("portal:certificate", args=[certificate_session.pk, enrolment.pk])
    response = organiser_client.get(address, {"lang": "ky"})
    assert response["Content-Disposition"].endswith(f'-{enrolment.pk}-ky.pdf"')
    assert enrolment.deputy.council.name_ky in pages(response.content)[0]


def test_the_sessions_trainer_may_print(trainer_client, certificate_session):
    response = trainer_client.get(reverse("portal:session_certificates", args=[certificate_session.pk]))
    assert response.status_code == 200


def test_staff_may_read(staff_client, certificate_session):
    response = staff_client.get(reverse("portal:session_certificates", args=[certificate_session.pk]))
    assert response.status_code == 200


def test_another_trainer_may_not(client, other_trainer, certificate_session):
    client.force_login(other_trainer)
    assert client.get(reverse("portal:session_certificates", args=[certificate_session.pk])).status_code == 404


def test_session_without_completers_says_so(organiser_client, report_data):
    session = report_data["sessions"][0]
    session.enrolments.all().delete()
    add_participant(session, report_data["councils"][0], days=(True, False))
    text = pages(
        organiser_client.get(reverse("portal:session_certificates", args=[session.pk]), {"lang": "en"}).content
    )
    assert text == ["Nobody has completed this session yet."]


def test_session_page_links_to_the_certificates(organiser_client, certificate_session):
    content = organiser_client.get(reverse("trainings:session_detail", args=[certificate_session.pk])).content.decode()
    enrolment = completers(certificate_session)[0]
    assert f"{reverse('portal:session_certificates', args=[certificate_session.pk])}?lang=ky" in content
    assert reverse("portal:certificate", args=[certificate_session.pk, enrolment.pk]) in content


@pytest.mark.parametrize(("gender", "verb"), [("F", "успешно прошла"), ("M", "успешно прошёл")])
def test_russian_certificate_agrees_with_the_participants_sex(organiser_client, certificate_session, gender, verb):
    enrolment = completers(certificate_session)[0]
    enrolment.deputy.gender = gender
    enrolment.deputy.save()
    url = reverse("portal:certificate", args=[certificate_session.pk, enrolment.pk])
    text = pages(organiser_client.get(url).content)[0]
    assert f"{verb} {certificate_session.days}-дневный тренинг" in text
    assert "(-ла)" not in text

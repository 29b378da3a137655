"""Trainer pages through the test client: create with link and QR, the PDF, unavailable days, who sees what."""

import datetime
import io

import pytest
import segno
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from portal.trainers import services
from portal.trainers.links import link_token
from portal.trainers.printables import qr_svg
from tests.factories import TrainingSessionFactory
from trainings.forms import SessionForm
from trainings.models import TrainerUnavailability

from .conftest import trainer_data

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def _link_url(trainer):
    link = trainer.set_password_links.get(used_at=None, replaced_at=None)
    return "http://testserver" + reverse("trainers:set_password", kwargs={"pk": trainer.pk, "token": link_token(link)})


def test_organiser_creates_a_trainer_and_sees_the_link_and_its_qr_code(organiser_client, region):
    form = trainer_data() | {"regions": [region.pk]}

    response = organiser_client.post(reverse("trainers:trainer_create"), form, follow=True)

    trainer = User.objects.get(username="a.asanov")
    assert response.redirect_chain == [(reverse("trainers:trainer_detail", args=[trainer.pk]), 302)]
    assert response.context["link_url"] == _link_url(trainer)
    assert f'value="{_link_url(trainer)}"' in response.text
    assert response.context["qr_svg"].startswith('<svg width="')
    assert response.context["qr_svg"] in response.text
    assert response.context["qr_svg"] == qr_svg(_link_url(trainer), title="QR code of the set-password link")


def test_create_page_shows_a_duplicate_username_and_writes_nothing(organiser_client):
    services.create_trainer(**trainer_data())

    response = organiser_client.post(reverse("trainers:trainer_create"), trainer_data(phone="+996555000111"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"username": ["The username “a.asanov” is taken."]}
    assert User.objects.filter(username__iexact="a.asanov").count() == 1


def test_pdf_holds_the_link_and_the_username(organiser_client):
    trainer, _link = services.create_trainer(**trainer_data())

    response = organiser_client.get(reverse("trainers:trainer_link_pdf", args=[trainer.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert _link_url(trainer) in text.replace("\n", "")
    assert "Username: a.asanov" in text
    qr = segno.make(_link_url(trainer), error="m")
    assert _modules_of(PdfReader(io.BytesIO(response.content)).pages[0].images[0].image) == [list(r) for r in qr.matrix]


def _modules_of(image, scale=10, border=2):
    """The dark (1) and light (0) modules of a QR code image drawn by printables (10 px a module, 2 of border)."""
    count = image.width // scale - 2 * border
    pixel = lambda row, col: image.getpixel(((col + border) * scale + 5, (row + border) * scale + 5))  # noqa: E731
    return [[int(pixel(row, col) < 128) for col in range(count)] for row in range(count)]


def test_pdf_without_a_working_link_sends_back_to_the_trainer(organiser_client):
    trainer, link = services.create_trainer(**trainer_data())
    services.set_password_with_link(user_pk=trainer.pk, token=link_token(link), password="Ала-Тоо 2021 тоолор")

    response = organiser_client.get(reverse("trainers:trainer_link_pdf", args=[trainer.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("trainers:trainer_detail", args=[trainer.pk])


def test_issuing_a_new_link_from_the_page_replaces_the_old(organiser_client):
    trainer, old = services.create_trainer(**trainer_data())

    organiser_client.post(reverse("trainers:trainer_link", args=[trainer.pk]))

    old.refresh_from_db()
    assert old.replaced_at is not None
    assert trainer.set_password_links.filter(replaced_at=None).count() == 1


def test_deactivate_and_reactivate_from_the_page(organiser_client, trainer):
    organiser_client.post(reverse("trainers:trainer_deactivate", args=[trainer.pk]))
    trainer.refresh_from_db()
    assert trainer.is_active is False
    organiser_client.post(reverse("trainers:trainer_reactivate", args=[trainer.pk]))
    trainer.refresh_from_db()
    assert trainer.is_active is True


def test_unavailable_range_ending_before_it_starts_is_refused_on_the_page(organiser_client, trainer):
    url = reverse("trainers:unavailability_add", args=[trainer.pk])

    response = organiser_client.post(url, {"start": "2021-06-03", "end": "2021-06-01", "note": ""})

    assert response.status_code == 400
    assert response.context["unavailability_form"].errors == {"end": ["The last day cannot be before the first day."]}
    assert TrainerUnavailability.objects.count() == 0


def test_unavailable_days_in_year_9999_are_refused_on_the_page(organiser_client, trainer):
    url = reverse("trainers:unavailability_add", args=[trainer.pk])

    response = organiser_client.post(url, {"start": "0001-01-01", "end": "9999-12-31"})

    assert response.status_code == 400
    assert response.context["unavailability_form"].errors == {
        "start": ["Enter a date from 01/01/1900 to 12/31/2100."],
        "end": ["Enter a date from 01/01/1900 to 12/31/2100."],
    }
    assert TrainerUnavailability.objects.count() == 0


def test_organiser_adds_and_removes_unavailable_days(organiser_client, trainer):
    organiser_client.post(reverse("trainers:unavailability_add", args=[trainer.pk]),
                          {"start": "2021-06-01", "end": "2021-06-02", "note": "той"})  # fmt: skip
    period = TrainerUnavailability.objects.get()
    assert (period.trainer, period.start, period.end, period.note) == (
        trainer, datetime.date(2021, 6, 1), datetime.date(2021, 6, 2), "той"
    )  # fmt: skip
    organiser_client.post(reverse("trainers:unavailability_delete", args=[trainer.pk, period.pk]))
    assert TrainerUnavailability.objects.count() == 0


def test_trainer_sees_their_own_unavailable_days_but_no_link_or_buttons(client, trainer):
    services.add_unavailability(trainer=trainer, start=datetime.date(2021, 6, 1), end=datetime.date(2021, 6, 2),
                                note="той")  # fmt: skip
    client.force_login(trainer)

    response = client.get(reverse("trainers:my_availability"))

    assert response.status_code == 200
    assert [p.note for p in response.context["periods"]] == ["той"]
    assert response.context["manage"] is False
    assert "link_url" not in response.context
    assert reverse("trainers:unavailability_add", args=[trainer.pk]) not in response.text


def test_trainer_cannot_open_another_trainers_page(client, trainer, other_trainer):
    client.force_login(trainer)
    assert client.get(reverse("trainers:trainer_detail", args=[other_trainer.pk])).status_code == 404


def test_staff_sees_trainers_without_their_phones(client, staff_viewer):
    services.create_trainer(**trainer_data())
    client.force_login(staff_viewer)

    listing = client.get(reverse("trainers:trainer_list"))
    page = client.get(reverse("trainers:trainer_detail", args=[User.objects.get(username="a.asanov").pk]))

    assert [t.username for t in listing.context["trainers"]] == ["a.asanov"]
    assert "+996700123456" not in listing.text
    assert "+996700123456" not in page.text
    assert "link_url" not in page.context


@pytest.mark.parametrize("count", [1, 3])
def test_trainer_list_queries_do_not_grow_with_trainers(organiser_client, region, count, django_assert_num_queries):
    for number in range(count):
        services.create_trainer(**trainer_data(username=f"t{number}", phone=f"+99670000000{number}"), regions=[region])
    with django_assert_num_queries(6):  # one of them counts the trainers for the pager
        response = organiser_client.get(reverse("trainers:trainer_list"))
    assert len(response.context["trainers"]) == count


def test_trainer_list_shows_trainers_a_page_at_a_time(organiser_client, monkeypatch):
    from portal.trainers import views

    monkeypatch.setattr(views, "TRAINERS_PAGE_SIZE", 2)
    for number in range(3):
        services.create_trainer(**trainer_data(username=f"t{number}", phone=f"+99670000000{number}"))

    first = organiser_client.get(reverse("trainers:trainer_list"))
    second = organiser_client.get(reverse("trainers:trainer_list"), {"page": "2"})

    assert len(first.context["trainers"]) == 2
    assert 'href="?page=2"' in first.text
    assert len(second.context["trainers"]) == 1


def test_editing_the_session_of_a_deactivated_trainer_keeps_them(organiser_client, trainer):
    session = TrainingSessionFactory(trainers=[trainer])
    services.set_trainer_active(trainer=trainer, active=False)
    form = SessionForm(instance=session)
    assert list(form.fields["trainers"].queryset) == [trainer]
    assert list(SessionForm().fields["trainers"].queryset) == []


def test_trainers_home_page_links_to_their_unavailable_days(client, trainer):
    client.force_login(trainer)
    assert f'href="{reverse("trainers:my_availability")}"' in client.get(reverse("home")).text

"""Venue pages: the list (organisers and staff), the form with its refusals, archiving and deleting."""

import pytest
from django.urls import reverse

from tests.factories import DistrictFactory, TrainingSessionFactory, VenueFactory
from trainings.models import Venue

pytestmark = pytest.mark.django_db


def form_data(district, **changes):
    return {"name_ru": "Актовый зал", "name_ky": "", "name_en": "", "district": district.pk, "address": "",
            "capacity": "60", "notes": "", **changes}  # fmt: skip


@pytest.mark.parametrize("count", [1, 3])
def test_venue_list_runs_a_fixed_number_of_queries(organiser_client, django_assert_num_queries, count):
    for _ in range(count):
        TrainingSessionFactory()
    organiser_client.get(reverse("trainings:venue_list"))  # the session and the user are cached from here on
    with django_assert_num_queries(4):  # session, user, roles, venues with districts, regions and session counts
        response = organiser_client.get(reverse("trainings:venue_list"))
    assert len(response.context["venues"]) == count


def test_organiser_sees_links_to_edit_each_venue(organiser_client):
    venue = VenueFactory(name="Актовый зал")

    content = organiser_client.get(reverse("trainings:venue_list")).content.decode()

    assert f'<a href="{reverse("trainings:venue_update", args=[venue.pk])}">Актовый зал</a>' in content
    assert reverse("trainings:venue_create") in content


def test_staff_read_the_list_without_links_to_change_it(staff_client):
    venue = VenueFactory(name="Актовый зал")

    content = staff_client.get(reverse("trainings:venue_list")).content.decode()

    assert "Актовый зал" in content
    assert reverse("trainings:venue_update", args=[venue.pk]) not in content
    assert reverse("trainings:venue_create") not in content


def test_trainers_may_not_open_the_venues(trainer_client):
    assert trainer_client.get(reverse("trainings:venue_list")).status_code == 403


def test_the_list_names_venues_in_the_active_language(organiser_client):
    VenueFactory(name_ru="Актовый зал акимиата Кеминского района", name_ky="Кемин райондук акимиатынын жыйындар залы")
    organiser_client.cookies["django_language"] = "ky"

    response = organiser_client.get(reverse("trainings:venue_list"))

    assert [venue.name for venue in response.context["venues"]] == ["Кемин райондук акимиатынын жыйындар залы"]
    assert "Кемин райондук акимиатынын жыйындар залы" in response.content.decode()


def test_creating_a_venue_from_the_form(organiser_client):
    district = DistrictFactory()

    response = organiser_client.post(reverse("trainings:venue_create"), form_data(district, notes="Второй этаж"))

    assert response.status_code == 302
    assert list(Venue.objects.values_list("name_ru", "district", "capacity", "notes")) == [
        ("Актовый зал", district.pk, 60, "Второй этаж")
    ]


@pytest.mark.parametrize("capacity", ["0", "-3"])
def test_the_form_refuses_a_capacity_below_one(organiser_client, capacity):
    response = organiser_client.post(reverse("trainings:venue_create"), form_data(DistrictFactory(), capacity=capacity))

    assert response.status_code == 200
    assert response.context["form"].errors == {"capacity": ["The capacity must be at least 1."]}
    assert Venue.objects.count() == 0


def test_the_form_refuses_a_duplicate_name_in_the_district(organiser_client):
    district = DistrictFactory()
    VenueFactory(name="Актовый зал", district=district)

    response = organiser_client.post(reverse("trainings:venue_create"), form_data(district))

    assert response.status_code == 200
    assert response.context["form"].errors == {"name_ru": ["A venue of this district is already named “Актовый зал”."]}
    assert Venue.objects.count() == 1


def test_editing_a_venue(organiser_client):
    venue = VenueFactory(name="Старый зал")

    response = organiser_client.post(
        reverse("trainings:venue_update", args=[venue.pk]), form_data(venue.district, name_ky="Жыйындар залы")
    )

    assert response.status_code == 302
    venue.refresh_from_db()
    assert (venue.name_ru, venue.name_ky, venue.capacity) == ("Актовый зал", "Жыйындар залы", 60)


def test_archiving_takes_a_venue_out_of_the_session_form(organiser_client):
    venue = VenueFactory(name="Старый клуб")

    organiser_client.post(reverse("trainings:venue_archive", args=[venue.pk]))

    venue.refresh_from_db()
    assert venue.archived is True
    form = organiser_client.get(reverse("trainings:session_create")).context["form"]
    assert venue not in set(form.fields["venue"].queryset)


def test_a_session_still_shows_its_archived_venue(organiser_client):
    session = TrainingSessionFactory(venue=VenueFactory(name="Старый клуб", archived=True))

    content = organiser_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()

    assert "Старый клуб" in content


def test_restoring_an_archived_venue(organiser_client):
    venue = VenueFactory(archived=True)

    organiser_client.post(reverse("trainings:venue_archive", args=[venue.pk]), {"archived": "0"})

    venue.refresh_from_db()
    assert venue.archived is False


def test_deleting_a_venue_in_use_is_refused_with_the_reason(organiser_client):
    venue = VenueFactory(name="Актовый зал")
    TrainingSessionFactory(venue=venue)

    page = organiser_client.get(reverse("trainings:venue_delete", args=[venue.pk])).content.decode()
    response = organiser_client.post(reverse("trainings:venue_delete", args=[venue.pk]), follow=True)

    assert "1 session is held at this venue: a venue in use cannot be deleted, only archived." in page
    assert [str(message) for message in response.context["messages"]] == [
        "Venue Актовый зал is used by 1 session and cannot be deleted: archive it instead."
    ]
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_deleting_an_unused_venue(organiser_client):
    venue = VenueFactory()

    response = organiser_client.post(reverse("trainings:venue_delete", args=[venue.pk]))

    assert response.status_code == 302
    assert not Venue.objects.exists()

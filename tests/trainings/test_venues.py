"""Venues (trainings.venues): create, edit, archive, delete, each refusal, and what the session form offers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import DistrictFactory, TrainingSessionFactory, VenueFactory
from trainings.forms import SessionForm
from trainings.models import Venue
from trainings.venues import create_venue, delete_venue, set_archived, update_venue, venue_list

pytestmark = pytest.mark.django_db

NAMES = {
    "name_ky": "Кемин райондук акимиатынын жыйындар залы",
    "name_ru": "Актовый зал акимиата Кеминского района",
    "name_en": "Kemin District Akimiat assembly hall",
}


def snapshot():
    return sorted(Venue.objects.values_list("name_ky", "name_ru", "name_en", "district_id", "capacity", "archived"))


def test_create_venue_keeps_every_field():
    district = DistrictFactory()

    venue = create_venue(
        **NAMES, district=district, address=" Кемин ш., Ленин к. 1 ", capacity=80, notes="Ключ у дежурного."
    )

    venue.refresh_from_db()
    assert (venue.name_ky, venue.name_ru, venue.name_en) == tuple(NAMES.values())
    assert (venue.district, venue.address, venue.capacity, venue.notes, venue.archived) == (
        district, "Кемин ш., Ленин к. 1", 80, "Ключ у дежурного.", False,
    )  # fmt: skip


@pytest.mark.parametrize(("language", "expected"), [("ky", NAMES["name_ky"]), ("ru", NAMES["name_ru"]),
                                                    ("en", NAMES["name_en"])])  # fmt: skip
def test_venue_is_named_in_the_active_language(language, expected):
    venue = VenueFactory(**NAMES)
    with translation.override(language):
        assert (venue.name, str(venue)) == (expected, expected)


def test_a_venue_without_a_kyrgyz_name_shows_the_russian_one_in_kyrgyz():
    venue = VenueFactory(name_ru="Актовый зал, Кемин", name_ky="", name_en="")
    with translation.override("ky"):
        assert venue.name == "Актовый зал, Кемин"
    with translation.override("en"):
        assert venue.name == "Актовый зал, Кемин"


def test_update_venue_changes_its_fields():
    venue = VenueFactory(name="Старый зал", capacity=30)

    update_venue(venue=venue, name_ru="Новый зал", name_ky="Жаңы зал", capacity=45, notes="Второй этаж")

    venue.refresh_from_db()
    assert (venue.name_ru, venue.name_ky, venue.capacity, venue.notes) == ("Новый зал", "Жаңы зал", 45, "Второй этаж")


@pytest.mark.parametrize("field", ["name_ky", "name_ru", "name_en"])
def test_a_name_another_venue_of_the_district_has_in_any_language_is_refused(field):
    district = DistrictFactory()
    VenueFactory(**NAMES, district=district)
    before = snapshot()
    # The new venue uses the existing one's name (in another case) in one of its languages.
    names = {"name_ru": "Другой зал", field: NAMES["name_ru"].upper()}

    with pytest.raises(ValidationError) as refused:
        create_venue(**names, district=district)

    assert refused.value.message_dict == {
        field: [f"A venue of this district is already named “{NAMES['name_ru'].upper()}”."]
    }
    assert snapshot() == before


def test_the_same_name_in_another_district_is_allowed():
    VenueFactory(**NAMES, district=DistrictFactory())

    create_venue(**NAMES, district=DistrictFactory())

    assert Venue.objects.filter(name_ru=NAMES["name_ru"]).count() == 2


def test_a_duplicate_of_an_archived_venue_says_to_restore_it():
    district = DistrictFactory()
    VenueFactory(name="Актовый зал", district=district, archived=True)

    with pytest.raises(ValidationError) as refused:
        create_venue(name_ru="Актовый зал", district=district)

    assert refused.value.message_dict == {
        "name_ru": ["An archived venue of this district is already named “Актовый зал”: restore it instead."]
    }


def test_renaming_a_venue_to_its_neighbours_name_is_refused():
    district = DistrictFactory()
    VenueFactory(name="Актовый зал", district=district)
    venue = VenueFactory(name="Спортзал", district=district)

    with pytest.raises(ValidationError):
        update_venue(venue=venue, name_ru="актовый зал")

    venue.refresh_from_db()
    assert venue.name_ru == "Спортзал"


def test_a_venue_keeps_its_own_name_when_edited():
    venue = VenueFactory(**NAMES)

    update_venue(venue=venue, **NAMES, capacity=50)

    assert Venue.objects.get().capacity == 50


@pytest.mark.parametrize("capacity", [0, -5])
def test_capacity_below_one_is_refused(capacity):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        create_venue(name_ru="Актовый зал", district=DistrictFactory(), capacity=capacity)

    assert refused.value.message_dict == {"capacity": ["The capacity must be at least 1."]}
    assert snapshot() == before


def test_capacity_may_be_left_unknown():
    assert create_venue(name_ru="Актовый зал", capacity=None).capacity is None


def test_archiving_and_restoring_a_venue():
    venue = VenueFactory()

    set_archived(venue=venue, archived=True)
    assert Venue.objects.get().archived is True
    set_archived(venue=venue, archived=False)
    assert Venue.objects.get().archived is False


def test_an_unused_venue_is_deleted():
    venue = VenueFactory()

    delete_venue(venue=venue)

    assert Venue.objects.count() == 0


def test_a_venue_in_use_cannot_be_deleted():
    venue = VenueFactory(name="Актовый зал")
    TrainingSessionFactory(venue=venue)

    with pytest.raises(ValidationError) as refused:
        delete_venue(venue=venue)

    assert refused.value.messages == [
        "Venue Актовый зал is used by 1 session and cannot be deleted: archive it instead."
    ]
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_venue_list_shows_archived_venues_apart():
    kept = VenueFactory(name="Актовый зал")
    archived = VenueFactory(name="Старый клуб", archived=True)

    assert list(venue_list()) == [kept]
    assert list(venue_list(archived=True)) == [archived]


def test_venue_list_finds_a_venue_by_its_kyrgyz_name_or_district():
    district = DistrictFactory(name_ru="Кеминский район", name_ky="Кемин району")
    wanted = VenueFactory(**NAMES, district=district)
    VenueFactory(name="Спортзал")

    assert list(venue_list(query="жыйындар")) == [wanted]
    assert list(venue_list(query="кемин району")) == [wanted]


def test_session_form_offers_no_archived_venue():
    active = VenueFactory(name="Актовый зал")
    archived = VenueFactory(name="Старый клуб", archived=True)

    offered = set(SessionForm().fields["venue"].queryset)

    assert active in offered
    assert archived not in offered


def test_a_session_keeps_its_archived_venue_on_its_form():
    venue = VenueFactory(name="Старый клуб", archived=True)
    session = TrainingSessionFactory(venue=venue)

    assert venue in set(SessionForm(instance=session).fields["venue"].queryset)


def test_session_form_groups_venues_by_region_and_names_their_district():
    district = DistrictFactory(name_ru="Кеминский район", name_ky="Кемин району", region__name_ky="Чүй облусу")
    venue = VenueFactory(**NAMES, district=district)

    with translation.override("ky"):
        choices = SessionForm().fields["venue"].choices

    assert choices == [
        ("", "---------"),
        ("Чүй облусу", [(venue.pk, "Кемин райондук акимиатынын жыйындар залы — Кемин району")]),
    ]

"""Searches fold the case of Cyrillic letters on both databases (portal/sqlite.py for the embedded SQLite)."""

import pytest
from django.db.models.functions import Lower, Upper

from tests.factories import DeputyFactory, TrainingSessionFactory
from trainings.models import Venue
from trainings.selectors import deputy_candidates, session_list

pytestmark = pytest.mark.django_db


def test_deputy_search_ignores_the_case_of_kyrgyz_letters():
    session = TrainingSessionFactory()
    wanted = DeputyFactory(last_name="Өмүрбекова", first_name="Айгүл")
    DeputyFactory(last_name="Асанов", first_name="Бакыт")
    assert list(deputy_candidates(session, query="айгүл өмүрБЕК")) == [wanted]


def test_session_search_finds_a_venue_typed_in_lower_case(organiser):
    wanted = TrainingSessionFactory(venue__name="Кемин, ДК")
    TrainingSessionFactory(venue__name="Токмок, школа №1")
    assert list(session_list(organiser, query="кемин, дк")) == [wanted]


def test_wildcards_typed_in_a_search_are_plain_characters(organiser):
    literal = TrainingSessionFactory(venue__name="Зал_2 (100%)")
    TrainingSessionFactory(venue__name="Зал 21")
    assert list(session_list(organiser, query="л_2")) == [literal]
    assert list(session_list(organiser, query="100%)")) == [literal]


def test_lower_and_upper_fold_every_alphabet():
    TrainingSessionFactory(venue__name="Үй-бүлө ДК")
    venue = Venue.objects.annotate(lower=Lower("name_ru"), upper=Upper("name_ru")).get()
    assert (venue.lower, venue.upper) == ("үй-бүлө дк", "ҮЙ-БҮЛӨ ДК")

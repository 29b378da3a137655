"""The migration that gave venues names in three languages (trainings/migrations/0005): the one name a venue
had is kept as its Russian name, and a capacity of 0 (never a real one) becomes "unknown"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("trainings", "0004_campaign_target")]
AFTER = [("trainings", "0005_venue_names_and_archive")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    # The councils tables stay as the latest migration left them: read them with that state.
    graph = MigrationExecutor(connection).loader.graph
    councils = [node for node in graph.leaf_nodes() if node[0] == "councils"]
    return MigrationExecutor(connection).loader.project_state(targets + councils).apps


@pytest.fixture
def before_the_names(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_old_name_becomes_the_russian_one_and_nothing_else_changes(before_the_names):
    region = before_the_names.get_model("councils", "Region").objects.create(code="41708000000000", name_ru="Чуй")
    district = before_the_names.get_model("councils", "District").objects.create(
        code="41708213000000", region=region, name_ru="Кеминский район"
    )
    old_venue = before_the_names.get_model("trainings", "Venue")
    old_venue.objects.create(name="Актовый зал, Кеминский район", district=district, address="Кемин", capacity=40)
    old_venue.objects.create(name="Клуб", district=None, capacity=0)

    apps = migrate(AFTER)

    venues = apps.get_model("trainings", "Venue").objects.order_by("name_ru")
    assert list(venues.values_list("name_ru", "name_ky", "name_en", "district_id", "address", "capacity",
                                   "archived", "notes")) == [
        ("Актовый зал, Кеминский район", "", "", district.pk, "Кемин", 40, False, ""),
        ("Клуб", "", "", None, "", None, False, ""),
    ]  # fmt: skip

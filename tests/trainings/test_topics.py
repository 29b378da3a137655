"""The five topics of the 2021 press release are installed by a data migration."""

import importlib

import pytest
from django.apps import apps

from trainings.models import Topic

pytestmark = pytest.mark.django_db

migration = importlib.import_module("trainings.migrations.0002_default_topics")


def test_the_five_press_release_topics_exist_in_three_languages():
    # Transactional tests elsewhere flush the database, so the migration's step is run again here;
    # running it twice must change nothing.
    migration.add_topics(apps, None)
    migration.add_topics(apps, None)

    topics = list(Topic.objects.order_by("order"))
    assert [topic.code for topic in topics] == [
        "lsg-foundations",
        "planning-and-state-bodies",
        "deputy-rights",
        "citizen-participation",
        "budget-transparency",
    ]
    assert all(topic.name_ky and topic.name_ru and topic.name_en for topic in topics)
    assert topics[2].name_ky == "Жергиликтүү кеңештин депутатынын укуктары жана компетенциясы"

"""Trainer accounts: an English message catalogue and a region to work in."""

import pytest
from django.utils import translation

from tests.factories import RegionFactory


@pytest.fixture(autouse=True)
def _english():
    # Messages built outside a request use the thread's active language, which other tests may change.
    with translation.override("en"):
        yield


@pytest.fixture
def region(db):
    RegionFactory.reset_sequence()
    return RegionFactory(name_ru="Чуйская область", name_en="Chüy Region")


def trainer_data(**changes):
    data = {
        "username": "a.asanov",
        "first_name": "Асан",
        "last_name": "Асанов",
        "phone": "0700 123 456",
        "email": "",
        "languages": ["ky", "ru"],
    }
    return data | changes

"""`FastSelect` writes what Django's Select writes, without a template per option."""

import re

import pytest
from django import forms

from trainings.widgets import FastSelect


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "choices",
    [
        [("", "Any"), ("1", "Асанов & Co"), ("2", "<script>")],
        [("", "Any"), ("Чүй", [("3", "Кемин"), ("4", "Чоң-Кемин")]), ("5", "Other")],
    ],
)
@pytest.mark.parametrize("value", ["", "2", "4", None])
def test_the_markup_is_the_same_as_djangos(choices, value):
    attrs = {"id": "id_trainer", "class": "form-select"}
    expected = forms.Select(choices=choices).render("trainer", value, attrs)
    assert normalised(FastSelect(choices=choices).render("trainer", value, attrs)) == normalised(expected)

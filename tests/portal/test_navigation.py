"""The top bar: less used pages share a dropdown, the user menu holds administration, password and logout."""

import pytest
from django.urls import reverse

from portal.navigation import menu_for

pytestmark = pytest.mark.django_db


def labels(entries):
    return [str(entry["label"]) for entry in entries]


def test_imports_share_one_dropdown_for_organisers(organiser):
    menu = menu_for(organiser, "/")
    assert labels(menu["main"]) == ["Home", "Campaigns", "Sessions", "Dashboards", "Councils", "Deputies", "Imports"]
    imports = menu["main"][-1]
    assert [child["url"] for child in imports["children"]] == [
        reverse("councils:import_start"),
        reverse("assessments:results_import"),
    ]
    assert menu["user"] == []


def test_administration_is_in_the_user_menu_of_administrators(admin_user):
    menu = menu_for(admin_user, "/")
    assert [entry["url"] for entry in menu["user"]] == [reverse("admin:index")]
    assert "Administration" not in labels(menu["main"])


def test_trainers_get_no_imports_dropdown(trainer):
    assert labels(menu_for(trainer, "/")["main"]) == ["Home", "Sessions", "Deputies"]


def test_the_current_section_is_marked_active(organiser):
    menu = menu_for(organiser, reverse("assessments:results_import"))
    active = [str(entry["label"]) for entry in menu["main"] if entry["active"]]
    assert active == ["Imports"]
    home = menu_for(organiser, reverse("trainings:session_list"))["main"][0]
    assert home["active"] is False


@pytest.mark.parametrize("persona", ["trainer_client", "staff_client", "organiser_client", "admin_client_"])
def test_every_persona_has_password_change_and_logout(persona, request):
    content = request.getfixturevalue(persona).get(reverse("home")).content.decode()
    assert f'<a class="dropdown-item" href="{reverse("password_change")}">' in content
    assert f'<form method="post" action="{reverse("logout")}">' in content


def test_menu_collapses_below_1200_pixels(organiser_client):
    # Kyrgyz and Russian labels do not fit in one line below that width (checked by tests/e2e/test_pages.py).
    assert 'class="navbar navbar-expand-xl' in organiser_client.get(reverse("home")).content.decode()

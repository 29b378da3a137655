"""The top bar: less used pages share a dropdown, the user menu holds administration, password and logout."""

import pytest
from django.urls import reverse

from portal.navigation import menu_for

pytestmark = pytest.mark.django_db


def labels(entries):
    return [str(entry["label"]) for entry in entries]


def test_imports_share_one_dropdown_for_organisers(organiser):
    menu = menu_for(organiser, "/")
    assert labels(menu["main"]) == [
        "Home", "Campaigns", "Sessions", "Planning", "Dashboards", "Councils", "Deputies", "Imports"
    ]  # fmt: skip
    planning = menu["main"][3]
    assert [child["url"] for child in planning["children"]] == [
        reverse("trainings:venue_list"),
        reverse("trainers:trainer_list"),
        reverse("trainers:workload"),
        reverse("trainings:planning_index"),
    ]
    imports = menu["main"][-1]
    assert [child["url"] for child in imports["children"]] == [
        reverse("councils:import_start"),
        reverse("councils:import_upload", args=["results"]),
    ]
    assert menu["user"] == []


def test_results_import_link_opens_the_upload_page_itself(organiser_client, organiser):
    """The menu links to the results kind's upload page, not to its old address that redirects there."""
    imports = menu_for(organiser, "/")["main"][-1]
    results = next(child for child in imports["children"] if str(child["label"]) == "Results import")
    response = organiser_client.get(results["url"])
    assert response.status_code == 200
    assert response.context["kind"].key == "results"


def test_administration_is_in_the_user_menu_of_administrators(admin_user):
    menu = menu_for(admin_user, "/")
    assert [entry["url"] for entry in menu["user"]] == [reverse("admin:index")]
    assert "Administration" not in labels(menu["main"])


def test_trainers_get_no_imports_dropdown(trainer):
    assert labels(menu_for(trainer, "/")["main"]) == ["Home", "Sessions", "Deputies"]


def test_the_current_section_is_marked_active(organiser):
    menu = menu_for(organiser, reverse("councils:import_upload", args=["results"]))
    active = [str(entry["label"]) for entry in menu["main"] if entry["active"]]
    assert active == ["Imports"]
    # Of the nested links (/imports/ and /imports/results/), only the page's own one.
    assert labels(child for child in menu["main"][-1]["children"] if child["active"]) == ["Results import"]
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

"""Login, logout, password change; anonymous visitors are sent to the login page."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_the_portals_own_look(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deputy Training Portal" in html
    assert 'name="language"' in html  # the language switcher is on the login page too


def test_user_logs_in_with_username_and_password(client, trainer):
    response = client.post(reverse("login"), {"username": "trainer", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == trainer


def test_wrong_password_is_refused_with_a_message(client, trainer):
    response = client.post(reverse("login"), {"username": "trainer", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_ends_the_session(trainer_client):
    response = trainer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert trainer_client.get(reverse("home")).status_code == 302


def test_password_change(trainer_client, trainer):
    response = trainer_client.post(
        reverse("password_change"),
        {"old_password": "secret-pass-123", "new_password1": "Jaңy-syrsoz-2026", "new_password2": "Jaңy-syrsoz-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    trainer.refresh_from_db()
    assert trainer.check_password("Jaңy-syrsoz-2026")


def portal_pages():
    """Every named page of the portal without URL arguments, except those open to anonymous visitors."""
    from django.urls import NoReverseMatch, get_resolver

    open_pages = {"login", "health", "set_language", "favicon", "manifest", "service_worker", "verify"}
    names = []
    for name in get_resolver().reverse_dict:
        if not isinstance(name, str) or name in open_pages:
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            continue  # needs arguments: covered by the authorization matrix
        names.append(name)
    return sorted(names)


@pytest.mark.parametrize("url_name", portal_pages())
def test_anonymous_visitors_are_sent_to_the_login_page(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_navigation_shows_each_role_what_it_may_use(client, trainer, admin_user):
    client.force_login(trainer)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Administration" not in labels
    client.force_login(admin_user)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Administration" in labels


def test_roles_are_created_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {"admin", "organiser", "trainer", "staff"}

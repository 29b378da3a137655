"""403, 404, CSRF-failure and 500 pages in the portal's look, in the reader's language, with a way home."""

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.errors import server_error

pytestmark = pytest.mark.django_db


def page_in(response, language, heading):
    """The error page's text as the reader's language renders it: heading, title of the site, home link."""
    content = response.content.decode()
    with translation.override(language):
        expected = [f'<html lang="{language}">', gettext(heading), gettext("Deputy Training Portal")]
        expected.append(f'href="{reverse("home")}">{gettext("Go to the home page")}</a>')
    return [text for text in expected if text not in content]


def test_trainer_opening_a_dashboard_gets_the_translated_403_page(trainer_client):
    trainer_client.cookies["django_language"] = "ky"
    response = trainer_client.get(reverse("portal:dashboard_index"))
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["errors/403.html", "errors/error_page.html"]
    assert page_in(response, "ky", "Access denied") == []
    # The menu is there: the trainer can go on from the error page.
    assert f'href="{reverse("trainings:session_list")}"' in response.content.decode()


def test_back_link_leads_to_the_page_the_visitor_came_from(trainer_client):
    came_from = "http://testserver" + reverse("trainings:session_list")
    response = trainer_client.get(reverse("portal:dashboard_index"), HTTP_REFERER=came_from)
    assert f'<a class="btn btn-outline-secondary" href="{came_from}">' in response.content.decode()


def test_back_link_never_leads_to_another_site(trainer_client):
    response = trainer_client.get(reverse("portal:dashboard_index"), HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_unknown_address_gets_the_translated_404_page(organiser_client):
    organiser_client.cookies["django_language"] = "ru"
    response = organiser_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    assert page_in(response, "ru", "Page not found") == []


def test_anonymous_visitor_gets_the_404_page_too(client):
    response = client.get("/no-such-page/")
    assert (response.status_code, response.templates[0].name) == (404, "errors/404.html")


def test_form_sent_without_a_valid_token_gets_the_csrf_page(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    client.cookies["django_language"] = "ky"
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert response.templates[0].name == "errors/403_csrf.html"
    assert page_in(response, "ky", "The form could not be sent") == []


@pytest.mark.urls("tests.portal.error_urls")
def test_server_error_gets_the_translated_500_page(organiser):
    client = Client(raise_request_exception=False)
    client.force_login(organiser)
    client.cookies["django_language"] = "ru"
    response = client.get("/broken/")
    assert response.status_code == 500
    assert page_in(response, "ru", "Server error") == []
    assert "a failure the 500 page must hide" not in response.content.decode()


def test_500_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(HttpRequest())
    assert response.status_code == 500
    assert 'href="/static/css/portal.css"' in response.content.decode()


def test_favicon_answers_every_visitor(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/img/favicon.ico")
    icon = client.get(response["Location"])
    assert (icon.status_code, icon["Content-Type"]) == (200, "image/x-icon")


def test_pages_link_the_favicon(client):
    content = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content

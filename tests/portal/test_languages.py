"""The portal speaks Kyrgyz, Russian and English, and remembers the visitor's choice."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ky", "Депутаттарды окутуу порталы"), ("ru", "Портал обучения депутатов"), ("en", "Deputy Training Portal")],
)
def test_login_page_in_each_language(client, language, expected):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<title>{{}} · {expected}</title>".format({"ky": "Кирүү", "ru": "Вход", "en": "Log in"}[language]) in html


def test_language_switcher_remembers_the_choice(client, trainer):
    client.force_login(trainer)
    response = client.post(reverse("set_language"), {"language": "ky", "next": reverse("home")})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ky"
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ky">' in html
    assert "Сырсөздү өзгөртүү" in html  # "Change password" in Kyrgyz


def test_anonymous_visitor_can_switch_language_on_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "ru", "next": reverse("login")})
    assert response.status_code == 302
    assert '<h1 class="h3 my-3">Вход</h1>' in client.get(reverse("login")).content.decode()

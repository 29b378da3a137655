"""Hardening: login throttling, the Content-Security-Policy, and a clean `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.portal.test_settings import SETTINGS_VARIABLES

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_five_failures_even_with_the_right_password(client, trainer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "trainer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "trainer", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_content_security_policy_allows_no_inline_scripts(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_pages_carry_no_inline_script(admin_client_):
    html = admin_client_.get(reverse("home")).content.decode()
    assert html.count("<script") == html.count("<script src=")


def test_check_deploy_is_clean_under_production_settings():
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        DATABASE_URL=os.environ["DATABASE_URL"],
        SECRET_KEY="a-long-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="portal.example.kg",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout

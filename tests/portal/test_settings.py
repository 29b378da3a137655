"""Settings come from the environment: embedded default with nothing set, PostgreSQL + Redis otherwise."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'host': s.DATABASES['default'].get('HOST'), 'broker': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'debug': s.DEBUG, 'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False), "
    "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'cookie_secure': s.SESSION_COOKIE_SECURE}))"
)
SETTINGS_VARIABLES = {
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "STATIC_MANIFEST", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS",
}  # fmt: skip


def load_settings(**variables):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE="portal.settings")
    output = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def test_nothing_set_runs_on_embedded_sqlite_with_tasks_in_process():
    loaded = load_settings()
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"].endswith("db.sqlite3")
    assert loaded["broker"] == "memory://localhost/"
    assert loaded["eager"] is True
    assert loaded["debug"] is True


def test_database_and_redis_urls_select_postgresql_and_the_redis_broker():
    loaded = load_settings(
        DATABASE_URL="postgres://portal:pw@db.example:5433/portal_prod",
        REDIS_URL="redis://cache.example:6380/2",
        SECRET_KEY="x" * 50,
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "portal_prod"
    assert loaded["host"] == "db.example"
    assert loaded["broker"] == "redis://cache.example:6380/2"
    assert loaded["eager"] is False


def test_production_defaults_are_safe_when_debug_is_off():
    loaded = load_settings(DATABASE_URL="postgres://p@h/db", SECRET_KEY="x" * 50)
    assert loaded["debug"] is False
    assert loaded["ssl_redirect"] is True
    assert loaded["hsts"] == 31536000
    assert loaded["cookie_secure"] is True


def test_a_missing_secret_key_is_refused_in_production():
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(DATABASE_URL="postgres://p@h/db", DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.postgres_only
def test_the_tests_themselves_run_on_postgresql_and_redis():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

"""Fixtures shared by all tests: personas, clients, and a real Celery worker."""

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from roles import Role
from tests import processes
from tests.celery_worker import WorkerProcess

# Tests that need a PostgreSQL cluster or Redis server of their own, or PostgreSQL itself (pg_dump, row locks
# seen in pg_stat_activity). With every `celery_worker` test they are marked `postgres_only`, and the
# SQLite pass of `make test` leaves them out.
POSTGRES_ONLY_PATHS = ("tests/faults/", "tests/ops/test_backup_restore.py", "tests/ops/test_production_recipe.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path.relative_to(config.rootpath).as_posix()
        if item.get_closest_marker("celery_worker") or path.startswith(POSTGRES_ONLY_PATHS):
            item.add_marker(pytest.mark.postgres_only)


def pytest_sessionfinish(session, exitstatus):
    """No process the tests started may outlive them (a worker's beat once did): end and report any."""
    left = processes.leftovers()
    for process in left:
        process.kill()
    if left:
        names = "; ".join(f"{p.pid}: {' '.join(p.info['cmdline'] or [])[:120]}" for p in left)
        writer = session.config.get_terminal_writer()
        writer.line(f"Processes left running by the tests (now killed): {names}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _sms_directory(tmp_path_factory):
    return tmp_path_factory.mktemp("sms")


@pytest.fixture(autouse=True)
def _sms_to_a_temporary_file(settings, _sms_directory):
    """The file SMS backend (the default) writes where the test run keeps its files, not into the checkout."""
    settings.SMS_FILE_PATH = str(_sms_directory / "sms.jsonl")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, whatever an earlier request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="secret-pass-123", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_user(django_user_model):
    return make_user(django_user_model, "admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def organiser(django_user_model):
    return make_user(django_user_model, "organiser", Role.ORGANISER, first_name="Айгүл", last_name="Осмонова")


@pytest.fixture
def trainer(django_user_model):
    return make_user(django_user_model, "trainer", Role.TRAINER, first_name="Бакыт", last_name="Асанов")


@pytest.fixture
def other_trainer(django_user_model):
    return make_user(django_user_model, "other_trainer", Role.TRAINER, first_name="Нурлан", last_name="Токтогулов")


@pytest.fixture
def staff_viewer(django_user_model):
    return make_user(django_user_model, "staff", Role.STAFF, first_name="Elena", last_name="Petrova")


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def organiser_client(client, organiser):
    return _client_for(client, organiser)


@pytest.fixture
def trainer_client(client, trainer):
    return _client_for(client, trainer)


@pytest.fixture
def staff_client(client, staff_viewer):
    return _client_for(client, staff_viewer)


@pytest.fixture
def admin_client_(client, admin_user):
    return _client_for(client, admin_user)


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, django_db_blocker):
    """One worker for the whole session, on the test database; started on first use."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    worker = WorkerProcess(url)
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker(_celery_worker_process, transactional_db):
    """A running real Celery worker; data must be committed for it to see (transactional_db)."""
    if not _celery_worker_process.running:
        _celery_worker_process.start()
    return _celery_worker_process


@pytest.fixture
def own_worker(_celery_worker_process, transactional_db):
    """Start workers of this test's own (`own_worker(env, beat=False)`, env: settings such as short job
    timeouts); the session's worker is stopped meanwhile, so that it takes none of the test's tasks."""
    _celery_worker_process.stop()
    started = []

    def start(env=None, beat=False):
        worker = WorkerProcess(_celery_worker_process.database_url, env, beat).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


# Debian's Chromium, as the probe and CI run it: no sandbox (root), no background network traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Debian Chromium driven by Playwright, closed after the test."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    """A page in a 360 × 740 viewport, the smallest phone the portal supports."""
    return chromium.new_page(viewport={"width": 360, "height": 740})

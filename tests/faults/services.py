"""Private PostgreSQL and Redis servers, and the portal under gunicorn, for the fault tests.

The fault tests stop and restart services; they do it to servers of their own, started here on free
ports in temporary directories, so that the shared PostgreSQL and Redis other test runs use are never
touched. PostgreSQL refuses to run as root: as root the cluster is created and run as the `postgres`
OS user.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from tests import processes

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout: float, message: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(message)


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise FileNotFoundError(f"{name} not found (PostgreSQL server binaries)")
    return on_path


class PrivatePostgres:
    """A throw-away PostgreSQL cluster: initdb in a temporary directory, pg_ctl on a free port."""

    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *command, check=True):
        if self.as_root:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self):
        if self.as_root:
            shutil.chown(self.directory, "postgres")
        self._run(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync")  # fmt: skip
        return self

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        return self

    def stop(self):
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-m", "fast",
                  "-w", "restart")  # fmt: skip

    def create_database(self, name):
        self._run(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class PrivateRedis:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def url(self, db=0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        self.process = processes.start(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, 10, "redis-server did not start")
        return self

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        processes.stop(self.process, timeout=10)
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None


def portal_env(database_url: str, redis_url: str = "") -> dict:
    """The environment of a portal process (manage.py, gunicorn, Celery) on the given services."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="fault-tests-secret-key-" + "x" * 30,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",
        LANGUAGE_CODE="en",
        CONN_MAX_AGE="60",
        HEALTH_CELERY_TIMEOUT="0.3",
    )
    if not redis_url:
        env.pop("REDIS_URL")
    return env


def manage(env, *args, timeout=300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def seed_small_world(env) -> dict:
    """Accounts and one session with participants, written by `tests/faults/seed.py`; returns its ids."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.seed"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


class Gunicorn:
    """The portal served by gunicorn, as in production (sync workers)."""

    def __init__(self, env, workers=1, threads=1):
        self.env = env
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.process = None
        self.log = Path(tempfile.mkstemp(prefix="portal-gunicorn-", suffix=".log")[1])

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with self.log.open("w") as log:
            self.process = processes.start(
                [str(VENV_BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--threads", str(self.threads), "--timeout", "60"],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for(self._answers, 60, f"gunicorn did not start:\n{self.log.read_text()[-3000:]}", interval=0.2)
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(self.base_url + "/accounts/login/", timeout=2)
            return True
        except (urllib.error.URLError, OSError):
            return False

    def stop(self):
        processes.stop(self.process)
        self.process = None

    def output(self) -> str:
        return self.log.read_text()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser, reduced to cookies, CSRF tokens and forms (no JavaScript)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def _cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def request(self, method, path, data=None, headers=None, timeout=30):
        """(status, body text, headers) of one request; redirects are not followed."""
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        request.add_header("Referer", self.base_url + path)
        if method == "POST":
            request.add_header("X-CSRFToken", self._cookie("csrftoken"))
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        if not self._cookie("csrftoken"):
            self.get("/accounts/login/")
        return self.request("POST", path, data=data, **kwargs)

    def upload(self, path, fields, filename, content: bytes):
        """POST a form with one file (multipart/form-data), as the upload pages expect."""
        if not self._cookie("csrftoken"):
            self.get("/accounts/login/")
        boundary = "----portal-test-boundary"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("X-CSRFToken", self._cookie("csrftoken"))
        request.add_header("Referer", self.base_url + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def login(self, username, password):
        self.get("/accounts/login/")
        status, body, headers = self.post("/accounts/login/", {"username": username, "password": password})
        if status != 302:
            raise AssertionError(f"login of {username} answered {status}: {body[:500]}")
        return self

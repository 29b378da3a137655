"""The README's Production section, performed as written.

The commands are read from the README's Production block, so the README and this test cannot drift: a
step the test does not know how to perform fails the test. They run in a scratch copy of the project
(the files git tracks, with node_modules linked), on a scratch PostgreSQL database and a private
redis-server, with only the environment the README exports — DEBUG off, the manifest static storage,
SSL redirect on. Two liberties, both named where they are taken: `pip install` gets `--no-index` (it must
find every requirement installed already instead of downloading), and `scripts/vendor.sh` gets
`--no-install` (it copies from the installed node_modules instead of running `npm ci`, which needs the
network). gunicorn binds a free port instead of 8000.

Then, as a browser behind the TLS-terminating proxy would (the proxy sets `X-Forwarded-Proto: https`): the
login page, a hashed static file named in it, a source map named by a vendored file, a login and the demo
campaign's dashboard, whose statistics only the Celery worker computes.
"""

import gzip
import http.client
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests import processes
from tests.faults.services import PrivateRedis, free_port, wait_for

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
README = BASE_DIR / "README.md"
# Only what any shell has: the portal's settings come from the README's `export` line alone.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
CAMPAIGN = "VOICE-2021"  # the demo campaign of `seed_demo`


def production_steps(readme: str) -> list[list[str]]:
    """The commands of the README's Production block, one list of words per command (`&&` splits)."""
    block = re.search(r"^## Production\n+```sh\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    assert block, "README.md has no ```sh block right under '## Production'"
    steps = []
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        while words:
            end = words.index("&&") if "&&" in words else len(words)
            steps.append(words[:end])
            words = words[end + 1 :]
    return steps


def test_production_steps_are_read_from_the_readme():
    readme = "## Production\n\n```sh\na --x 1 && b   # note\nexport A=1\n```\nmore\n```sh\nnot this\n```\n"
    assert production_steps(readme) == [["a", "--x", "1"], ["b"], ["export", "A=1"]]


def _admin(sql):
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


@pytest.fixture
def scratch_database():
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_production_recipe"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


def scratch_copy(target: Path) -> Path:
    """The project as a fresh clone has it (tracked and new, not ignored, files), node_modules linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = BASE_DIR / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to((BASE_DIR / "node_modules").resolve())
    return target


class Recipe:
    """Performs the README's steps in a project directory and keeps the servers it starts."""

    def __init__(self, project: Path, logs: Path, provided: dict):
        self.project, self.logs, self.provided = project, logs, provided
        self.env = {key: os.environ[key] for key in INHERITED if key in os.environ}
        self.env["PATH"] = f"{VENV_BIN}:{self.env.get('PATH', '/usr/bin:/bin')}"  # an activated virtualenv
        self.outputs = {}  # "python manage.py …" → its output
        self.servers = {}  # "gunicorn" / "celery worker" / "celery beat" → (process, log file)
        self.port = free_port()

    def perform(self, step: list[str]):
        program = step[0]
        if program == "export":
            self.export(step[1:])
        elif program == "pip":
            self.run([*step, "--no-index"])  # liberty: nothing is downloaded
        elif program == "scripts/vendor.sh":
            self.run([program, "--no-install", *step[1:]])  # liberty: node_modules is installed already
        elif program == "python":
            self.outputs[shlex.join(step)] = self.run(step)
        elif program == "gunicorn":
            bind = step.index("--bind") + 1
            self.start("gunicorn", [*step[:bind], f"127.0.0.1:{self.port}", *step[bind + 1 :]])
        elif program == "celery" and {"worker", "beat"} & set(step):
            self.start("celery worker" if "worker" in step else "celery beat", step)
        else:
            pytest.fail(f"the README's Production section has a step this test does not perform: {shlex.join(step)}")

    def export(self, assignments):
        for assignment in assignments:
            name, value = assignment.split("=", 1)
            if value == "...":
                assert name in self.provided, f"the README leaves {name} to the reader; the test has no value for it"
                value = self.provided[name]
            self.env[name] = value

    def run(self, command) -> str:
        result = subprocess.run(command, cwd=self.project, env=self.env, capture_output=True, text=True, timeout=600)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{shlex.join(command)} failed:\n{output[-5000:]}"
        return output

    def start(self, name, command):
        log = self.logs / f"{name.replace(' ', '-')}.log"
        with log.open("w") as output:
            process = processes.start(command, cwd=self.project, env=self.env, stdout=output, stderr=subprocess.STDOUT)
        self.servers[name] = (process, log)

    def log(self, name) -> str:
        return self.servers[name][1].read_text()

    def stop(self):
        for process, _log in reversed(self.servers.values()):
            processes.stop(process, timeout=30)


class Visitor:
    """A browser behind the TLS-terminating proxy: the proxy passes Host on and sets X-Forwarded-Proto."""

    def __init__(self, port: int, host: str):
        self.port, self.host = port, host
        self.cookies = {}

    def request(self, method, path, form=None, *, via_tls=True):
        headers = {"Host": self.host, "Accept-Language": "en", "Accept-Encoding": "gzip"}
        if via_tls:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response, content

    def page(self, path) -> str:
        response, content = self.request("GET", path)
        assert response.status == 200, f"GET {path}: {response.status} {response.headers}"
        return _decoded(response, content).decode()


def test_the_readme_production_recipe_serves_the_portal(tmp_path, scratch_database, private_redis):
    project = scratch_copy(tmp_path / "portal")
    assert not (project / "static" / "vendor").exists()  # so the vendoring step is tested too
    logs = tmp_path / "logs"
    logs.mkdir()
    recipe = Recipe(project, logs, {
        "DATABASE_URL": scratch_database,
        "REDIS_URL": private_redis.url(),
        "SECRET_KEY": os.urandom(40).hex(),
    })  # fmt: skip
    steps = production_steps(README.read_text())
    started = time.monotonic()
    try:
        for step in steps:
            step_started = time.monotonic()
            recipe.perform(step)
            print(f"{time.monotonic() - step_started:6.1f} s  {shlex.join(step)}")
        setup_seconds = time.monotonic() - started
        assert set(recipe.servers) == {"gunicorn", "celery worker", "celery beat"}
        host = recipe.env["ALLOWED_HOSTS"].split(",")[0]

        # `check --deploy` with the production settings finds nothing, not even a warning.
        deploy_check = recipe.outputs["python manage.py check --deploy"]
        assert deploy_check.strip() == "System check identified no issues (0 silenced).", deploy_check

        visitor = Visitor(recipe.port, host)
        server = recipe.servers["gunicorn"][0]

        def answers():
            assert server.poll() is None, recipe.log("gunicorn")
            try:
                return visitor.request("GET", "/health/", via_tls=False)[0].status in (200, 503)
            except OSError:
                return False

        wait_for(answers, 60, "gunicorn did not answer", interval=0.3)

        # Plain http (the proxy's header missing) is sent to https; through the proxy the page is served.
        response, _ = visitor.request("GET", "/accounts/login/", via_tls=False)
        assert (response.status, response.headers["Location"]) == (301, f"https://{host}/accounts/login/")
        response, content = visitor.request("GET", "/accounts/login/")
        assert response.status == 200
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response.headers["Content-Encoding"] == "gzip"  # pages travel compressed (portal/compression.py)
        login_page = _decoded(response, content).decode()

        # A static file named in the page has a hashed name, is served compressed and cached for good.
        hashed = re.findall(r'"(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', login_page)
        assert hashed, "the login page names no hashed bootstrap.min.css"
        response, _ = visitor.request("GET", hashed[0])
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"

        # The source map a vendored file names is there under its hashed name (collectstatic used to stop here).
        manifest = json.loads((project / "staticfiles" / "staticfiles.json").read_text())["paths"]
        response, content = visitor.request("GET", f"/static/{manifest['vendor/chartjs/chart.umd.min.js']}")
        assert response.status == 200
        source_map = re.search(rb"sourceMappingURL=(\S+)", _decoded(response, content)).group(1).decode()
        assert source_map == Path(manifest["vendor/chartjs/chart.umd.min.js.map"]).name
        response, _ = visitor.request("GET", f"/static/vendor/chartjs/{source_map}")
        assert response.status == 200

        # The demo campaign and its accounts (README: load_reference_data, seed_demo).
        seeding = time.monotonic()
        recipe.run(["python", "manage.py", "load_reference_data"])
        accounts = recipe.run(["python", "manage.py", "seed_demo"])
        print(f"{time.monotonic() - seeding:6.1f} s  load_reference_data, seed_demo")
        password = re.search(r"^\s+staff\s+staff\s+(\S+)$", accounts, re.MULTILINE).group(1)

        # Logging in as project staff, with the CSRF token of the login form, over the proxy's https.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', visitor.page("/accounts/login/")).group(1)
        response, _ = visitor.request(
            "POST", "/accounts/login/", {"username": "staff", "password": password, "csrfmiddlewaretoken": token}
        )
        assert response.status == 302, response.headers
        session_cookie = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid="))
        assert "Secure" in session_cookie
        assert "HttpOnly" in session_cookie

        # The dashboard: its statistics are computed by the Celery worker only (gunicorn never computes
        # them on a page view), so an up-to-date dashboard shows the worker at work.
        def dashboard_up_to_date():
            page = visitor.page(f"/campaigns/{CAMPAIGN}/dashboard/")
            return re.search(r'dashboard-freshness" data-state="(\w+)"', page).group(1) == "up_to_date"

        computing = time.monotonic()
        try:
            wait_for(dashboard_up_to_date, 120, "the dashboard was never computed", interval=1)
        except TimeoutError:
            pytest.fail(f"the dashboard was never computed; the worker's log:\n{recipe.log('celery worker')[-5000:]}")
        print(f"{time.monotonic() - computing:6.1f} s  until the dashboard was up to date")
        dashboard = visitor.page(f"/campaigns/{CAMPAIGN}/dashboard/")
        summary = json.loads(re.search(r'<script id="dashboard-summary"[^>]*>(.*?)</script>', dashboard).group(1))
        assert summary["participants"] > 0
        assert re.search(r"Task assessments\.recompute_\w+\[[\w-]+\] succeeded", recipe.log("celery worker"))

        # /health/ finds the database, Redis and the worker.
        response, content = visitor.request("GET", "/health/")
        health = json.loads(_decoded(response, content))
        assert response.status == 200, health
        assert health["checks"]["celery"]["ok"]

        assert all(process.poll() is None for process, _log in recipe.servers.values()), "a server stopped early"
        print(f"recipe: {len(steps)} steps in {setup_seconds:.0f} s; in all {time.monotonic() - started:.0f} s")
    finally:
        recipe.stop()
    for name in recipe.servers:
        assert "Traceback" not in recipe.log(name), recipe.log(name)


def _decoded(response, content: bytes) -> bytes:
    return gzip.decompress(content) if response.headers.get("Content-Encoding") == "gzip" else content

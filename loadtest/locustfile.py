"""Load curve of the portal (`make load`): trainers saving scores, organisers on campaign and session pages,
staff on dashboards and exports, in steps of more and more users.

Each simulated user logs in once, through the login form with the demo accounts of `seed_demo`, and keeps
its session cookie for the whole run (a real person logs in once a day, not once a request), then:
- trainers (6 in 10) open one of their sessions' score grid and save scores cell by cell, as the grid does
  (htmx POST naming the version the cell started from), one every 1–3 s, reloading the grid now and then;
- organisers (2 in 10) read the campaign page, the session list and session pages, one every 3–8 s;
- staff (2 in 10) read the statistics dashboard, the statistics API and download the campaign report as CSV
  or XLSX, one every 5–15 s.

The users come in steps (`StepShape`): LOAD_STEPS users (default "25 50 100 200"), each step held for
LOAD_STEP_TIME seconds (60), users added at LOAD_SPAWN_RATE per second (10). Every request is recorded with
the step it was made in and written to LOAD_SAMPLES (a JSON-lines file) for `scripts/load_summary.py`, which
prints requests/s, p50/p95/p99 and errors per step and the knee. Add a page by adding a task to a user class.
"""

import json
import os
import random
import re
import time

from locust import HttpUser, LoadTestShape, between, events, task

CAMPAIGN = os.environ.get("LOAD_CAMPAIGN", "VOICE-2021")
PASSWORDS = {"trainer": "trainer-demo-2021", "organiser": "organiser-demo-2021", "staff": "staff-demo-2021"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSION_LINK = re.compile(r'href="/sessions/(\d+)/"')
CELL_FORM = re.compile(r'hx-post="(/sessions/\d+/scores/\d+/(?:pre|post)/)".*?name="version" value="(\d+)"', re.DOTALL)
VERSION = re.compile(r'name="version" value="(\d+)"')


def steps() -> list[int]:
    return [int(users) for users in os.environ.get("LOAD_STEPS", "25 50 100 200").split()]


STEP_TIME = float(os.environ.get("LOAD_STEP_TIME", "60"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "10"))


class StepShape(LoadTestShape):
    """LOAD_STEPS users, each step for LOAD_STEP_TIME seconds; then the run stops."""

    def tick(self):
        run_time = self.get_run_time()
        index = int(run_time // STEP_TIME)
        if index >= len(steps()):
            return None
        return steps()[index], SPAWN_RATE


# --- recording every request with its step ------------------------------------------------------------

_samples = None


@events.test_start.add_listener
def _open_samples(environment, **kwargs):
    global _samples
    path = os.environ.get("LOAD_SAMPLES")
    if path:
        _samples = open(path, "w")  # noqa: SIM115 (closed when the test stops)
        header = {"start": time.time(), "steps": steps(), "step_time": STEP_TIME, "spawn_rate": SPAWN_RATE}
        _samples.write(json.dumps(header) + "\n")


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, start_time=None, **kwargs):
    if _samples is not None:
        failed = exception is not None
        _samples.write(json.dumps([round(start_time or time.time(), 3), name, round(response_time, 1), failed]) + "\n")


@events.test_stop.add_listener
def _close_samples(environment, **kwargs):
    global _samples
    if _samples is not None:
        _samples.close()
        _samples = None


# --- the people ------------------------------------------------------------------------------------------


class PortalUser(HttpUser):
    abstract = True
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORDS[self.username], "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="log in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    def csrf_headers(self, referer):
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host + referer,
                "HX-Request": "true"}  # fmt: skip


class TrainerSavingScores(PortalUser):
    weight = 6
    username = "trainer"
    wait = (1, 3)  # reading the next answer sheet, typing the score, Enter
    wait_time = between(*wait)
    mix = {"save a score": 10, "score grid": 1}

    def on_start(self):
        super().on_start()
        sessions = SESSION_LINK.findall(self.client.get("/sessions/", name="session list").text)
        self.grid = f"/sessions/{random.choice(sessions)}/scores/"
        self.cells = {
            url: version for url, version in CELL_FORM.findall(self.client.get(self.grid, name="score grid").text)
        }

    @task(mix["save a score"])
    def save_a_score(self):
        url = random.choice(list(self.cells))
        with self.client.post(
            url,
            {"score": str(random.randint(1, 10)), "version": self.cells[url]},
            headers=self.csrf_headers(self.grid),
            name="save a score",
            catch_response=True,
        ) as response:
            versions = VERSION.findall(response.text)
            if response.status_code != 200 or not versions:
                response.failure(f"score save answered {response.status_code}")
            else:
                # The cell answers with the version now stored (or, after a conflict, the other person's).
                self.cells[url] = versions[0]

    @task(mix["score grid"])
    def reload_the_grid(self):
        page = self.client.get(self.grid, name="score grid")
        self.cells.update(dict(CELL_FORM.findall(page.text)))


class OrganiserPlanning(PortalUser):
    weight = 2
    username = "organiser"
    wait = (3, 8)
    wait_time = between(*wait)
    mix = {"campaign page": 3, "session list": 2, "session page": 4}

    def on_start(self):
        super().on_start()
        self.sessions = SESSION_LINK.findall(self.client.get("/sessions/", name="session list").text)

    @task(mix["campaign page"])
    def campaign_page(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/", name="campaign page")

    @task(mix["session list"])
    def session_list(self):
        self.client.get("/sessions/", name="session list")

    @task(mix["session page"])
    def session_page(self):
        self.client.get(f"/sessions/{random.choice(self.sessions)}/", name="session page")


class StaffReading(PortalUser):
    weight = 2
    username = "staff"
    wait = (5, 15)  # reading the page before the next click
    wait_time = between(*wait)
    mix = {"dashboard": 4, "stats API": 2, "campaign page": 1, "report CSV": 1, "report XLSX": 1}

    @task(mix["dashboard"])
    def dashboard(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/dashboard/", name="dashboard")

    @task(mix["stats API"])
    def stats_api(self):
        self.client.get(f"/api/stats/summary/?campaign={CAMPAIGN}", name="stats API")

    @task(mix["campaign page"])
    def campaign_page(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/", name="campaign page")

    @task(mix["report CSV"])
    def report_csv(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/report.csv", name="report CSV")

    @task(mix["report XLSX"])
    def report_xlsx(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/report.xlsx", name="report XLSX")


PEOPLE = (TrainerSavingScores, OrganiserPlanning, StaffReading)
# The path of each request (for scripts/load_cost.py, which measures them one by one); "{session}" and
# "{cell}" are filled in from the trainer's pages.
PATHS = {
    "save a score": "{cell}",
    "score grid": "/sessions/{session}/scores/",
    "campaign page": f"/campaigns/{CAMPAIGN}/",
    "session list": "/sessions/",
    "session page": "/sessions/{session}/",
    "dashboard": f"/campaigns/{CAMPAIGN}/dashboard/",
    "stats API": f"/api/stats/summary/?campaign={CAMPAIGN}",
    "report CSV": f"/campaigns/{CAMPAIGN}/report.csv",
    "report XLSX": f"/campaigns/{CAMPAIGN}/report.xlsx",
}


def demand() -> dict[str, float]:
    """Requests per second that one simulated user makes on average, by request name (logins left out: one
    per user and run). Response times add to the waits, so real users make slightly fewer."""
    total_weight = sum(person.weight for person in PEOPLE)
    rates = {}
    for person in PEOPLE:
        per_second = (person.weight / total_weight) / (sum(person.wait) / 2)
        for name, weight in person.mix.items():
            rates[name] = rates.get(name, 0.0) + per_second * weight / sum(person.mix.values())
    return rates

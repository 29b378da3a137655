"""Load test of the portal (`make load`): trainers saving scores, staff reading campaign pages.

Users log in through the login form with the demo accounts of `seed_demo`, then:
- trainers (4 in 5) open one of their sessions' score grid and save scores cell by cell, as the grid
  does (htmx POST naming the version the cell started from), one every 1–3 s;
- staff (1 in 5) read the campaign page and the session list, one page every 5–15 s.
Add a staff page by adding a task to StaffReader.
"""

import os
import random
import re

from locust import HttpUser, between, task

CAMPAIGN = os.environ.get("LOAD_CAMPAIGN", "VOICE-2021")
PASSWORDS = {"trainer": "trainer-demo-2021", "staff": "staff-demo-2021"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSION_LINK = re.compile(r'href="/sessions/(\d+)/"')
CELL_FORM = re.compile(r'hx-post="(/sessions/\d+/scores/\d+/(?:pre|post)/)".*?name="version" value="(\d+)"', re.DOTALL)
VERSION = re.compile(r'name="version" value="(\d+)"')


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
    weight = 4
    username = "trainer"
    wait_time = between(1, 3)  # reading the next answer sheet, typing the score, Enter

    def on_start(self):
        super().on_start()
        sessions = SESSION_LINK.findall(self.client.get("/sessions/", name="session list").text)
        self.grid = f"/sessions/{random.choice(sessions)}/scores/"
        self.cells = {
            url: version for url, version in CELL_FORM.findall(self.client.get(self.grid, name="score grid").text)
        }

    @task(10)
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

    @task(1)
    def reload_the_grid(self):
        page = self.client.get(self.grid, name="score grid")
        self.cells.update(dict(CELL_FORM.findall(page.text)))


class StaffReader(PortalUser):
    weight = 1
    username = "staff"
    wait_time = between(5, 15)  # reading the page before the next click

    @task(3)
    def campaign_page(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/", name="campaign page")

    @task(1)
    def session_list(self):
        self.client.get("/sessions/", name="session list")

    @task(4)
    def dashboard(self):
        self.client.get(f"/campaigns/{CAMPAIGN}/dashboard/", name="dashboard")

    @task(1)
    def stats_api(self):
        self.client.get(f"/api/stats/summary/?campaign={CAMPAIGN}", name="stats API")

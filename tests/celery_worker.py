"""A real Celery worker process for the tests, on the test database and the tests' Redis database."""

import os
import subprocess
import sys
import time
from pathlib import Path

from portal.celery import app
from tests import processes

BASE_DIR = Path(__file__).resolve().parent.parent


class WorkerProcess:
    """`env` adds settings for this worker (e.g. short job timeouts); `beat` runs beat inside it."""

    def __init__(self, database_url: str, env: dict | None = None, beat: bool = False):
        self.database_url = database_url
        self.env = env or {}
        self.beat = beat
        self.process = None

    def start(self, timeout: float = 60.0):
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.env}
        self.process = processes.start(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "--loglevel", "warning",
             "--hostname", f"tests-{os.getpid()}-{time.monotonic_ns()}@%h", "--without-mingle", "--without-gossip",
             *(["--beat"] if self.beat else [])],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited: {self.process.stderr.read()[-2000:]}")
            if app.control.ping(timeout=0.5):
                return self
        self.stop()
        raise RuntimeError("Celery worker did not answer within the timeout")

    def stop(self, timeout: float = 20.0):
        processes.stop(self.process, timeout)
        self.process = None

    def kill(self):
        """Kill the worker (and its beat) at once, as a crash would (no warm shutdown)."""
        processes.kill(self.process)
        self.process = None

    @property
    def running(self) -> bool:
        return bool(self.process and self.process.poll() is None)

"""Processes the tests start, each in a session (process group) of its own, so that stopping or killing one
also ends what it started (a `celery worker --beat` has its beat as a child). The session end checks that
none of them is left (tests/conftest.py)."""

import contextlib
import os
import signal
import subprocess

import psutil

_sessions: set[int] = set()


def start(command, **kwargs) -> subprocess.Popen:
    process = subprocess.Popen(command, start_new_session=True, **kwargs)
    _sessions.add(process.pid)
    return process


def _signal_group(process, sig):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def kill(process) -> None:
    """End the process and its children at once, as a crash would (no warm shutdown)."""
    if process is not None:
        _signal_group(process, signal.SIGKILL)
        process.wait()


def stop(process, timeout: float = 20.0) -> None:
    """Ask the process and its children to stop; kill them when they do not within `timeout`."""
    if process is None:
        return
    _signal_group(process, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    _signal_group(process, signal.SIGKILL)  # children that outlived their parent
    process.wait()


def leftovers() -> list[psutil.Process]:
    """Processes still alive in a session the tests started, or children of this process."""
    found = []
    for candidate in psutil.process_iter(["pid", "ppid", "status", "cmdline"]):
        try:
            if candidate.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if os.getsid(candidate.pid) in _sessions or candidate.info["ppid"] == os.getpid():
                found.append(candidate)
        except (ProcessLookupError, psutil.Error):
            continue
    return found

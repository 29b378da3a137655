"""`make demo` serves on `PORT` (default 8000), and the address it prints is the one it serves.

`make -n` prints the recipe without running it, so this reads the commands `make demo` would run.
"""

import os
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def demo_commands(*arguments, **environment) -> str:
    # Not inherited: a PORT of the calling shell, or the flags of a `make test` that runs this test.
    inherited = {k: v for k, v in os.environ.items() if k not in ("PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "demo", *arguments],
        cwd=BASE_DIR,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_make_demo_serves_on_port_8000_by_default():
    commands = demo_commands()
    assert "manage.py runserver 127.0.0.1:8000\n" in commands
    assert "The portal is at http://127.0.0.1:8000/" in commands


def test_make_demo_takes_the_port_from_the_environment():
    commands = demo_commands(PORT="8123")
    assert "manage.py runserver 127.0.0.1:8123\n" in commands
    assert "The portal is at http://127.0.0.1:8123/" in commands
    assert "127.0.0.1:8000" not in commands


def test_make_demo_takes_the_port_from_the_command_line():
    commands = demo_commands("PORT=8124")
    assert "manage.py runserver 127.0.0.1:8124\n" in commands
    assert "The portal is at http://127.0.0.1:8124/" in commands

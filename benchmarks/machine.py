"""What a run was measured on: machine, Python, package versions, JSON library, commit."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
import sys
import typing as t
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "restkit-framework",
    "werkzeug",
    "marshmallow",
    "apispec",
    "flask",
    "flask-smorest",
    "webargs",
    "apiflask",
    "falcon",
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic-core",
    "email-validator",
    "gunicorn",
    "uvicorn",
)


def command_output(*command: str) -> str:
    """Return the first line a command prints, or ``""`` when it cannot run."""
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=10, cwd=ROOT)
    except OSError:
        return ""
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0].strip() if lines else ""


def source_commit() -> str:
    """Return the commit of the checkout measured, marked when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        )
    except OSError:
        return "unknown (no git)"
    if head.returncode != 0:
        return "unknown (not a git checkout)"
    dirty = command_output("git", "status", "--porcelain", "--untracked-files=no")
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def cpu_model() -> str:
    """Return lscpu's model name and CPU count, e.g. ``"AMD EPYC, 2 CPUs"``."""
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return platform.processor()
    facts = dict(line.split(":", 1) for line in output.splitlines() if ":" in line)
    model = facts.get("Model name", "").strip()
    cpus = facts.get("CPU(s)", "").strip()
    return f"{model}, {cpus} CPUs" if cpus else model


def load_average() -> str:
    """Return the 1, 5 and 15-minute load averages: other work on the machine adds noise."""
    return " / ".join(f"{load:.2f}" for load in os.getloadavg())


def versions() -> dict[str, str]:
    """Return the installed version of every package the apps are made of."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def describe() -> dict[str, t.Any]:
    """Return the facts a reader needs to judge and repeat the run."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_at_start": load_average(),
        "commit": source_commit(),
        "cpu": cpu_model(),
        "uname": command_output("uname", "-a"),
        "python": sys.version.split()[0],
        "orjson": importlib.util.find_spec("orjson") is not None,
        "wrk": command_output("wrk", "--version"),
        "versions": versions(),
    }

"""Fixtures for the core's tests: a fresh app and client per test, a project folder for the CLI.

The app runs with ``TESTING=True``, as a Flask user's test suite would: an
exception nobody handles then propagates out of the test client with its
traceback instead of hiding behind a 500. Tests of the 500 path set
``PROPAGATE_EXCEPTIONS = False`` themselves.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
import typing as t

import pytest

from restkit.core import App

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.core.testing import TestClient


@pytest.fixture
def app(tmp_path: Path) -> App:
    app = App("test_app", root_path=str(tmp_path))
    app.config.update(TESTING=True, SECRET_KEY="test key")
    return app


@pytest.fixture
def client(app: App) -> TestClient:
    return app.test_client()


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> t.Iterator[t.Callable[[str, str], Path]]:
    """Return a function writing modules into a fresh current folder; undo imports after."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESTKIT_APP", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    modules_before = set(sys.modules)

    def write(path: str, source: str) -> Path:
        file = tmp_path / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(source))
        importlib.invalidate_caches()
        return file

    yield write
    for name in set(sys.modules) - modules_before:
        del sys.modules[name]

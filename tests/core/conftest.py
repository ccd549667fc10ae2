"""Fixtures for the core's tests: a fresh app per test and a client for it.

The app runs with ``TESTING=True``, as a Flask user's test suite would: an
exception nobody handles then propagates out of the test client with its
traceback instead of hiding behind a 500. Tests of the 500 path set
``PROPAGATE_EXCEPTIONS = False`` themselves.
"""

from __future__ import annotations

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

"""Fixtures for the REST layer's tests: an app with an ``Api``, a blueprint, a client.

Each test declares its resources on ``blp`` and then calls ``serve()``, which
registers the blueprint through the ``Api`` and returns a test client. The app
runs with ``TESTING=True``; tests of the 500 path set ``PROPAGATE_EXCEPTIONS``
to ``False`` themselves. Response checking is off: these tests send statuses no
decorator documents on purpose (``tests/spec/test_checking.py`` covers it).
"""

from __future__ import annotations

import typing as t

import pytest

from restkit import Api, App, Blueprint

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.core.testing import TestClient


@pytest.fixture
def app(tmp_path: Path) -> App:
    app = App("test_rest", root_path=str(tmp_path))
    app.config.update(
        TESTING=True, API_TITLE="Test API", API_VERSION="1.0.0", API_VALIDATE_RESPONSES=False
    )
    return app


@pytest.fixture
def api(app: App) -> Api:
    return Api(app)


@pytest.fixture
def blp() -> Blueprint:
    return Blueprint("test", __name__)


@pytest.fixture
def serve(app: App, api: Api, blp: Blueprint) -> t.Callable[[], TestClient]:
    """Register ``blp`` through the ``Api`` and return a test client for the app."""

    def serve() -> TestClient:
        api.register_blueprint(blp)
        return app.test_client()

    return serve


@pytest.fixture
def client(app: App) -> TestClient:
    return app.test_client()

"""A pytest plugin: ``client`` and ``runner`` fixtures for projects that define an ``app`` fixture.

It is loaded through the ``pytest11`` entry point once restkit is installed.
A project's own ``client`` or ``runner`` fixture (in a ``conftest.py`` or a
test module) overrides these, as pytest always lets nearer fixtures win.
"""

from __future__ import annotations

import typing as t

import pytest

if t.TYPE_CHECKING:
    from .app import App
    from .testing import RestkitCliRunner, TestClient


@pytest.fixture
def client(app: App) -> TestClient:
    """Return a test client for the project's ``app`` fixture."""
    return app.test_client()


@pytest.fixture
def runner(app: App) -> RestkitCliRunner:
    """Return a CLI runner for the project's ``app`` fixture."""
    return app.test_cli_runner()

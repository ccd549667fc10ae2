"""Fixtures of the notes backend's tests: an app on files of its own, and clients of it."""

from __future__ import annotations

import typing as t

import pytest
from notes_story import Notes, notes_config, via_test_client

from examples.notes import create_app

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit import App


@pytest.fixture
def notes_app(tmp_path: Path) -> App:
    """The notes backend in its testing configuration, its files in ``tmp_path``."""
    return create_app(notes_config(tmp_path))


@pytest.fixture
def anonymous(notes_app: App) -> Notes:
    """A client of the notes API, not logged in."""
    return Notes(via_test_client(notes_app.test_client()))


@pytest.fixture
def ann(anonymous: Notes) -> Notes:
    """A client logged in as ann@example.com."""
    return anonymous.user("ann@example.com")


@pytest.fixture
def bob(anonymous: Notes) -> Notes:
    """A client logged in as bob@example.com."""
    return anonymous.user("bob@example.com")

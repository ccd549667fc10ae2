"""Fixtures of the load tests: an idempotency store of each kind.

The Redis store is a real ``redis-server`` the tests start on a free port
(``tests/rest/conftest.py``), emptied for each test.
"""

from __future__ import annotations

import typing as t

import pytest

from tests.rest.conftest import redis_server, redis_url

if t.TYPE_CHECKING:
    from pathlib import Path

__all__ = ["redis_server", "redis_url"]


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh idempotency store: a SQLite file, or the test Redis."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return t.cast(str, request.getfixturevalue("redis_url"))

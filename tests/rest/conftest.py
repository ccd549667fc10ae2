"""Fixtures for the REST layer's tests: an app with an ``Api``, a blueprint, a client.

Each test declares its resources on ``blp`` and then calls ``serve()``, which
registers the blueprint through the ``Api`` and returns a test client. The app
runs with ``TESTING=True``; tests of the 500 path set ``PROPAGATE_EXCEPTIONS``
to ``False`` themselves. Response checking is off: these tests send statuses no
decorator documents on purpose (``tests/spec/test_checking.py`` covers it).

``redis_url`` is a real ``redis-server`` started for the session, emptied per
test; ``any_store_url`` runs a test with each store (memory, SQLite, Redis).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import typing as t

import pytest

from restkit import Api, App, Blueprint

if t.TYPE_CHECKING:
    from collections.abc import Iterator
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


# -- a real Redis, for the store's tests -----------------------------------------------------

REDIS_WAIT = 10.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Debian's ``redis-server`` on a free port in a temporary folder; yield its URL.

    Without ``redis-server`` the tests that need it are skipped, except in CI
    (``CI`` set), where they fail: ``make redis-deps`` installs it.
    """
    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: `make redis-deps` installs it (apt-get).")
        pytest.skip("redis-server is not installed (apt-get install redis-server).")
    import redis

    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    command = [
        *(executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)),
        *("--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=1.0)
    try:
        deadline = time.monotonic() + REDIS_WAIT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (folder / "redis.log").read_text()
                        if (folder / "redis.log").exists()
                        else ""
                    )
                    pytest.fail(f"redis-server did not start: {log}")
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=REDIS_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=REDIS_WAIT)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The URL of the test Redis, emptied for this test."""
    import redis

    with redis.Redis.from_url(redis_server) as client:
        client.flushdb()
    return redis_server


@pytest.fixture(params=["memory", "sqlite", "redis"])
def any_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh store of each kind: memory, a SQLite file, the test Redis."""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'restkit-store.sqlite3'}"
    return t.cast(str, request.getfixturevalue("redis_url"))

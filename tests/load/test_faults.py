"""Writers under load and faults: nothing acknowledged is lost, nothing is written twice.

An app with a SQLite database runs under gunicorn with two sync workers on
127.0.0.1, its idempotency keys in a SQLite store or in Redis. Eight clients
make the writes of :mod:`tests.load.writers`, retrying with the same key until
answered; once a third of them is acknowledged, a fault: none, a worker killed
with SIGKILL, a graceful reload (HUP), or a graceful stop (TERM) followed by a
new server on the same files. Afterwards every write has ended in a 201, every
acknowledged write is in the database once with the id it was acknowledged
with, and ``PRAGMA integrity_check`` is ok on the database and the store.

The lease of a key held by a killed worker is 2 s here, so a retry of its
request runs again soon. The notes backend keeps the key with the note, and
stays exactly-once then; the petstore (``API_IDEMPOTENCY`` on every POST, the
key kept only in the store) may write a request whose worker died between its
write and the store's record a second time, and only such a request: see
``docs/idempotency.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import sqlite3
import time
import typing as t
from pathlib import Path

import pytest

from tests.example_apps import EXAMPLES, ExampleApp, send_to
from tests.serving.conftest import gunicorn_server

from . import writers

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from tests.serving.conftest import GunicornServer

pytestmark = pytest.mark.load

WRITES = 160
WORKERS = 2
LEASE = 2
WAIT = 30.0
BOOTED = re.compile(r"Booting worker with pid: (\d+)")


APPS = {example.name: example for example in EXAMPLES}


def booted_workers(server: GunicornServer) -> list[int]:
    """Return the ids of the workers gunicorn has booted, oldest first."""
    return [int(pid) for pid in BOOTED.findall(server.error_log.read_text())]


def wait_for_boots(server: GunicornServer, count: int) -> None:
    """Wait until gunicorn has booted *count* workers in all."""
    deadline = time.monotonic() + WAIT
    while len(booted_workers(server)) < count:
        assert time.monotonic() < deadline, server.error_log.read_text()
        time.sleep(0.05)


class Deployment:
    """The app under gunicorn, and the faults a test may inject into it."""

    def __init__(self, app: ExampleApp, folder: Path, store_url: str, stack: contextlib.ExitStack):
        self.app, self.folder, self.stack = app, folder, stack
        config = {"API_STORE_URL": store_url, "API_IDEMPOTENCY_LEASE": LEASE}
        self.served = app.served(folder, **app.writes.config, **config)
        self.servers: list[GunicornServer] = []
        self.target: writers.Target | None = None

    def start(self) -> GunicornServer:
        logs = self.folder / f"logs-{len(self.servers)}"
        logs.mkdir()
        server = self.stack.enter_context(gunicorn_server(self.served, logs, workers=WORKERS))
        self.servers.append(server)
        if self.target is not None:
            self.target.port = server.port
        return server

    @property
    def server(self) -> GunicornServer:
        return self.servers[-1]

    def no_fault(self) -> None:
        """Nothing happens: concurrent writers and their retries alone."""

    def kill_a_worker(self) -> None:
        """SIGKILL a worker in the middle of its requests; gunicorn boots another."""
        booted = booted_workers(self.server)
        os.kill(booted[-1], signal.SIGKILL)
        wait_for_boots(self.server, len(booted) + 1)

    def reload(self) -> None:
        """SIGHUP: new workers boot, the old ones finish their requests and stop."""
        booted = booted_workers(self.server)
        self.server.process.send_signal(signal.SIGHUP)
        wait_for_boots(self.server, len(booted) + WORKERS)

    def stop_and_restart(self) -> None:
        """SIGTERM: gunicorn stops gracefully; a new server takes over the same files."""
        self.server.process.send_signal(signal.SIGTERM)
        assert self.server.process.wait(timeout=WAIT) == 0
        self.start()


FAULTS = {
    "no fault": Deployment.no_fault,
    "a worker killed": Deployment.kill_a_worker,
    "a graceful reload": Deployment.reload,
    "a graceful stop and restart": Deployment.stop_and_restart,
}
RUNS = [(app, fault) for app in APPS for fault in FAULTS]


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Callable[[ExampleApp, str], Deployment]]:
    with contextlib.ExitStack() as stack:
        yield lambda app, store_url: Deployment(app, tmp_path, store_url, stack)


@pytest.mark.parametrize(("name", "fault"), RUNS, ids=[f"{name}-{fault}" for name, fault in RUNS])
def test_every_acknowledged_write_is_kept_once(
    name: str,
    fault: str,
    store_url: str,
    deployment: Callable[[ExampleApp, str], Deployment],
    record_property: Callable[[str, object], None],
) -> None:
    app = APPS[name]
    deployed = deployment(app, store_url)
    server = deployed.start()
    headers = app.sign_in(send_to(f"http://127.0.0.1:{server.port}"))
    endpoint, writes = app.json_endpoint, app.writes
    deployed.target = writers.Target(
        endpoint.method, endpoint.path, writes.body, headers, server.port
    )

    written = writers.run(deployed.target, WRITES, lambda: FAULTS[fault](deployed))

    exactly_once = fault != "a worker killed" or writes.exactly_once_under_kill
    database = Path(app.config(deployed.folder)[writes.database_key])
    figures = writers.audit(written, database, writes.rows, exactly_once=exactly_once)
    if store_url.startswith("sqlite:"):
        check_store(store_url)
    if fault == "a graceful reload":
        assert figures.cut == 0, "a graceful reload cut a request off"
    for key, value in dataclasses.asdict(figures).items():
        record_property(key, value)


def check_store(store_url: str) -> None:
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()

"""Idempotency keys under a real gunicorn with two worker processes, on SQLite and on Redis.

Two identical requests at once: exactly one runs the view, the other gets the
replay or a 409, and one order is written — whichever worker takes which.
"""

from __future__ import annotations

import concurrent.futures
import json
import sqlite3
import threading
import time
import typing as t

import pytest

from tests.serving.conftest import gunicorn_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from concurrent.futures import Future
    from pathlib import Path

    from tests.serving.conftest import GunicornServer, Reply

WAIT = 20.0
HEADERS = {"Content-Type": "application/json", "Idempotency-Key": '"order-7f3a"'}
BODY = json.dumps({"item": "tea"}).encode()


class Orders(t.NamedTuple):
    server: GunicornServer
    database: Path
    gate: Path

    def post(self) -> Reply:
        return self.server.request("POST", "/orders", headers=HEADERS, body=BODY)

    def rows(self) -> list[tuple[int, str]]:
        with sqlite3.connect(self.database) as connection:
            rows = connection.execute("SELECT id, item FROM orders").fetchall()
        connection.close()
        return rows


@pytest.fixture(params=["sqlite", "redis"])
def orders(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Orders]:
    if request.param == "sqlite":
        store_url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        store_url = request.getfixturevalue("redis_url")
    database, gate, logs = tmp_path / "orders.sqlite3", tmp_path / "gate", tmp_path / "logs"
    gate.mkdir()
    logs.mkdir()
    arguments = ", ".join(repr(value) for value in (store_url, str(database), str(gate)))
    app = f"tests.rest.idempotent_orders_app:create_app({arguments})"
    with gunicorn_server(app, logs, workers=2) as server:
        yield Orders(server, database, gate)


def wait_for(condition: t.Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_retry_while_the_first_runs_in_another_worker_is_409(orders: Orders) -> None:
    answers: list[Reply] = []
    first = threading.Thread(target=lambda: answers.append(orders.post()))
    first.start()
    try:
        wait_for(lambda: any(orders.gate.glob("started-*")))
        # The first request holds its (sync) worker: the other worker answers this one.
        meanwhile = orders.post()
    finally:
        (orders.gate / "open").touch()
        first.join(WAIT)
    retry = orders.post()

    assert meanwhile.status == 409
    assert meanwhile.headers["retry-after"] == "1"
    assert json.loads(meanwhile.body)["status"] == 409
    assert answers[0].status == retry.status == 201
    assert json.loads(retry.body) == json.loads(answers[0].body)
    assert retry.headers["idempotent-replayed"] == "true"
    assert orders.rows() == [(1, "tea")]
    assert len(orders.server.pids_in_access_log()) == 2


CLIENTS = 6


def post_at_once(orders: Orders, pool: concurrent.futures.Executor) -> list[Future[Reply]]:
    """Send ``CLIENTS`` identical requests together (each thread waits for all to be ready)."""
    barrier = threading.Barrier(CLIENTS)

    def post() -> Reply:
        barrier.wait(WAIT)
        return orders.post()

    return [pool.submit(post) for _ in range(CLIENTS)]


def test_identical_requests_held_together_run_the_view_once(orders: Orders) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = post_at_once(orders, pool)
        # One request holds a worker at the gate: every other one is answered meanwhile.
        wait_for(lambda: sum(future.done() for future in futures) == CLIENTS - 1)
        waiting = [future for future in futures if not future.done()]
        (orders.gate / "open").touch()
        ran = waiting[0].result(WAIT)
    others = [future.result() for future in futures if future is not waiting[0]]

    assert [reply.status for reply in others] == [409] * (CLIENTS - 1)
    assert ran.status == 201
    assert orders.rows() == [(1, "tea")]
    assert orders.post().body == ran.body


def test_identical_requests_at_once_run_the_view_once(orders: Orders) -> None:
    (orders.gate / "open").touch()
    with concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        replies = [future.result(WAIT) for future in post_at_once(orders, pool)]
    replies.append(orders.post())

    ran = [
        reply
        for reply in replies
        if reply.status == 201 and "idempotent-replayed" not in reply.headers
    ]
    replayed = [reply for reply in replies if reply.headers.get("idempotent-replayed") == "true"]
    conflicts = [reply for reply in replies if reply.status == 409]
    assert len(ran) == 1
    assert len(ran) + len(replayed) + len(conflicts) == CLIENTS + 1
    assert replies[-1] in replayed
    assert {reply.body for reply in replayed} == {ran[0].body}
    assert orders.rows() == [(1, "tea")]

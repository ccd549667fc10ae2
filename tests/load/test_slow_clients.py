"""Slow clients: four bodies sent a byte at a time do not stop normal requests.

The notes backend under gunicorn with two workers, as ``docs/deploy.md``
recommends when no buffering proxy stands in front: ``gthread`` workers with
threads to spare. Four clients start a note each and send its body a byte every
tenth of a second; meanwhile a normal client reads its notes, and every one of
its requests is answered in time. The same run with two ``sync`` workers shows
what the recommendation is for: there, the slow clients hold both workers and
the normal request is not answered in time.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import typing as t

import pytest
import requests

from tests.example_apps import EXAMPLES, send_to
from tests.serving.conftest import gunicorn_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.load

NOTES = next(example for example in EXAMPLES if example.name == "notes")
SLOW_CLIENTS = 4
BODY_SIZE = 40
BYTE_PAUSE = 0.1
NORMAL_REQUESTS = 8
ANSWER_WITHIN = 2.0
GTHREAD = ("--worker-class", "gthread", "--threads", "8")
SYNC = ("--worker-class", "sync")


@contextlib.contextmanager
def slow_clients(port: int, headers: dict[str, str]) -> Iterator[None]:
    """Keep :data:`SLOW_CLIENTS` requests sending their bodies a byte at a time."""
    stop = threading.Event()
    body = b'{"title": "' + b"s" * (BODY_SIZE - 13) + b'"}'
    fields = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head = (
        f"POST {NOTES.json_endpoint.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{fields}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()

    def dribble() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(head)
            for byte in body[:-1]:
                if stop.wait(BYTE_PAUSE):
                    return
                connection.sendall(bytes([byte]))
            stop.wait()

    threads = [threading.Thread(target=dribble) for _ in range(SLOW_CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # every slow client has sent its head and holds a worker or a thread
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)


def normal_answers(port: int, headers: dict[str, str]) -> list[int | None]:
    """Read the notes up to :data:`NORMAL_REQUESTS` times; the statuses, until ``None``
    for an answer not in time."""
    statuses: list[int | None] = []
    for _ in range(NORMAL_REQUESTS):
        try:
            response = requests.get(
                f"http://127.0.0.1:{port}{NOTES.health}", headers=headers, timeout=ANSWER_WITHIN
            )
        except requests.Timeout:
            statuses.append(None)
            break
        else:
            statuses.append(response.status_code)
    return statuses


def run(tmp_path: Path, options: tuple[str, ...]) -> list[int | None]:
    served = NOTES.served(tmp_path)
    with gunicorn_server(served, tmp_path, workers=2, options=options) as server:
        headers = NOTES.sign_in(send_to(f"http://127.0.0.1:{server.port}"))
        with slow_clients(server.port, headers):
            return normal_answers(server.port, headers)


def test_gthread_workers_serve_normal_requests_beside_slow_clients(tmp_path: Path) -> None:
    assert run(tmp_path, GTHREAD) == [200] * NORMAL_REQUESTS


def test_sync_workers_are_held_by_as_many_slow_clients(tmp_path: Path) -> None:
    assert run(tmp_path, SYNC) == [None]

"""Concurrent writers that retry, and what the database holds afterwards.

Each logical write has a name and an ``Idempotency-Key`` of its own, and is
retried — on a connection cut, a 409 or a 5xx — with the same key and body
until it gets an answer. A quarter of the writes are sent by a second client
at the same moment, as a client does that retries too early. After the run,
:func:`audit` reads the SQLite file: every acknowledged write is there once,
with the id it was acknowledged with, and ``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import http.client
import json
import sqlite3
import time
import typing as t
import uuid

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

REQUEST_TIMEOUT = 10.0
RETRY_PAUSE = 0.1
CLIENTS = 8
RUN_TIMEOUT = 120.0


@dataclasses.dataclass
class Target:
    """Where the clients send: the port changes when the server is replaced."""

    method: str
    path: str
    body: Callable[[str], dict[str, t.Any]]
    headers: dict[str, str]
    port: int


@dataclasses.dataclass
class Write:
    """One client's attempts at one logical write, and how they ended."""

    name: str
    key: str
    attempts: int = 0
    status: int | None = None
    entry_id: int | None = None
    cut: bool = False
    """An attempt was cut off after it was sent: it may have run, or not."""


@dataclasses.dataclass(frozen=True)
class Figures:
    """What a run did, for the record."""

    writes: int
    requests: int
    acknowledged: int
    rows: int
    cut: int
    duplicates: int


def send(target: Target, write: Write, deadline: float) -> None:
    """Send *write* until it gets an answer that is not 409 or 5xx, or *deadline* passes."""
    body = json.dumps(target.body(write.name)).encode()
    headers = {
        **target.headers,
        "Content-Type": "application/json",
        "Idempotency-Key": write.key,
    }
    while time.monotonic() < deadline:
        write.attempts += 1
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(target.method, target.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except ConnectionRefusedError:  # no server listening: nothing was sent
            time.sleep(RETRY_PAUSE)
            continue
        except (OSError, http.client.HTTPException):
            write.cut = True
            time.sleep(RETRY_PAUSE)
            continue
        finally:
            connection.close()
        if response.status == 409 or response.status >= 500:
            time.sleep(RETRY_PAUSE)
            continue
        write.status = response.status
        if 200 <= response.status < 300:
            write.entry_id = json.loads(data)["id"]
        return


def run(target: Target, count: int, fault: Callable[[], None], *, at: float = 0.35) -> list[Write]:
    """Make *count* logical writes from :data:`CLIENTS` clients; call *fault* once a fraction
    *at* of them is acknowledged. Return every client's :class:`Write` (twins included)."""
    tag = uuid.uuid4().hex[:8]
    writes = [Write(f"write {number:04d} {tag}", f'"{uuid.uuid4()}"') for number in range(count)]
    twins = {number: Write(write.name, write.key) for number, write in enumerate(writes[::4])}
    # Each twin right after its write: two clients send the same request at the same moment.
    sent = [
        attempt
        for number, write in enumerate(writes)
        for attempt in (write, twins.get(number // 4) if number % 4 == 0 else None)
        if attempt is not None
    ]
    deadline = time.monotonic() + RUN_TIMEOUT
    with concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS) as clients:
        futures = [clients.submit(send, target, write, deadline) for write in sent]
        while sum(write.status is not None for write in writes) < at * count:
            if time.monotonic() > deadline or all(future.done() for future in futures):
                break
            time.sleep(0.01)
        fault()
        for future in concurrent.futures.as_completed(futures, timeout=RUN_TIMEOUT):
            future.result()
    return sent


def audit(writes: list[Write], database: Path, rows_sql: str, *, exactly_once: bool) -> Figures:
    """Check the database against the writes; return the run's figures.

    :param exactly_once: no logical write may be found twice; otherwise only one
        whose attempt was cut may (at-least-once, for an app that does not keep the
        key with the row), and then twice at most.
    """
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = connection.execute(rows_sql).fetchall()
    connection.close()
    assert all(write.status is not None for write in writes), "a write never got an answer"
    assert {write.status for write in writes} == {201}, "every logical write ends in a 201"
    stored = set(rows)
    for write in writes:
        assert (write.entry_id, write.name) in stored, f"{write.name} acknowledged, not found"
    ids_by_name = collections.defaultdict(set)
    for write in writes:
        ids_by_name[write.name].add(write.entry_id)
    assert all(len(ids) == 1 for ids in ids_by_name.values()), "twins got different entries"
    copies = collections.Counter(name for _, name in rows)
    assert copies.keys() == ids_by_name.keys(), "rows of no write, or writes with no row"
    duplicates = {name for name, number in copies.items() if number > 1}
    cut = {write.name for write in writes if write.cut}
    if exactly_once:
        assert not duplicates, f"written twice: {sorted(duplicates)}"
    else:
        assert duplicates <= cut, f"written twice without a cut attempt: {duplicates - cut}"
        assert all(copies[name] == 2 for name in duplicates)
    return Figures(
        writes=len(ids_by_name),
        requests=sum(write.attempts for write in writes),
        acknowledged=sum(write.entry_id is not None for write in writes),
        rows=len(rows),
        cut=len(cut),
        duplicates=len(duplicates),
    )

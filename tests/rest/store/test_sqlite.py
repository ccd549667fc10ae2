"""The SQLite store: a file shared by processes, WAL, one connection per thread and process."""

import multiprocessing
import sqlite3

import pytest

from restkit.rest.store import Outcome, SQLiteStore
from restkit.rest.store.base import SWEEP_INTERVAL

TIMEOUT = 60


def claim_in_a_process(path, barrier, results):
    """Claim one key when every process is ready; report the outcome (run in a child)."""
    store = SQLiteStore(path)
    barrier.wait(timeout=TIMEOUT)
    results.put(store.claim("contended", "fp", 60).outcome.value)
    store.close()


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "instance" / "store.sqlite3")


def test_the_file_and_its_folder_are_created_on_first_use(path, tmp_path):
    store = SQLiteStore(path)
    assert not (tmp_path / "instance").exists()

    store.claim("k", "fp", 60)

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()
    store.close()


def test_of_many_processes_claiming_one_key_one_gets_it(path):
    processes = 4
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    children = [
        context.Process(target=claim_in_a_process, args=(path, barrier, results))
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=TIMEOUT) for _ in children]
    for child in children:
        child.join(timeout=TIMEOUT)

    assert sorted(outcomes) == ["claimed"] + ["in progress"] * (processes - 1)
    assert all(child.exitcode == 0 for child in children)


def test_a_forked_child_opens_its_own_connection(path):
    store = SQLiteStore(path)
    claim = store.claim("k", "fp", 60)  # the parent's connection is open
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child():
        results.put(store.claim("k", "fp", 60).outcome.value)
        results.put(store.complete(claim, b"from the child", 60))
        store.close()

    process = context.Process(target=child)
    process.start()
    got = [results.get(timeout=TIMEOUT), results.get(timeout=TIMEOUT)]
    process.join(timeout=TIMEOUT)

    assert got == ["in progress", True]
    assert store.claim("k", "fp", 60).value == b"from the child"
    store.close()


def test_expired_rows_are_swept_by_later_claims(path, monkeypatch):
    store = SQLiteStore(path)
    clock = [1_000_000.0]
    monkeypatch.setattr("restkit.rest.store.sqlite.time.time", lambda: clock[0])
    store.claim("old", "fp", 10)
    clock[0] += SWEEP_INTERVAL + 11

    store.claim("new", "fp", 10)

    rows = store.connection().execute("SELECT key FROM restkit_store").fetchall()
    assert rows == [("new",)]
    store.close()


def test_a_failed_claim_leaves_no_transaction_open(path):
    store = SQLiteStore(path)

    with pytest.raises(sqlite3.ProgrammingError):
        store.claim("k", object(), 60)  # a fingerprint SQLite cannot bind

    assert not store.connection().in_transaction
    assert store.claim("k", "fp", 60).outcome is Outcome.CLAIMED
    store.close()


def test_close_ends_the_connections_of_this_process(path):
    store = SQLiteStore(path)
    first = store.connection()

    store.close()

    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")
    assert store.claim("k", "fp", 60).outcome is Outcome.CLAIMED
    store.close()

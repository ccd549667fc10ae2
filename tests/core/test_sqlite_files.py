import multiprocessing
import sqlite3
import threading

import pytest

from restkit.core import open_shared_database

TIMEOUT = 60


def open_in_a_process(path, barrier, results):
    """Open the new file when every process is ready; report what happened (run in a child)."""
    barrier.wait(timeout=TIMEOUT)
    try:
        connection = open_shared_database(path)
        connection.execute("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)")
        connection.close()
    except sqlite3.Error as exc:
        results.put(repr(exc))
    else:
        results.put("ok")


def test_the_file_and_its_folder_are_made_in_wal_mode(tmp_path):
    path = str(tmp_path / "instance" / "db.sqlite3")

    connection = open_shared_database(path)

    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.isolation_level is None
    connection.close()


def test_workers_opening_a_new_file_together_all_get_it(tmp_path):
    context = multiprocessing.get_context("fork")
    outcomes = []
    for attempt in range(40):  # the race is rare: sqlite's busy timeout alone loses it
        path = str(tmp_path / f"db{attempt}.sqlite3")
        barrier, results = context.Barrier(6), context.Queue()
        children = [
            context.Process(target=open_in_a_process, args=(path, barrier, results))
            for _ in range(6)
        ]
        for child in children:
            child.start()
        outcomes += [results.get(timeout=TIMEOUT) for _ in children]
        for child in children:
            child.join(timeout=TIMEOUT)

    assert set(outcomes) == {"ok"}


def test_an_unopenable_file_is_an_error_at_once(tmp_path):
    (tmp_path / "db.sqlite3").write_bytes(b"not a database, long enough to be read" * 10)

    with pytest.raises(sqlite3.DatabaseError):
        open_shared_database(str(tmp_path / "db.sqlite3"), timeout=0.1)


def locked_file(path):
    """Return a connection holding the new file *path* locked, as a worker switching it would."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_file_locked_by_another_worker_is_waited_for(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    holder = locked_file(path)
    release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
    release.start()

    connection = open_shared_database(path, timeout=5)

    release.join()
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()
    holder.close()


def test_a_file_locked_for_longer_than_the_timeout_is_an_error(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    holder = locked_file(path)

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        open_shared_database(path, timeout=0.2)
    holder.close()

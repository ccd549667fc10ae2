"""The SQLite storage of rate limits: counters, moving windows, and processes counting together."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
import typing as t

import pytest
from limits import RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from restkit.core.errors import ConfigurationError
from restkit.rest import ratelimit_sqlite
from restkit.rest.ratelimit_sqlite import SQLiteStorage, database_path

if t.TYPE_CHECKING:
    from pathlib import Path

START = 1_800_000_000.0
WAIT = 60.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'new folder' / 'store.sqlite3'}"


@pytest.fixture
def storage(url: str) -> SQLiteStorage:
    return SQLiteStorage(url)


def rows(path: str, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


# -- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("sqlite:////var/lib/api/store.db", "/var/lib/api/store.db"),
        ("sqlite:///store.db", "store.db"),
    ],
)
def test_the_url_names_the_file_as_sqlalchemy_does(uri, path):
    assert database_path(uri) == path


@pytest.mark.parametrize("uri", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite:/x"])
def test_a_url_naming_no_file_is_refused(uri):
    with pytest.raises(ConfigurationError, match="names no SQLite file"):
        SQLiteStorage(uri)


def test_limits_finds_it_by_its_scheme(url):
    assert isinstance(storage_from_string(url), SQLiteStorage)


def test_nothing_is_opened_before_first_use(url, tmp_path):
    storage = SQLiteStorage(url)

    assert not (tmp_path / "new folder").exists()
    assert repr(storage) == f"<SQLiteStorage {database_path(url)!r}>"
    assert storage.check()
    assert (tmp_path / "new folder" / "store.sqlite3").exists()


def test_the_file_is_in_wal_mode(storage):
    storage.incr("k", 60)
    connection = sqlite3.connect(storage.path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()


# -- fixed window ---------------------------------------------------------------------------


def test_a_counter_counts_until_its_window_ends(storage, clock):
    counts = [storage.incr("k", 60), storage.incr("k", 60, amount=2)]
    clock.advance(59)
    before_the_end = (storage.get("k"), storage.get_expiry("k"))
    clock.advance(1)
    after_the_end = (storage.get("k"), storage.get_expiry("k"))

    assert counts == [1, 3]
    assert before_the_end == (3, START + 60)
    assert after_the_end == (0, START + 60)
    assert storage.incr("k", 60) == 1
    assert storage.get_expiry("k") == START + 120


def test_keys_are_counted_apart(storage, clock):
    storage.incr("a", 60)

    assert (storage.incr("b", 60), storage.get("a"), storage.get("nothing")) == (1, 1, 0)
    assert storage.get_expiry("nothing") == START


def test_the_fixed_window_strategy_reads_it(storage, clock):
    limiter = FixedWindowRateLimiter(storage)
    item = RateLimitItemPerMinute(2)

    hits = [limiter.hit(item, "caller") for _ in range(3)]

    assert hits == [True, True, False]
    assert tuple(limiter.get_window_stats(item, "caller")) == (START + 60, 0)


# -- moving window --------------------------------------------------------------------------


def test_a_moving_window_holds_at_most_its_limit_over_the_last_window(storage, clock):
    acquired = [storage.acquire_entry("k", 2, 60)]
    clock.advance(30)
    acquired += [storage.acquire_entry("k", 2, 60), storage.acquire_entry("k", 2, 60)]
    window = storage.get_moving_window("k", 2, 60)
    clock.advance(31)

    assert acquired == [True, True, False]
    assert window == (START, 2)
    assert storage.get_moving_window("k", 2, 60) == (START + 30, 1)
    assert storage.acquire_entry("k", 2, 60)
    assert not storage.acquire_entry("k", 3, 60, amount=4)
    assert storage.get_moving_window("empty", 2, 60) == (clock.now, 0)


def test_the_moving_window_strategy_reads_it(storage, clock):
    limiter = MovingWindowRateLimiter(storage)
    item = RateLimitItemPerMinute(2)

    hits = [limiter.hit(item, "caller") for _ in range(3)]

    assert hits == [True, True, False]
    assert tuple(limiter.get_window_stats(item, "caller")) == (START + 60, 0)


# -- upkeep ---------------------------------------------------------------------------------


def test_clear_forgets_one_key_and_reset_every_key(storage, clock):
    storage.incr("a", 60)
    storage.incr("b", 60)
    storage.acquire_entry("c", 5, 60)
    storage.clear("a")

    assert storage.get("a") == 0
    assert storage.reset() == 2
    assert (storage.get("b"), storage.get_moving_window("c", 5, 60)) == (0, (START, 0))


def test_ended_counts_are_swept_now_and_then(storage, clock, monkeypatch):
    monkeypatch.setattr(ratelimit_sqlite, "SWEEP_EVERY", 3)
    storage.incr("old", 60)
    storage.acquire_entry("old window", 5, 60)
    clock.advance(61)
    storage.incr("new", 60)

    assert rows(storage.path, "restkit_rate_limit_counters") == 1
    assert rows(storage.path, "restkit_rate_limit_entries") == 0


def test_a_file_that_cannot_be_opened_fails_the_check_and_wraps_errors(tmp_path):
    folder = tmp_path / "a folder"
    folder.mkdir()
    storage = SQLiteStorage(f"sqlite:///{folder}", wrap_exceptions=True)

    assert not storage.check()
    with pytest.raises(StorageError):
        storage.incr("k", 60)


def test_a_failed_window_transaction_is_rolled_back(storage, clock, monkeypatch):
    storage.acquire_entry("k", 5, 60)
    monkeypatch.setattr(ratelimit_sqlite, "WINDOW", "SELECT no_such_column FROM nowhere")

    with pytest.raises(sqlite3.OperationalError, match="no such"):
        storage.acquire_entry("k", 5, 60)
    assert not storage.connection().in_transaction


def test_a_failed_reset_is_rolled_back(storage, clock, monkeypatch):
    storage.incr("k", 60)
    connection = storage.connection()
    monkeypatch.setattr(storage, "connection", lambda: FailingDeletes(connection), raising=False)

    with pytest.raises(sqlite3.OperationalError, match="read-only"):
        storage.reset()
    assert not connection.in_transaction
    assert SQLiteStorage(f"sqlite:///{storage.path}").get("k") == 1


class FailingDeletes:
    """A connection whose DELETE statements fail, as on a read-only file."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, *parameters: t.Any) -> sqlite3.Cursor:
        if sql.startswith("DELETE"):
            raise sqlite3.OperationalError("attempt to write a read-only database")
        return self.connection.execute(sql, *parameters)


# -- connections, threads and processes -----------------------------------------------------


def test_each_thread_has_its_own_connection(storage):
    seen: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: seen.append(storage.connection()))
    thread.start()
    thread.join(WAIT)

    assert len(seen) == 1
    assert seen[0] is not storage.connection()
    assert storage.connection() is storage.connection()


def count_in_child(arguments: tuple[str, int]) -> tuple[int, list[int]]:
    url, times = arguments
    storage = STORAGES[url]  # made in the parent, used there first: reopened after the fork
    return id(storage.connection()), [storage.incr("shared", 600) for _ in range(times)]


def acquire_in_child(arguments: tuple[str, int]) -> int:
    url, times = arguments
    return sum(STORAGES[url].acquire_entry("window", 50, 600) for _ in range(times))


STORAGES: dict[str, SQLiteStorage] = {}


@pytest.fixture
def forked_storage(url: str) -> t.Iterator[str]:
    storage = STORAGES[url] = SQLiteStorage(url)
    storage.incr("warm-up", 600)  # the parent's connection exists before the fork
    yield url
    del STORAGES[url]


def test_processes_sharing_the_file_count_every_request_once(forked_storage):
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map_async(count_in_child, [(forked_storage, 50)] * 4).get(WAIT)

    counts = sorted(count for _, result in results for count in result)
    assert counts == list(range(1, 201))  # each increment saw its own count: no lost update
    assert id(STORAGES[forked_storage].connection()) not in {child for child, _ in results}
    assert STORAGES[forked_storage].get("shared") == 200


def test_processes_sharing_the_file_never_overfill_a_window(forked_storage):
    with multiprocessing.get_context("fork").Pool(4) as pool:
        acquired = pool.map_async(acquire_in_child, [(forked_storage, 30)] * 4).get(WAIT)

    assert sum(acquired) == 50
    assert STORAGES[forked_storage].get_moving_window("window", 50, 600)[1] == 50

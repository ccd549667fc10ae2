"""SQLite files the worker processes of an app share: WAL mode, a busy timeout, made on use."""

from __future__ import annotations

import os
import sqlite3
import time

#: The pause between two attempts to switch a new file to WAL mode, in seconds.
WAL_RETRY_PAUSE = 0.01


def open_shared_database(path: str, *, timeout: float = 10.0) -> sqlite3.Connection:
    """Open the SQLite file *path* for use by several processes and threads.

    The file and its folder are created when missing; the connection waits up to
    *timeout* seconds for another process's write, begins no transaction by itself
    (``BEGIN`` is explicit), and may be closed from another thread. The file is in
    WAL mode, so readers never wait for the writer. Switching a new file to WAL
    needs it alone for a moment, which SQLite's busy timeout does not wait for:
    workers starting together would fail with "database is locked", so each one
    tries again until *timeout* has passed.

    :raise sqlite3.OperationalError: the file cannot be opened or switched in time.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    connection = sqlite3.connect(
        path, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                connection.close()
                raise
            time.sleep(WAL_RETRY_PAUSE)
        else:
            return connection

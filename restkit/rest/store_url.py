"""Where the app's shared state lives: ``API_STORE_URL``, by default a SQLite file.

The idempotency keys and the rate-limit counters of every worker meet there:
``sqlite:///path`` (the default, ``restkit-store.sqlite3`` in the app's instance
folder) for the processes of one machine, ``redis://host:port/db`` for several
machines, ``memory://`` for tests (one process only).
"""

from __future__ import annotations

import os
import typing as t

if t.TYPE_CHECKING:
    from ..core.appsetup import AppSetup

#: The file name of the default SQLite store, in the app's instance folder.
DEFAULT_STORE_FILE = "restkit-store.sqlite3"


def store_url(app: AppSetup) -> str:
    """Return the app's ``API_STORE_URL``, or the URL of its default SQLite store."""
    url = app.config.get("API_STORE_URL")
    if url:
        return str(url)
    return "sqlite:///" + os.path.join(app.instance_path, DEFAULT_STORE_FILE)

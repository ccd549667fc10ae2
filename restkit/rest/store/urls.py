"""Open the store a URL names, and keep one per app: ``API_STORE_URL`` (see ``docs/store.md``)."""

from __future__ import annotations

import os
import typing as t

from ...core.errors import ConfigurationError
from ..store_url import store_url
from .memory import MemoryStore
from .sqlite import SQLiteStore

if t.TYPE_CHECKING:
    from ...core.appsetup import AppSetup
    from .base import Store

SQLITE_PREFIX = "sqlite:///"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
#: Where an app keeps its store, in ``app.extensions``.
EXTENSION_KEY = "restkit.store"


def open_store(url: str, *, folder: str | None = None) -> Store:
    """Return a new store for *url*; nothing is connected until the store is first used.

    :param url: ``sqlite:///relative/path``, ``sqlite:////absolute/path``,
        ``redis://host:port/db`` (also ``rediss://``, ``unix://``) or ``memory://``.
    :param folder: the folder a relative SQLite path is relative to (the app's
        instance folder); by default the current folder.
    :raises ConfigurationError: the URL names no store restkit has, or Redis is
        named without the ``redis`` package installed.
    """
    if url.startswith(SQLITE_PREFIX):
        path = url.removeprefix(SQLITE_PREFIX)
        if not path or path == ":memory:":
            raise ConfigurationError(
                f"API_STORE_URL {url!r} names no file: give one (sqlite:///store.sqlite3 in the "
                "instance folder, sqlite:////var/lib/app/store.sqlite3), or use memory:// for "
                "a store in memory."
            )
        return SQLiteStore(os.path.join(folder or os.getcwd(), path), url=url)
    if url.startswith(REDIS_SCHEMES):
        try:
            from .redis import RedisStore
        except ImportError as exc:
            raise ConfigurationError(
                f"API_STORE_URL {url!r} names a Redis store, and the redis package is not "
                "installed: pip install 'restkit-framework[redis]'."
            ) from exc
        return RedisStore(url)
    if url == "memory://":
        return MemoryStore()
    raise ConfigurationError(
        f"API_STORE_URL {url!r} names no store restkit has: use sqlite:///path (the default, "
        "a file), redis://host:port/db, or memory:// (tests, one process)."
    )


def app_store(app: AppSetup) -> Store:
    """Return the store of *app*'s ``API_STORE_URL``, opened on first call and then kept.

    The default is a SQLite file in the app's instance folder. The store opens
    no connection until it is used, so calling this before gunicorn forks its
    workers is safe.
    """
    url = store_url(app)
    stores: dict[str, Store] = app.extensions.setdefault(EXTENSION_KEY, {})
    store = stores.get(url)
    if store is None:
        store = stores[url] = open_store(url, folder=app.instance_path)
    return store

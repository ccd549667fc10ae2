"""Choosing the store by URL, and one store per app."""

import os

import pytest

from restkit.core.errors import ConfigurationError
from restkit.rest.store import MemoryStore, SQLiteStore, app_store, open_store
from restkit.rest.store.redis import RedisStore


def test_memory():
    assert isinstance(open_store("memory://"), MemoryStore)


def test_sqlite_paths_are_absolute_or_relative_to_the_folder(tmp_path):
    absolute = open_store(f"sqlite:///{tmp_path}/a.sqlite3", folder="/elsewhere")
    relative = open_store("sqlite:///data/b.sqlite3", folder=str(tmp_path))

    assert isinstance(absolute, SQLiteStore)
    assert absolute.path == f"{tmp_path}/a.sqlite3"
    assert relative.path == os.path.join(tmp_path, "data", "b.sqlite3")


def test_a_relative_path_without_folder_is_relative_to_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert open_store("sqlite:///c.sqlite3").path == os.path.join(tmp_path, "c.sqlite3")


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://h:6380/1", "unix:///s"])
def test_redis(url):
    store = open_store(url)

    assert isinstance(store, RedisStore)
    assert store.url == url
    store.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///", "names no file"),
        ("sqlite:///:memory:", "use memory://"),
        ("postgres://db/app", "names no store restkit has"),
        ("memory://somewhere", "names no store restkit has"),
    ],
)
def test_urls_naming_no_store_are_refused(url, message):
    with pytest.raises(ConfigurationError, match=message):
        open_store(url)


def test_an_app_keeps_one_store_per_url(app):
    default = app_store(app)

    assert isinstance(default, SQLiteStore)
    assert default.path == os.path.join(app.instance_path, "restkit-store.sqlite3")
    assert not os.path.exists(default.path)
    assert app_store(app) is default
    app.config["API_STORE_URL"] = "memory://"
    memory = app_store(app)
    assert isinstance(memory, MemoryStore)
    assert app_store(app) is memory

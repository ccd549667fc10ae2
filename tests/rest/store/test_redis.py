"""The Redis store: keys Redis expires itself, scripts run atomically."""

import sys

import pytest
import redis

from restkit.core.errors import ConfigurationError
from restkit.rest.store import Outcome, open_store
from restkit.rest.store.redis import RedisStore, milliseconds


@pytest.fixture
def store(redis_url):
    store = RedisStore(redis_url)
    yield store
    store.close()


def test_redis_expires_the_keys(store, redis_url):
    claim = store.claim("k", "fp", 30)
    with redis.Redis.from_url(redis_url) as client:
        assert 0 < client.pttl("k") <= 30_000
        store.complete(claim, b"value", 3600)
        assert 30_000 < client.pttl("k") <= 3_600_000
        assert client.hgetall("k") == {b"fingerprint": b"fp", b"value": b"value"}


def test_the_store_connects_on_first_use():
    store = RedisStore("redis://127.0.0.1:1/0")  # nothing listens there

    with pytest.raises(redis.ConnectionError):
        store.claim("k", "fp", 60)
    store.close()


def test_an_outcome_is_read_from_the_script(store):
    assert store.claim("k", "fp", 60).outcome is Outcome.CLAIMED
    assert store.claim("k", "other", 60).outcome is Outcome.MISMATCH


@pytest.mark.parametrize(("ttl", "expected"), [(0.0001, 1), (1.5, 1500), (86400, 86_400_000)])
def test_ttls_are_whole_milliseconds(ttl, expected):
    assert milliseconds(ttl) == expected


def test_without_the_redis_package_the_url_is_refused(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.delitem(sys.modules, "restkit.rest.store.redis", raising=False)

    with pytest.raises(ConfigurationError, match=r"pip install 'restkit-framework\[redis\]'"):
        open_store("redis://127.0.0.1:6379/0")

"""The memory store: one process, swept of expired keys."""

from restkit.rest.store import MemoryStore, Outcome
from restkit.rest.store.base import SWEEP_INTERVAL


def test_expired_keys_are_swept_by_later_claims(monkeypatch):
    store = MemoryStore()
    clock = [1_000_000.0]
    monkeypatch.setattr("restkit.rest.store.memory.time.time", lambda: clock[0])
    store.claim("old", "fp", 10)
    store.claim("new", "fp", 10)  # the first sweep of this store ran at the first claim
    clock[0] += SWEEP_INTERVAL + 1

    assert store.claim("other", "fp", 10).outcome is Outcome.CLAIMED

    assert sorted(store._rows) == ["other"]  # what the sweep left: expired keys are gone

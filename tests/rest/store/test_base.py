"""The contract every store keeps, checked on each: memory, SQLite and Redis."""

import threading
import time

import pytest

from restkit.rest.store import Claim, Outcome, open_store


@pytest.fixture
def store(any_store_url):
    store = open_store(any_store_url)
    yield store
    store.close()


def test_a_free_key_is_claimed_once(store):
    claim = store.claim("k", "fp", 60)

    assert claim.outcome is Outcome.CLAIMED
    assert claim.token
    assert store.claim("k", "fp", 60).outcome is Outcome.IN_PROGRESS
    entry = store.get("k")
    assert (entry.fingerprint, entry.value, entry.done) == ("fp", None, False)
    assert time.time() < entry.expires_at <= time.time() + 60


def test_a_claim_for_another_fingerprint_is_a_mismatch(store):
    claim = store.claim("k", "fp", 60)

    assert store.claim("k", "other", 60).outcome is Outcome.MISMATCH
    assert store.complete(claim, b"value", 60)
    assert store.claim("k", "other", 60) == Claim(Outcome.MISMATCH, "k")


def test_a_completed_key_gives_its_value(store):
    claim = store.claim("k", "fp", 60)

    assert store.complete(claim, b"\x00binary\xff", 3600) is True

    again = store.claim("k", "fp", 60)
    assert (again.outcome, again.value) == (Outcome.DONE, b"\x00binary\xff")
    entry = store.get("k")
    assert entry.done
    assert entry.value == b"\x00binary\xff"
    assert entry.expires_at > time.time() + 3000


def test_only_the_holder_completes_once(store):
    claim = store.claim("k", "fp", 60)
    impostor = Claim(Outcome.CLAIMED, "k", "not-the-token")

    assert store.complete(impostor, b"forged", 60) is False
    assert store.complete(claim, b"value", 60) is True
    assert store.complete(claim, b"second", 60) is False
    assert store.get("k").value == b"value"


def test_a_released_key_is_free_again(store):
    first = store.claim("k", "fp", 60)
    store.release(first)

    assert store.get("k") is None
    second = store.claim("k", "other", 60)
    assert second.outcome is Outcome.CLAIMED
    store.release(first)  # stale: the second claim stays
    assert store.claim("k", "other", 60).outcome is Outcome.IN_PROGRESS


def test_release_keeps_a_completed_value(store):
    claim = store.claim("k", "fp", 60)
    store.complete(claim, b"value", 60)

    store.release(claim)

    assert store.get("k").value == b"value"


def test_expire_removes_a_key_whatever_holds_it(store):
    store.complete(store.claim("done", "fp", 60), b"value", 60)
    store.claim("running", "fp", 60)

    store.expire("done")
    store.expire("running")
    store.expire("absent")

    assert store.get("done") is None
    assert store.claim("running", "fp", 60).outcome is Outcome.CLAIMED


def test_claims_and_values_expire(store):
    lapsed = store.claim("claim", "fp", 0.05)
    store.complete(store.claim("value", "fp", 60), b"value", 0.05)
    time.sleep(0.2)

    assert store.get("claim") is None
    assert store.get("value") is None
    assert store.complete(lapsed, b"late", 60) is False
    assert store.claim("claim", "other", 60).outcome is Outcome.CLAIMED


@pytest.mark.parametrize("ttl", [0, -1, float("nan")])
def test_a_ttl_must_be_positive(store, ttl):
    with pytest.raises(ValueError, match="positive number of seconds"):
        store.claim("k", "fp", ttl)


def test_of_many_threads_claiming_one_key_one_gets_it(store):
    threads = 12
    barrier = threading.Barrier(threads)
    outcomes = []

    def claim():
        barrier.wait(timeout=10)
        outcomes.append(store.claim("contended", "fp", 60).outcome)

    workers = [threading.Thread(target=claim) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=20)

    assert len(outcomes) == threads
    assert outcomes.count(Outcome.CLAIMED) == 1
    assert outcomes.count(Outcome.IN_PROGRESS) == threads - 1


def test_the_repr_names_the_url(store, any_store_url):
    assert any_store_url in repr(store)

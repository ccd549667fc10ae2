"""The store's interface: claim a key atomically, complete it with a value, release or expire it.

A key is *claimed* by the first caller, who does the work and then *completes*
it with the value to keep (or *releases* it, so another caller may claim it
again). Every caller claiming the key meanwhile learns that the work is in
progress, and every caller after completion gets the value. A claim carries a
*fingerprint* of what it is for: a claim of the same key for another
fingerprint is told so. Keys expire: a claim after ``ttl`` seconds, a completed
key after the ``ttl`` given on completion. See ``docs/store.md``.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
import secrets

#: How often, in seconds, a store that must remove expired keys itself looks for them.
SWEEP_INTERVAL = 60.0


class Outcome(enum.Enum):
    """What a :meth:`Store.claim` found."""

    CLAIMED = "claimed"
    """The key was free: it is yours until you complete or release it, or it expires."""
    IN_PROGRESS = "in progress"
    """Another caller holds the key for the same fingerprint and has not completed it."""
    DONE = "done"
    """The key was completed for the same fingerprint: the claim holds its value."""
    MISMATCH = "mismatch"
    """The key is held (in progress or done) for another fingerprint."""


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    """The answer of :meth:`Store.claim`.

    :param outcome: what the store found.
    :param key: the key claimed.
    :param token: identifies a ``CLAIMED`` claim, so only its holder completes or
        releases it (empty otherwise).
    :param value: the value of a ``DONE`` key (``None`` otherwise).
    """

    outcome: Outcome
    key: str
    token: str = dataclasses.field(default="", repr=False)
    value: bytes | None = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """What :meth:`Store.get` returns: a key's fingerprint, value and expiry.

    :param fingerprint: what the key was claimed for.
    :param value: the completed value, or ``None`` while the claim is in progress.
    :param expires_at: when the key expires, in seconds since the epoch.
    """

    fingerprint: str
    value: bytes | None
    expires_at: float

    @property
    def done(self) -> bool:
        """Whether the key was completed."""
        return self.value is not None


def new_token() -> str:
    """Return a fresh claim token."""
    return secrets.token_hex(16)


def check_ttl(ttl: float) -> float:
    """Return *ttl*, a positive number of seconds.

    :raises ValueError: *ttl* is not positive.
    """
    if not ttl > 0:
        raise ValueError(f"A store's ttl is a positive number of seconds, not {ttl!r}.")
    return float(ttl)


class Store(abc.ABC):
    """Shared state every worker process (and, with Redis, every machine) sees alike.

    Every method is safe to call from several threads and processes at once;
    :meth:`claim` is atomic: of many callers claiming a free key, exactly one
    gets ``CLAIMED``.
    """

    #: The store's URL, as ``API_STORE_URL`` gives it.
    url: str

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url!r}>"

    @abc.abstractmethod
    def get(self, key: str) -> Entry | None:
        """Return the entry of *key*, or ``None`` when it is free (absent or expired)."""

    @abc.abstractmethod
    def claim(self, key: str, fingerprint: str, ttl: float) -> Claim:
        """Claim *key* for *fingerprint*, for *ttl* seconds unless completed or released first.

        :returns: a ``CLAIMED`` claim when the key was free; else what holds it.
        """

    @abc.abstractmethod
    def complete(self, claim: Claim, value: bytes, ttl: float) -> bool:
        """Keep *value* under the key of *claim* for *ttl* seconds, ending the claim.

        :returns: ``False`` when the claim was no longer held (it expired, or was
            released), so nothing was kept.
        """

    @abc.abstractmethod
    def release(self, claim: Claim) -> None:
        """Give up *claim* without a value, so the key is free again (if still held)."""

    @abc.abstractmethod
    def expire(self, key: str) -> None:
        """Remove *key* now, whatever holds it."""

    def close(self) -> None:  # noqa: B027 - a store with nothing to close needs no override
        """Close the connections this process opened."""

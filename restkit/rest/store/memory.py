"""``memory://``: a store in the memory of one process, for tests (threads share it)."""

from __future__ import annotations

import dataclasses
import threading
import time

from .base import SWEEP_INTERVAL, Claim, Entry, Outcome, Store, check_ttl, new_token


@dataclasses.dataclass(slots=True)
class Row:
    """One key: its fingerprint, claim token (while claimed), value (once done), expiry."""

    fingerprint: str
    token: str
    value: bytes | None
    expires_at: float


class MemoryStore(Store):
    """A store kept in a dict behind a lock: every thread of one process sees it.

    Other processes do not: use it in tests, not under several gunicorn workers.
    """

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._rows: dict[str, Row] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def _sweep(self, now: float) -> None:
        """Drop the expired keys, at most once every :data:`SWEEP_INTERVAL` seconds."""
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_INTERVAL
            for key in [key for key, row in self._rows.items() if row.expires_at <= now]:
                del self._rows[key]

    def _live(self, key: str, now: float) -> Row | None:
        row = self._rows.get(key)
        if row is not None and row.expires_at <= now:
            del self._rows[key]
            return None
        return row

    def get(self, key: str) -> Entry | None:
        with self._lock:
            row = self._live(key, time.time())
            return None if row is None else Entry(row.fingerprint, row.value, row.expires_at)

    def claim(self, key: str, fingerprint: str, ttl: float) -> Claim:
        ttl = check_ttl(ttl)
        with self._lock:
            now = time.time()
            self._sweep(now)
            row = self._live(key, now)
            if row is None:
                token = new_token()
                self._rows[key] = Row(fingerprint, token, None, now + ttl)
                return Claim(Outcome.CLAIMED, key, token)
            if row.fingerprint != fingerprint:
                return Claim(Outcome.MISMATCH, key)
            if row.value is None:
                return Claim(Outcome.IN_PROGRESS, key)
            return Claim(Outcome.DONE, key, value=row.value)

    def complete(self, claim: Claim, value: bytes, ttl: float) -> bool:
        ttl = check_ttl(ttl)
        with self._lock:
            now = time.time()
            row = self._live(claim.key, now)
            if row is None or row.value is not None or row.token != claim.token:
                return False
            row.value, row.token, row.expires_at = bytes(value), "", now + ttl
            return True

    def release(self, claim: Claim) -> None:
        with self._lock:
            row = self._rows.get(claim.key)
            if row is not None and row.value is None and row.token == claim.token:
                del self._rows[claim.key]

    def expire(self, key: str) -> None:
        with self._lock:
            self._rows.pop(key, None)

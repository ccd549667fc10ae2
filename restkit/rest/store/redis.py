"""``redis://host:port/db``: the store of several machines (``restkit-framework[redis]``).

Each key is a Redis hash (``fingerprint``, ``token`` while claimed, ``value``
once completed) that Redis itself expires. Claiming, completing and releasing
are Lua scripts, which Redis runs atomically. The client's connection pool
connects on first use and reconnects after a fork, so workers forked after
import each get their own connections.
"""

from __future__ import annotations

import time

from redis import Redis

from .base import Claim, Entry, Outcome, Store, check_ttl, new_token

CLAIM = """
local found = redis.call('HMGET', KEYS[1], 'fingerprint', 'value')
if not found[1] then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if found[1] ~= ARGV[1] then return {'mismatch'} end
if not found[2] then return {'in progress'} end
return {'done', found[2]}
"""
COMPLETE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'token')
redis.call('HSET', KEYS[1], 'value', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""
RELEASE = """
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
"""


def milliseconds(ttl: float) -> int:
    """Return the positive *ttl* in whole milliseconds (at least one)."""
    return max(1, round(check_ttl(ttl) * 1000))


class RedisStore(Store):
    """A store in the Redis database at *url* (``redis://``, ``rediss://`` or ``unix://``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client: Redis = Redis.from_url(url)
        self._claim = self.client.register_script(CLAIM)
        self._complete = self.client.register_script(COMPLETE)
        self._release = self.client.register_script(RELEASE)

    def get(self, key: str) -> Entry | None:
        with self.client.pipeline() as pipeline:
            pipeline.hmget(key, "fingerprint", "value")
            pipeline.pttl(key)
            (fingerprint, value), remaining = pipeline.execute()
        if fingerprint is None or remaining < 0:
            return None
        return Entry(fingerprint.decode(), value, time.time() + remaining / 1000)

    def claim(self, key: str, fingerprint: str, ttl: float) -> Claim:
        token = new_token()
        reply = self._claim(keys=[key], args=[fingerprint, token, milliseconds(ttl)])
        outcome = Outcome(reply[0].decode())
        if outcome is Outcome.CLAIMED:
            return Claim(outcome, key, token)
        if outcome is Outcome.DONE:
            return Claim(outcome, key, value=bytes(reply[1]))
        return Claim(outcome, key)

    def complete(self, claim: Claim, value: bytes, ttl: float) -> bool:
        done = self._complete(keys=[claim.key], args=[claim.token, value, milliseconds(ttl)])
        return bool(done)

    def release(self, claim: Claim) -> None:
        self._release(keys=[claim.key], args=[claim.token])

    def expire(self, key: str) -> None:
        self.client.delete(key)

    def close(self) -> None:
        self.client.close()

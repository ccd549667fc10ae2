"""The rate-limit stage: counts the requests of a limited operation; 429 past the quota.

Counting is the ``limits`` library's: its strategies (``API_RATE_LIMIT_STRATEGY``)
over its storages, the one ``API_STORE_URL`` names (SQLite by default, see
:mod:`restkit.rest.ratelimit_sqlite`). Every response of a limited operation —
errors included — carries the ``RateLimit-Policy`` and ``RateLimit`` fields.
"""

from __future__ import annotations

import math
import os
import time
import typing as t

from ..core.ctx import after_this_request
from ..core.errors import ConfigurationError
from .caller import caller_key
from .errors import error_class
from .ratelimit import POLICY_FIELD, SERVICE_LIMIT_FIELD, rate_limit_of, service_limit_field
from .store_url import store_url

if t.TYPE_CHECKING:
    from limits.strategies import RateLimiter

    from ..core.app import App
    from ..core.wrappers import Response
    from .pipeline import Call, StageSetup, Step
    from .ratelimit import Policy

#: The config key choosing how requests are counted, and its values.
STRATEGY_KEY = "API_RATE_LIMIT_STRATEGY"
DEFAULT_STRATEGY = "fixed-window"
STRATEGIES = ("fixed-window", "moving-window")
#: Where an app keeps its limiters, by store URL and strategy.
LIMITERS_KEY = "restkit.rate_limiters"
#: What a SQLite store URL starts with; the rest is the file's path.
SQLITE_PREFIX = "sqlite:///"
#: The identifier every operation counted against the API default shares.
API_SCOPE = "api"

TOO_MANY_REQUESTS = error_class(429)


def limit_rate(setup: StageSetup, next_step: Step) -> Step:
    """Count the request against the operation's limit; refuse it with 429 past the quota.

    The request is counted by the limit's key (the caller by default: its user
    when authenticated, else its address). Each response gets the
    ``RateLimit-Policy`` and ``RateLimit`` fields; a 429 also ``Retry-After``.
    """
    limit = rate_limit_of(setup.app, setup.operation)
    if limit is None:
        return next_step
    # PERF: the limiter, the key function, the scope and the policy field are found once.
    limiter = limiter_of(setup.app)
    key = limit.key or caller_key
    scope = API_SCOPE if limit.shared else f"{setup.endpoint} {setup.method}"
    policies = limit.policies
    policy_value = limit.policy_field

    def limited(call: Call) -> Response:
        identifier = key(call.request)
        refused: Policy | None = None
        states: list[tuple[Policy, int, int]] = []
        for policy in policies:
            # Past a refusal the other quotas are only read, not spent.
            if refused is None and not limiter.hit(policy.item, scope, identifier):
                refused = policy
            reset_time, remaining = limiter.get_window_stats(policy.item, scope, identifier)
            states.append((policy, remaining, max(0, math.ceil(reset_time - time.time()))))
        service_value = service_limit_field(states)

        def add_fields(response: Response) -> Response:
            response.headers[POLICY_FIELD] = policy_value
            response.headers[SERVICE_LIMIT_FIELD] = service_value
            return response

        after_this_request(add_fields)
        if refused is not None:
            # Retry-After is never earlier than the reset of a spent quota (the draft's rule).
            retry = max([reset for _, remaining, reset in states if remaining == 0] + [1])
            raise TOO_MANY_REQUESTS(
                f"Too many requests: the quota {refused.name!r} allows {refused.quota} per "
                f"{refused.window} s. Retry in {retry} s.",
                headers={"Retry-After": str(retry)},
            )
        return t.cast("Response", next_step(call))

    return limited


def limiter_of(app: App) -> RateLimiter:
    """Return the app's limiter for its store URL and strategy, made once and then kept.

    Kept across re-finalizes, so counts in a ``memory://`` store survive a config change.

    :raises ConfigurationError: for an unknown strategy, or a store URL ``limits``
        has no storage for.
    """
    strategy = app.config.get(STRATEGY_KEY, DEFAULT_STRATEGY)
    if strategy not in STRATEGIES:
        raise ConfigurationError(
            f"{STRATEGY_KEY} is {strategy!r}: use {' or '.join(map(repr, STRATEGIES))}."
        )
    url = in_folder(store_url(app), app.instance_path)
    limiters: dict[tuple[str, str], RateLimiter] = app.extensions.setdefault(LIMITERS_KEY, {})
    limiter = limiters.get((url, strategy))
    if limiter is None:
        limiter = limiters[url, strategy] = new_limiter(url, strategy)
    return limiter


def in_folder(url: str, folder: str) -> str:
    """Return *url* with a relative SQLite path made absolute in *folder* (the instance folder).

    ``sqlite:///store.sqlite3`` is the instance folder's file, as for the store of
    idempotency keys; other URLs are returned as they are.
    """
    path = url.removeprefix(SQLITE_PREFIX)
    if path == url or not path or os.path.isabs(path) or path.startswith(":memory:"):
        return url
    return SQLITE_PREFIX + os.path.join(folder, path)


def new_limiter(url: str, strategy: str) -> RateLimiter:
    """Return a ``limits`` limiter counting with *strategy* in the storage *url* names."""
    # PERF: limits, and the SQLite storage registering itself with it, load on first use.
    from limits.errors import ConfigurationError as LimitsConfigurationError
    from limits.storage import storage_from_string
    from limits.strategies import STRATEGIES as LIMITS_STRATEGIES

    from . import ratelimit_sqlite  # noqa: F401 - registers the sqlite:// scheme

    try:
        storage = storage_from_string(url)
    except LimitsConfigurationError as exc:
        raise ConfigurationError(
            f"API_STORE_URL {url!r} cannot hold rate limits ({exc}): use sqlite:///path (the "
            "default), redis://host:port/db (pip install 'restkit-framework[redis]') or memory://."
        ) from exc
    return LIMITS_STRATEGIES[strategy](storage)

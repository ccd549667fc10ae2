"""Rate limits: what ``@blp.rate_limit`` and ``API_RATE_LIMIT`` record, and the fields they send.

A limit is written in the notation of the ``limits`` library (``"100/minute"``,
``"10 per second; 1000/day"``); each limit of a declaration is one *quota
policy* of draft-ietf-httpapi-ratelimit-headers, advertised in the
``RateLimit-Policy`` field (``"default";q=100;w=60``) while the ``RateLimit``
field (``"default";r=42;t=18``) says what is left of it. Both are Structured
Field Lists (RFC 9651) of Strings with Integer parameters. See
``docs/rate-limits.md``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing as t

from ..core.errors import ConfigurationError, SetupError
from .resources import has_operations, method_functions, resource_class

if t.TYPE_CHECKING:
    from limits import RateLimitItem

    from ..core.app import App
    from ..core.wrappers import Request
    from .operation import Operation

#: Returns the text a request is counted by (``caller_key`` unless a limit says otherwise).
KeyFunction = t.Callable[["Request"], str]

#: The config key of the limit every operation without one of its own gets.
DEFAULT_LIMIT_KEY = "API_RATE_LIMIT"
#: The name of the API default's policy, and of an operation's own by default.
DEFAULT_POLICY = "default"
OPERATION_POLICY = "operation"
#: The largest Integer a Structured Field may carry (RFC 9651 §3.3.1).
LARGEST_INTEGER = 999_999_999_999_999
#: What an sf-string may hold unescaped or escaped: printable ASCII (RFC 9651 §3.3.3).
PRINTABLE = re.compile(r"[\x20-\x7e]*")

POLICY_FIELD = "RateLimit-Policy"
SERVICE_LIMIT_FIELD = "RateLimit"


@dataclasses.dataclass(frozen=True, slots=True)
class Policy:
    """One quota policy: a name, and the ``limits`` item that counts it."""

    name: str
    item: RateLimitItem

    @property
    def quota(self) -> int:
        """The requests the policy allows per window (``q``)."""
        return self.item.amount

    @property
    def window(self) -> int:
        """The window, in seconds (``w``)."""
        return self.item.get_expiry()


@dataclasses.dataclass(frozen=True, slots=True)
class RateLimit:
    """One ``rate_limit`` declaration, or the API's default limit.

    :raises SetupError: for a limit ``limits`` cannot parse, or one a header
        field cannot state.
    """

    limit: str | None
    """The limits, in ``limits`` notation; ``None``: the operation is not limited."""
    key: KeyFunction | None = None
    """Returns the text requests are counted by; ``None``: ``caller_key``."""
    policy: str = OPERATION_POLICY
    """The policy's name in the header fields (with the window appended when there
    are several limits: ``"operation-60s"``)."""
    shared: bool = False
    """Whether one count covers every operation the limit applies to (the API
    default), rather than one count per operation."""
    policies: tuple[Policy, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "policies", parsed_policies(self.limit, self.policy))

    @property
    def policy_field(self) -> str:
        """The ``RateLimit-Policy`` field value of the limit."""
        return policy_field(self.policies)


def parsed_policies(limit: str | None, name: str) -> tuple[Policy, ...]:
    """Return the policies of *limit* named after *name*; none for ``None``."""
    if limit is None:
        return ()
    from limits import parse_many  # PERF: limits is imported by the first app that limits

    if not PRINTABLE.fullmatch(name) or not name:
        raise SetupError(
            f"The rate-limit policy name {name!r} cannot be sent in a header field: use "
            "printable ASCII characters."
        )
    try:
        items = parse_many(limit)
    except ValueError as exc:
        raise SetupError(
            f"{limit!r} is not a rate limit: write it as '100/minute', '10 per second' or "
            "several separated by ';' ('10/second;1000/day')."
        ) from exc
    windows = [item.get_expiry() for item in items]
    if len(set(windows)) < len(windows):
        raise SetupError(
            f"The rate limit {limit!r} has two limits over the same window: keep the smaller."
        )
    for item in items:
        if not 0 < item.amount <= LARGEST_INTEGER or item.get_expiry() > LARGEST_INTEGER:
            raise SetupError(
                f"The rate limit {limit!r} allows {item.amount} requests per "
                f"{item.get_expiry()} s: both must be between 1 and {LARGEST_INTEGER}."
            )
    if len(items) == 1:
        return (Policy(name, items[0]),)
    return tuple(Policy(f"{name}-{item.get_expiry()}s", item) for item in items)


def sf_string(text: str) -> str:
    """Return *text* as a Structured Field String: quoted, ``"`` and ``\\`` escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def policy_field(policies: t.Iterable[Policy]) -> str:
    """Return the ``RateLimit-Policy`` value of *policies*: ``"name";q=100;w=60, ...``."""
    return ", ".join(
        f"{sf_string(policy.name)};q={policy.quota};w={policy.window}" for policy in policies
    )


def service_limit_field(states: t.Iterable[tuple[Policy, int, int]]) -> str:
    """Return the ``RateLimit`` value of *states*, ``(policy, remaining, reset)`` triples.

    :param states: per policy, the requests left and the seconds until quota comes back.
    """
    return ", ".join(
        f"{sf_string(policy.name)};r={remaining};t={reset}" for policy, remaining, reset in states
    )


@functools.lru_cache(maxsize=16)
def default_rate_limit(limit: str) -> RateLimit:
    """Return the API default of ``API_RATE_LIMIT`` *limit*: one count across the API."""
    return RateLimit(limit, policy=DEFAULT_POLICY, shared=True)


def rate_limit_of(app: App, operation: Operation) -> RateLimit | None:
    """Return the limit a compiled *operation* is counted against, or ``None``.

    Its own ``rate_limit`` wins (``rate_limit(None)`` exempts it); else the
    app's ``API_RATE_LIMIT``.
    """
    own = operation.rate_limit
    if own is not None:
        return own if own.policies else None
    default = app.config.get(DEFAULT_LIMIT_KEY)
    if default is None:
        return None
    if not isinstance(default, str):
        raise ConfigurationError(
            f"{DEFAULT_LIMIT_KEY} is {default!r}: give a limit as text, like '1000/hour'."
        )
    return default_rate_limit(default)


def documented_rate_limit(
    app: App, view: t.Callable[..., t.Any], operation: Operation
) -> RateLimit | None:
    """Return the limit of *operation*, a method of *view*, as the compiler enforces it.

    Only views the REST compiler compiles (views carrying a recorded operation,
    every method of such a ``MethodView``) run the rate-limit stage.
    """
    resource = resource_class(view)
    methods = resource.method_handlers if resource is not None else ("GET",)
    if not has_operations(method_functions(view, methods)):
        return None
    return rate_limit_of(app, operation)

"""Idempotency keys: which operations honour ``Idempotency-Key``, and the settings they use.

``@blueprint.idempotent`` records an :class:`Idempotency` on a view; the
``API_IDEMPOTENCY`` config key applies one to every POST and PATCH (or the
methods it names). The pipeline stage (:mod:`restkit.rest.idempotency_stage`)
and the OpenAPI document read the same record through :func:`idempotency_for`,
with the same :class:`IdempotencySettings`. See ``docs/idempotency.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing as t

from ..core.errors import ConfigurationError

if t.TYPE_CHECKING:
    from ..core.appsetup import AppSetup
    from .operation import Operation

#: The methods whose requests may carry an idempotency key: those RFC 9110 does
#: not call safe (PUT and DELETE are idempotent already, and may opt in).
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The methods ``API_IDEMPOTENCY = True`` applies to, as the draft suggests.
DEFAULT_METHODS = frozenset({"POST", "PATCH"})
#: How long a completed key is kept: 24 hours.
DEFAULT_TTL = 24 * 60 * 60.0
#: How long a running request holds its key (a worker that dies frees it then).
DEFAULT_LEASE = 5 * 60.0
#: The largest response body kept for replay, in bytes.
DEFAULT_MAX_RESPONSE_SIZE = 1024 * 1024
#: The response header marking a replayed response.
REPLAYED_HEADER = "Idempotent-Replayed"
#: The ``Retry-After`` of a 409: the first request is still running.
RETRY_AFTER = 1


@dataclasses.dataclass(frozen=True, slots=True)
class Idempotency:
    """The ``idempotent`` declaration of an operation.

    :param required: refuse requests without ``Idempotency-Key`` (400).
    """

    required: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class IdempotencySettings:
    """The app's idempotency settings, read from its config (see ``docs/config.md``)."""

    methods: frozenset[str] = frozenset()
    """The methods every REST operation honours keys on (``API_IDEMPOTENCY``)."""
    ttl: float = DEFAULT_TTL
    """Seconds a completed key is kept (``API_IDEMPOTENCY_TTL``)."""
    lease: float = DEFAULT_LEASE
    """Seconds a running request holds its key (``API_IDEMPOTENCY_LEASE``)."""
    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE
    """The largest body kept for replay (``API_IDEMPOTENCY_MAX_RESPONSE_SIZE``)."""
    namespace: str = ""
    """What keys are scoped by besides their caller (``API_IDEMPOTENCY_NAMESPACE``)."""

    @classmethod
    def of(cls, app: AppSetup) -> IdempotencySettings:
        """Return the settings *app*'s config gives.

        :raises ConfigurationError: a key holds a value it cannot take.
        """
        config = app.config
        return cls(
            methods=configured_methods(config.get("API_IDEMPOTENCY", False)),
            ttl=seconds(config, "API_IDEMPOTENCY_TTL", DEFAULT_TTL),
            lease=seconds(config, "API_IDEMPOTENCY_LEASE", DEFAULT_LEASE),
            max_response_size=size(config, "API_IDEMPOTENCY_MAX_RESPONSE_SIZE"),
            namespace=str(config.get("API_IDEMPOTENCY_NAMESPACE") or app.name),
        )


def configured_methods(value: t.Any) -> frozenset[str]:
    """Return the methods ``API_IDEMPOTENCY`` names: ``True``, ``False``, or methods.

    :raises ConfigurationError: for anything else, or a safe method.
    """
    if value is None or value is False:
        return frozenset()
    if value is True:
        return DEFAULT_METHODS
    names = value.split(",") if isinstance(value, str) else value
    try:
        methods = frozenset(str(name).strip().upper() for name in names)
    except TypeError:
        methods = frozenset({""})
    if not methods or not methods <= UNSAFE_METHODS:
        raise ConfigurationError(
            f"API_IDEMPOTENCY is {value!r}: set it to True (every POST and PATCH), False, or "
            f"the methods to cover among {', '.join(sorted(UNSAFE_METHODS))} ('POST,PATCH')."
        )
    return methods


def seconds(config: t.Mapping[str, t.Any], key: str, default: float) -> float:
    """Return the positive duration at *key*: seconds, or a ``timedelta``."""
    value = config.get(key, default)
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(
            f"{key} is {value!r}: set it to a positive number of seconds, or a timedelta."
        )
    return float(value)


def size(config: t.Mapping[str, t.Any], key: str) -> int:
    """Return the byte count at *key*, a positive int."""
    value = config.get(key, DEFAULT_MAX_RESPONSE_SIZE)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigurationError(f"{key} is {value!r}: set it to a positive number of bytes.")
    return value


def idempotency_for(
    operation: Operation, method: str, settings: IdempotencySettings
) -> Idempotency | None:
    """Return the idempotency an operation has on *method*, or ``None`` when it has none.

    The view's own ``idempotent`` wins; else ``API_IDEMPOTENCY`` covers the
    method. Safe methods (GET, HEAD, OPTIONS) never take keys.
    """
    if method not in UNSAFE_METHODS:
        return None
    if operation.idempotency is not None:
        return operation.idempotency
    return Idempotency() if method in settings.methods else None

"""URL map setup: the rule and map classes and the bounded integer converter."""

from __future__ import annotations

import typing as t

from werkzeug.routing import IntegerConverter, Map, Rule

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


class BoundedIntegerConverter(IntegerConverter):
    """The ``int`` converter, bounded to int64 unless told otherwise.

    A path segment past the bound does not match, so the client gets a 404
    rather than a number the database cannot hold.
    """

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        low = min if min is not None else (INT64_MIN if signed else 0)
        high = max if max is not None else INT64_MAX
        super().__init__(map, fixed_digits=fixed_digits, min=low, max=high, signed=signed)


def default_converters() -> dict[str, type[t.Any]]:
    """Return the converters every app starts with: werkzeug's, with ``int`` bounded."""
    converters = dict(Map.default_converters)
    converters["int"] = BoundedIntegerConverter
    return converters


class AppRule(Rule):
    """A URL rule that remembers whether the app answers OPTIONS for it."""

    provide_automatic_options: bool = False

"""JSON helpers where Flask users import them from (``.provider`` and ``.tag`` too)."""

from __future__ import annotations

from ..core.json import (
    DefaultJSONProvider,
    JSONDecodeError,
    JSONProvider,
    dump,
    dumps,
    jsonify,
    load,
    loads,
)

__all__ = [
    "DefaultJSONProvider",
    "JSONDecodeError",
    "JSONProvider",
    "dump",
    "dumps",
    "jsonify",
    "load",
    "loads",
]

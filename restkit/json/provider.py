"""JSON providers, where Flask users import them from (``flask.json.provider``)."""

from __future__ import annotations

from ..core.json import DefaultJSONProvider, JSONProvider

__all__ = ["DefaultJSONProvider", "JSONProvider"]

"""JSON helpers and providers, where Flask users import them from."""

from __future__ import annotations

from .core.json import DefaultJSONProvider, JSONProvider, dumps, jsonify, loads

__all__ = ["DefaultJSONProvider", "JSONProvider", "dumps", "jsonify", "loads"]

"""Class-based views, where Flask users import them from."""

from __future__ import annotations

from .core.views import MethodView, View

__all__ = ["MethodView", "View"]

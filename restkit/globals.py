"""The context proxies, where Flask users import them from (``flask.globals``)."""

from __future__ import annotations

from .core.globals import app_ctx, current_app, g, request, request_ctx, session

__all__ = ["app_ctx", "current_app", "g", "request", "request_ctx", "session"]

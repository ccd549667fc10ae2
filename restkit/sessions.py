"""Session interfaces, where Flask users import them from."""

from __future__ import annotations

from .core.sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
)

__all__ = ["NullSession", "SecureCookieSession", "SecureCookieSessionInterface", "SessionInterface"]

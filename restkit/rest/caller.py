"""Who is calling: the text that keys a caller's shared state (idempotency keys, rate limits).

An authenticated caller is keyed by its user — the ``id`` of the user object the
verify callback returned (an ``"id"`` item or attribute), else the user itself as
text — so a user keeps the same key from any address. An anonymous caller is
keyed by its address (``request.remote_addr``: behind a proxy, apply werkzeug's
``ProxyFix`` so it is the client's, see ``docs/deploy.md``).
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from .auth import request_users

if t.TYPE_CHECKING:
    from ..core.wrappers import Request


def user_id(user: t.Any) -> str:
    """Return the text that identifies *user*: its ``id`` item or attribute, else itself."""
    if isinstance(user, Mapping) and "id" in user:
        return str(user["id"])
    identifier = getattr(user, "id", None)
    return str(user if identifier is None else identifier)


def caller_key(request: Request) -> str:
    """Return ``user:<id>`` for an authenticated request, else ``address:<client address>``."""
    users = request_users(request)
    if users:
        return "user:" + ",".join(sorted(user_id(user) for user in users.values()))
    return f"address:{request.remote_addr or 'unknown'}"

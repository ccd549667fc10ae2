"""Authentication: HTTP Basic, tokens and API keys, for ``Blueprint.auth_required``."""

from __future__ import annotations

from .rest.auth import (
    AllOf,
    AnyOf,
    APIKeyAuth,
    Auth,
    HTTPAuth,
    HTTPBasicAuth,
    HTTPTokenAuth,
    compare_secrets,
)

__all__ = [
    "APIKeyAuth",
    "AllOf",
    "AnyOf",
    "Auth",
    "HTTPAuth",
    "HTTPBasicAuth",
    "HTTPTokenAuth",
    "compare_secrets",
]

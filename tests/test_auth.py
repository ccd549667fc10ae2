"""``restkit.auth``: the public home of the authentication schemes."""

from __future__ import annotations

import restkit
import restkit.rest.auth


def test_restkit_auth_re_exports_the_schemes():
    for name in restkit.auth.__all__:
        assert getattr(restkit.auth, name) is getattr(restkit.rest.auth, name)
    assert {"HTTPBasicAuth", "HTTPTokenAuth", "APIKeyAuth"} <= set(restkit.auth.__all__)


def test_restkit_auth_is_reached_from_the_package():
    from restkit import auth

    assert "auth" in restkit.__all__
    assert auth is restkit.auth

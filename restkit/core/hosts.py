"""The request's ``Host`` header: refused when it is not a host name, or not a trusted one."""

from __future__ import annotations

import functools
import typing as t

from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

if t.TYPE_CHECKING:
    from .wrappers import Request

INVALID_HOST = "The Host header is not a valid host name or address, with an optional port."


@functools.lru_cache(maxsize=256)  # PERF: an app is reached under few distinct hosts
def is_valid_host(host: str) -> bool:
    """Tell whether *host* is ``name[:port]``: a DNS name, an IPv4 or a bracketed IPv6 address.

    werkzeug checks the characters and the port; a name must also be made of
    labels of 1 to 63 characters that neither start nor end with a hyphen, and
    may end with the dot of a fully qualified name.
    """
    if not host_is_trusted(host):  # with no trusted list, it checks the syntax only
        return False
    if host.startswith("["):
        return True
    name = host.partition(":")[0].removesuffix(".")
    return len(name) <= 253 and all(
        0 < len(label) <= 63 and not label.startswith("-") and not label.endswith("-")
        for label in name.split(".")
    )


def check_host(request: Request, trusted_hosts: t.Collection[str] | None) -> None:
    """Refuse *request* when its ``Host`` header is malformed, or not one of *trusted_hosts*.

    A request without a ``Host`` header (HTTP/1.0) is left to werkzeug, which
    uses the server's own name.

    :raise BadRequest: the ``Host`` header is malformed, or (``SecurityError``,
        a ``BadRequest`` too) not trusted.
    """
    host = request.environ.get("HTTP_HOST")
    if host is not None and not is_valid_host(host):
        raise BadRequest(INVALID_HOST)
    if trusted_hosts is not None:
        request.trusted_hosts = list(trusted_hosts)
        request.host  # noqa: B018 - raises SecurityError (400) for an untrusted host

"""One hostile request and what must come back: the shape of every case of the corpus.

A case is sent as raw bytes to a real gunicorn serving its target (an example
app or the vault), on a fresh connection; the reply must have the case's exact
status and, where the app answers, be a problem document with the case's exact
``detail`` and ``errors``. Where gunicorn itself refuses the request at the HTTP
layer (framing it cannot parse, fields past its limits), the case says so and
checks gunicorn's own reply: that is the WSGI server's job, not the app's.
"""

from __future__ import annotations

import dataclasses
import typing as t

from .raw_http import request_bytes

if t.TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .raw_http import RawReply

#: Who answers: the app, with a problem document (or its normal reply); gunicorn, with
#: its own HTML page; or nobody, the connection closed without a reply.
Answerer = t.Literal["app", "gunicorn", "nobody"]


class OwnHost:
    """In :meth:`Context.request`: the ``Host`` of the running target."""


@dataclasses.dataclass(frozen=True)
class Context:
    """What cases need to know of their running target."""

    port: int
    auth: tuple[tuple[str, str], ...]
    """The header fields of a signed-in client."""
    item_id: int
    """A resource created for the cases that need one."""
    etag: str
    """Its ETag."""

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        target: str | bytes,
        *,
        fields: Sequence[tuple[str | bytes, str | bytes]] = (),
        body: bytes | None = None,
        host: str | bytes | type[OwnHost] | None = OwnHost,
        signed_in: bool = True,
        content_length: bool = True,
    ) -> bytes:
        """Return a request to this target: with its own ``Host`` unless *host* is given
        (``None``: none), signed in unless told not to."""
        return request_bytes(
            method,
            target,
            host=self.host if host is OwnHost else t.cast("str | bytes | None", host),
            fields=[*(self.auth if signed_in else ()), *fields],
            body=body,
            content_length=content_length,
        )


@dataclasses.dataclass(frozen=True)
class Case:
    """A hostile request to one target, and the reply it must get."""

    id: str
    target: str
    request: Callable[[Context], bytes]
    status: int
    detail: str | None = None
    """The problem document's exact ``detail``."""
    errors: t.Mapping[str, t.Any] | None = None
    """Its exact ``errors``; :data:`ANY_MESSAGES` for a field whose messages the app words."""
    check: Callable[[RawReply, Context], None] | None = None
    """More to check in the reply."""
    before: Callable[[Context], Sequence[bytes]] | None = None
    """Requests sent first (each must succeed), for cases about what came before."""
    answered_by: Answerer = "app"
    head: bool = False
    """The request is a ``HEAD``: the reply has no body."""


#: In :attr:`Case.errors`: the field has messages, worded by the app's own validators.
ANY_MESSAGES: t.Final = ["..."]

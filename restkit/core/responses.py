"""Response shortcuts for views: ``make_response``, ``redirect``, ``abort``, ``url_for``."""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import Aborter
from werkzeug.utils import redirect as werkzeug_redirect

from .globals import app_ctx_var

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response as WerkzeugResponse

    from .wrappers import Response

_default_aborter = Aborter()


def make_response(*args: t.Any) -> Response:
    """Turn view-style return values into a response, to add headers before returning it."""
    ctx = app_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError("make_response() needs an active app context.")
    if not args:
        return ctx.app.response_class()
    return ctx.app.make_response(args[0] if len(args) == 1 else args)


def redirect(location: str, code: int = 302) -> WerkzeugResponse:
    """Return a response redirecting the client to *location* (through ``app.redirect``)."""
    ctx = app_ctx_var.get(None)
    if ctx is not None:
        return ctx.app.redirect(location, code)
    return werkzeug_redirect(location, code)


def abort(code: int | WerkzeugResponse, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP error for *code* (through the app's ``aborter`` when one is active)."""
    ctx = app_ctx_var.get(None)
    aborter = ctx.app.aborter if ctx is not None else _default_aborter
    aborter(code, *args, **kwargs)
    raise AssertionError("unreachable")  # pragma: no cover - the aborter always raises


def url_for(
    endpoint: str,
    /,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build the URL of *endpoint* with the current app (see :meth:`App.url_for`)."""
    ctx = app_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError("url_for() needs an active app context: use 'with app.app_context()'.")
    return ctx.app.url_for(
        endpoint,
        _anchor=_anchor,
        _method=_method,
        _scheme=_scheme,
        _external=_external,
        **values,
    )

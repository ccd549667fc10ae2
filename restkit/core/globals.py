"""The context variables and the proxies user code reads them through."""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from .app import App
    from .ctx import AppContext, AppGlobals, RequestContext
    from .sessions import SecureCookieSession
    from .wrappers import Request

_no_app = """\
Working outside of the application context.

Code that reads current_app or g needs an app context: push one with
'with app.app_context():' (requests push one for you)."""

_no_request = """\
Working outside of the request context.

Code that reads request or session runs while a request is handled: in a
test, use 'with app.test_request_context():'."""

app_ctx_var: ContextVar[AppContext] = ContextVar("restkit.app_ctx")
request_ctx_var: ContextVar[RequestContext] = ContextVar("restkit.request_ctx")

app_ctx: AppContext = LocalProxy(  # type: ignore[assignment]
    app_ctx_var, unbound_message=_no_app
)
request_ctx: RequestContext = LocalProxy(  # type: ignore[assignment]
    request_ctx_var, unbound_message=_no_request
)
current_app: App = LocalProxy(  # type: ignore[assignment]
    app_ctx_var, "app", unbound_message=_no_app
)
g: AppGlobals = LocalProxy(app_ctx_var, "g", unbound_message=_no_app)  # type: ignore[assignment]
request: Request = LocalProxy(  # type: ignore[assignment]
    request_ctx_var, "request", unbound_message=_no_request
)
session: SecureCookieSession = LocalProxy(  # type: ignore[assignment]
    request_ctx_var, "session", unbound_message=_no_request
)


def has_app_context() -> bool:
    """Tell whether an application context is active."""
    return app_ctx_var.get(None) is not None


def has_request_context() -> bool:
    """Tell whether a request context is active."""
    return request_ctx_var.get(None) is not None

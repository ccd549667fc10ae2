"""Test helpers: environ builder, test client, test response and CLI runner for an app."""

from __future__ import annotations

import copy
import time
import typing as t
from contextlib import contextmanager
from urllib.parse import urlsplit

import werkzeug.test
from click.testing import CliRunner, Result
from werkzeug.http import parse_cookie, parse_date
from werkzeug.test import Client
from werkzeug.test import TestResponse as WerkzeugTestResponse
from werkzeug.wrappers import Request as WerkzeugRequest

from .globals import app_ctx_var, request_ctx_var

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

    import click
    from werkzeug.wrappers import Response as WerkzeugResponse

    from .app import App
    from .appsetup import AppSetup
    from .ctx import RequestContext
    from .sessions import SecureCookieSession

#: The environ key :meth:`App.wsgi_app` calls with each request's context once popped.
PRESERVE_CONTEXT_KEY = "restkit._preserve_context"


class EnvironBuilder(werkzeug.test.EnvironBuilder):
    """A werkzeug ``EnvironBuilder`` for a request to *app*, as Flask's ``EnvironBuilder``.

    Without *base_url*, the host, root path and scheme come from the app's
    ``SERVER_NAME`` (else ``localhost``), ``APPLICATION_ROOT`` and
    ``PREFERRED_URL_SCHEME``; a full URL in *path* wins over them. ``json=``
    bodies are written with ``app.json``.

    :param app: the app the request is for.
    :param path: the path of the request, or a full URL.
    :param base_url: the URL the app is mounted at; excludes *subdomain* and *url_scheme*.
    :param subdomain: subdomain prepended to the host.
    :param url_scheme: scheme to use instead of ``PREFERRED_URL_SCHEME``.
    :param args: further werkzeug ``EnvironBuilder`` arguments (``query_string``...).
    :param kwargs: werkzeug ``EnvironBuilder`` keyword arguments.
    :raise ValueError: *base_url* was given with *subdomain* or *url_scheme*.
    """

    def __init__(
        self,
        app: AppSetup,
        path: str = "/",
        base_url: str | None = None,
        subdomain: str | None = None,
        url_scheme: str | None = None,
        *args: t.Any,
        **kwargs: t.Any,
    ) -> None:
        if base_url is not None:
            if subdomain or url_scheme:
                raise ValueError("Pass either base_url or subdomain/url_scheme, not both.")
        else:
            config = app.config
            host = config["SERVER_NAME"] or "localhost"
            if subdomain:
                host = f"{subdomain}.{host}"
            url = urlsplit(path)
            scheme = url.scheme or url_scheme or config["PREFERRED_URL_SCHEME"]
            root = (config["APPLICATION_ROOT"] or "/").lstrip("/")
            base_url = f"{scheme}://{url.netloc or host}/{root}"
            path = f"{url.path}?{url.query}" if url.query else url.path
        self.app = app
        super().__init__(path, base_url, *args, **kwargs)

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize *obj* with ``app.json``."""
        return self.app.json.dumps(obj, **kwargs)


class TestResponse(WerkzeugTestResponse):
    """A response returned by :class:`TestClient`.

    ``json`` and ``get_json()`` parse ``application/json`` and every
    ``application/*+json`` type (``application/problem+json`` included) with
    the app's JSON provider.
    """

    #: Parses the body for ``json``; the client sets the app's JSON provider.
    json_module: t.Any


def _test_response_class(response_class: type[WerkzeugResponse]) -> type[TestResponse]:
    if issubclass(response_class, TestResponse):
        return response_class
    return type("TestResponse", (TestResponse, response_class), {})


class TestClient(Client):
    """Send requests to an app without a server (see ``docs/testing.md``).

    Inside ``with client:``, the context of the last request stays active, so
    ``request``, ``session`` and ``g`` can be inspected after it.

    :param application: the app under test.
    :param response_wrapper: the response class, ``app.response_class`` by default.
    :param use_cookies: keep cookies between requests.
    :param allow_subdomain_redirects: follow redirects to subdomains.
    """

    application: App
    # Not a test class, though its name starts with "Test".
    __test__ = False

    def __init__(
        self,
        application: App,
        response_wrapper: type[WerkzeugResponse] | None = None,
        use_cookies: bool = True,
        allow_subdomain_redirects: bool = False,
    ) -> None:
        wrapper = _test_response_class(response_wrapper or application.response_class)
        super().__init__(application, wrapper, use_cookies, allow_subdomain_redirects)
        #: Added to the environ of every request.
        self.environ_base: dict[str, t.Any] = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": "restkit-test-client",
        }
        #: Whether the last request's context is kept (set by ``with client:``).
        self.preserve_context = False
        self._undo_kept: list[t.Callable[[], None]] = []

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Send a request; arguments are those of :class:`EnvironBuilder`, or a builder."""
        request = self._make_request(args, kwargs)
        self._pop_kept()
        if self.preserve_context:
            self._push_app_context()
        response = t.cast(
            TestResponse,
            super().open(request, buffered=buffered, follow_redirects=follow_redirects),
        )
        response.json_module = self.application.json
        return response

    def _make_request(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> WerkzeugRequest:
        request_class = self.application.request_class
        if len(args) == 1 and not kwargs:
            arg = args[0]
            if isinstance(arg, werkzeug.test.EnvironBuilder):
                builder = copy.copy(arg)
                builder.environ_base = self._environ_base(arg.environ_base)
                return builder.get_request(request_class)
            if isinstance(arg, dict):
                builder = werkzeug.test.EnvironBuilder.from_environ(
                    arg, environ_base=self._environ_base(None)
                )
                return builder.get_request(request_class)
            if isinstance(arg, WerkzeugRequest):
                arg.environ = {**self._environ_base(None), **arg.environ}
                return arg
        kwargs["environ_base"] = self._environ_base(kwargs.get("environ_base"))
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            return builder.get_request(request_class)
        finally:
            builder.close()

    def _environ_base(self, extra: t.Mapping[str, t.Any] | None) -> dict[str, t.Any]:
        environ = {**self.environ_base, **(extra or {})}
        if self.preserve_context:
            environ[PRESERVE_CONTEXT_KEY] = self._keep
        return environ

    def _push_app_context(self) -> None:
        # The request would push (and pop) its own app context; pushing one here keeps
        # the request's ``g`` alive until the kept context is dropped.
        current = app_ctx_var.get(None)
        if current is None or current.app is not self.application:
            app_ctx = self.application.app_context()
            app_ctx.push()
            self._undo_kept.append(app_ctx.pop)

    def _keep(self, ctx: RequestContext) -> None:
        # Called by the app, inside a ``with client:`` block, once the request ended.
        # The app already tore the context down: activating it again through
        # ctx.push()/pop() would run the teardown functions a second time.
        token = request_ctx_var.set(ctx)
        self._undo_kept.append(lambda: request_ctx_var.reset(token))

    def _pop_kept(self) -> None:
        while self._undo_kept:
            self._undo_kept.pop()()

    def __enter__(self) -> TestClient:
        if self.preserve_context:
            raise RuntimeError("A test client's 'with' blocks cannot be nested.")
        self.preserve_context = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.preserve_context = False
        self._pop_kept()

    @contextmanager
    def session_transaction(self, *args: t.Any, **kwargs: t.Any) -> Iterator[SecureCookieSession]:
        """Open the client's session to read or change it outside a request.

        The changed session is saved back into the client's cookies when the
        ``with`` block ends.

        :param args: arguments of :meth:`App.test_request_context`, which
            decide the host and path the cookie is read for.
        """
        app = self.application
        interface = app.session_interface
        ctx = app.test_request_context(*args, **kwargs)
        server_name = urlsplit(ctx.request.host_url).hostname or "localhost"
        cookie_domain = interface.get_cookie_domain(app)
        domain = cookie_domain.partition(":")[0].lstrip(".") if cookie_domain else server_name
        cookie = self.get_cookie(
            interface.get_cookie_name(app), domain=domain, path=interface.get_cookie_path(app)
        )
        if cookie is not None:
            ctx.request.environ["HTTP_COOKIE"] = f"{cookie.key}={cookie.value}"
        with ctx:
            session = interface.open_session(app, ctx.request)
        if session is None:
            raise RuntimeError(
                "The session interface did not open a session: set app.config['SECRET_KEY']."
            )
        yield session
        if interface.is_null_session(session):
            return
        response = app.response_class()
        with ctx:
            interface.save_session(app, session, response)
        for header in response.headers.getlist("Set-Cookie"):
            self._store_cookie(header, server_name)

    def _store_cookie(self, header: str, server_name: str) -> None:
        """Store the cookie of a ``Set-Cookie`` *header* as the client would on a response."""
        pair, _, attributes = header.partition(";")
        key, value = next(iter(parse_cookie(pair).items()))
        params: dict[str, str | None] = {}
        for attribute in attributes.split(";"):
            name, sep, param = attribute.partition("=")
            params[name.strip().lower()] = param.strip() if sep else None
        domain = params.get("domain") or server_name
        path = params.get("path") or "/"
        max_age = int(params["max-age"] or 0) if "max-age" in params else None
        expires = parse_date(params.get("expires"))
        if max_age == 0 or (expires is not None and expires.timestamp() <= time.time()):
            self.delete_cookie(key, domain=domain, path=path)
            return
        self.set_cookie(
            key,
            value,
            domain=domain,
            origin_only="domain" not in params,
            path=path,
            max_age=max_age,
            expires=expires,
            secure="secure" in params,
            httponly="httponly" in params,
            samesite=params.get("samesite"),
        )


class RestkitCliRunner(CliRunner):
    """A click runner that invokes ``restkit`` commands against one app.

    :param app: the app the commands load.
    :param kwargs: ``click.testing.CliRunner`` arguments.
    """

    def __init__(self, app: App, **kwargs: t.Any) -> None:
        self.app = app
        super().__init__(**kwargs)

    def invoke(  # type: ignore[override]
        self,
        cli: click.Command | None = None,
        args: str | t.Sequence[str] | None = None,
        **kwargs: t.Any,
    ) -> Result:
        """Invoke *cli* (the ``restkit`` command by default) with *args*, for this app.

        :param kwargs: ``CliRunner.invoke`` arguments (``input``, ``env``...).
        """
        from .cli import ScriptInfo, make_cli

        if cli is None:
            cli = make_cli()
        kwargs.setdefault("obj", ScriptInfo(create_app=lambda: self.app))
        return super().invoke(cli, args, **kwargs)

"""The setup half of the application: config, routes, blueprints, contexts, URLs."""

from __future__ import annotations

import logging
import os
import sys
import threading
import typing as t
from datetime import timedelta
from functools import cached_property
from urllib.parse import quote as url_quote

from werkzeug.exceptions import Aborter
from werkzeug.routing import BuildError, Map, MapAdapter

from .config import Config
from .ctx import AppGlobals
from .endpoints import EndpointTable
from .errors import SetupError
from .globals import app_ctx_var, request_ctx_var
from .json import DefaultJSONProvider, JSONProvider
from .log import create_logger
from .options import DEFAULT_CONFIG, AppOptions
from .routing import AppRule, RouteShortcuts, default_converters
from .scaffold import ErrorHandler, Scaffold, exception_class_and_code
from .sessions import SecureCookieSessionInterface, SessionInterface
from .wrappers import Request, Response

if t.TYPE_CHECKING:
    import click

    from .app import App
    from .blueprints import Blueprint

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class AppSetup(Scaffold):
    """Everything about an app but serving requests.

    Use :class:`~restkit.core.app.App`, which documents the parameters.
    """

    request_class: type[Request] = Request
    response_class: type[Response] = Response
    json_provider_class: type[JSONProvider] = DefaultJSONProvider
    config_class: type[Config] = Config
    url_map_class: type[Map] = Map
    url_rule_class: type[AppRule] = AppRule
    app_ctx_globals_class: type[AppGlobals] = AppGlobals
    aborter_class: type[Aborter] = Aborter
    session_interface: SessionInterface = SecureCookieSessionInterface()
    default_config: t.ClassVar[dict[str, t.Any]] = DEFAULT_CONFIG

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = None,
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
    ) -> None:
        super().__init__(import_name, static_folder, static_url_path, template_folder, root_path)
        if instance_path is not None and not os.path.isabs(instance_path):
            raise ValueError("instance_path must be an absolute path.")
        self.instance_path = instance_path or os.path.join(self.root_path, "instance")
        self.config = self.config_class(
            self.instance_path if instance_relative_config else self.root_path,
            self.default_config,
        )
        self.json: JSONProvider = self.json_provider_class(t.cast("App", self))
        self.aborter = self.aborter_class()
        self.extensions: dict[str, t.Any] = {}
        self.blueprints: dict[str, Blueprint] = {}
        self.teardown_appcontext_funcs: list[t.Callable[[BaseException | None], None]] = []
        self.before_serving_funcs: list[t.Callable[[], None]] = []
        self.shell_context_processors: list[t.Callable[[], dict[str, t.Any]]] = []
        self.url_build_error_handlers: list[
            t.Callable[[Exception, str, dict[str, t.Any]], str]
        ] = []
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.url_map.converters.update(default_converters())
        self.subdomain_matching = subdomain_matching
        self._options: AppOptions | None = None
        self._resolved_revision = -1
        self._finalize_lock = threading.Lock()
        #: Every endpoint with its handler and hooks; built by :meth:`finalize`.
        self.endpoint_table: EndpointTable | None = None
        #: The rules found without werkzeug's matcher; built by :meth:`finalize`.
        self.route_shortcuts: RouteShortcuts | None = None
        if self.static_folder is not None:
            self.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                endpoint="static",
                host=static_host,
                view_func=self.send_static_file,
            )

    # -- identity, config, logging --------------------------------------------------------

    @cached_property
    def name(self) -> str:  # type: ignore[override]
        """The app's name: its import name, or the script's name when run as ``__main__``."""
        if self.import_name == "__main__":
            path: str | None = getattr(sys.modules["__main__"], "__file__", None)
            if path:
                return os.path.splitext(os.path.basename(path))[0]
        return str(self.import_name)

    @cached_property
    def logger(self) -> logging.Logger:
        """The app's logger, named after the app (see ``restkit.core.log.create_logger``)."""
        return create_logger(self)

    @cached_property
    def cli(self) -> click.Group:
        """The click group of the app's own commands, added to ``restkit``."""
        from .cli import AppGroup

        return AppGroup(self.name)

    @property
    def debug(self) -> bool:
        """Whether debug mode is on (``DEBUG`` in the config)."""
        return bool(self.config["DEBUG"])

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value

    @property
    def testing(self) -> bool:
        """Whether testing mode is on (``TESTING`` in the config)."""
        return bool(self.config["TESTING"])

    @testing.setter
    def testing(self, value: bool) -> None:
        self.config["TESTING"] = value

    @property
    def secret_key(self) -> str | bytes | None:
        """The ``SECRET_KEY`` that signs session cookies."""
        return self.config["SECRET_KEY"]  # type: ignore[no-any-return]

    @secret_key.setter
    def secret_key(self, value: str | bytes | None) -> None:
        self.config["SECRET_KEY"] = value

    @property
    def permanent_session_lifetime(self) -> timedelta:
        """How long a permanent session lasts (``PERMANENT_SESSION_LIFETIME``, or seconds)."""
        value = self.config["PERMANENT_SESSION_LIFETIME"]
        return value if isinstance(value, timedelta) else timedelta(seconds=value)

    @permanent_session_lifetime.setter
    def permanent_session_lifetime(self, value: timedelta | int) -> None:
        self.config["PERMANENT_SESSION_LIFETIME"] = value

    @property
    def options(self) -> AppOptions:
        """The typed options; resolved at finalize, read live from config before."""
        if self._options is not None:
            return self._options
        return AppOptions.from_config(self.config)

    @property
    def finalized(self) -> bool:
        """Whether setup has ended (the app has started serving)."""
        return self._options is not None

    def before_serving(self, f: F) -> F:
        """Run *f()* once, when setup ends, before the first request is handled."""
        self._check_setup_finished("before_serving")
        self.before_serving_funcs.append(f)
        return f

    def shell_context_processor(self, f: F) -> F:
        """Add the names *f()* returns to the ``restkit shell`` namespace."""
        self.shell_context_processors.append(f)
        return f

    def finalize(self) -> None:
        """End setup: run the ``before_serving`` functions, resolve the options, build the
        endpoint table.

        Called before the first request (and by the test client); safe to call
        earlier, and more than once. A config change after that makes the next
        request resolve the options and rebuild the table again, so the change
        is honoured.
        """
        if self._resolved_revision == self.config.revision:
            return
        with self._finalize_lock:
            if self._resolved_revision == self.config.revision:
                return
            if self._options is None:
                for func in self.before_serving_funcs:
                    func()
            revision = self.config.revision
            options = AppOptions.from_config(self.config)
            self.json.configure(options)
            self._options = options
            self.endpoint_table = EndpointTable(t.cast("App", self))
            matching = self.url_map.host_matching or self.subdomain_matching
            self.route_shortcuts = None if matching else RouteShortcuts(self.url_map)
            self._resolved_revision = revision

    def _check_setup_finished(self, what: str) -> None:
        if self._options is not None:
            raise self._setup_refused(what)

    # -- registration ---------------------------------------------------------------------

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Connect *rule* to *endpoint* and, if given, *view_func*."""
        self._check_setup_finished("add_url_rule")
        if endpoint is None:
            if view_func is None:
                raise TypeError("add_url_rule() needs an endpoint or a view_func.")
            endpoint = view_func.__name__
        methods = options.pop("methods", None)
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError("methods must be a list of strings, like methods=['GET'].")
        method_set = {method.upper() for method in methods}
        method_set |= set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(view_func, "provide_automatic_options", None)
        if provide_automatic_options is None:
            provide_automatic_options = "OPTIONS" not in method_set
        if provide_automatic_options:
            method_set.add("OPTIONS")
        rule_obj = self.url_rule_class(rule, methods=method_set, endpoint=endpoint, **options)
        rule_obj.provide_automatic_options = provide_automatic_options
        self.url_map.add(rule_obj)
        if view_func is not None:
            existing = self.view_functions.get(endpoint)
            if existing is not None and existing != view_func:
                raise SetupError(
                    f"Endpoint {endpoint!r} already has a view function; give the new view a "
                    "different endpoint name."
                )
            self.view_functions[endpoint] = view_func

    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Register *blueprint* on the app; options override its ``url_prefix``, ``name``..."""
        self._check_setup_finished("register_blueprint")
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[Blueprint]:
        """Return the registered blueprints, in registration order."""
        return self.blueprints.values()

    def register_error_handler(
        self,
        code_or_exception: type[BaseException] | int,
        f: ErrorHandler,
        *,
        blueprint: str | None = None,
    ) -> None:
        """Handle an HTTP status code or an exception class (and its subclasses) with *f*.

        :param blueprint: the dotted name of a registered blueprint whose requests
            the handler serves, as if the blueprint had registered it itself.
        """
        self._check_setup_finished("register_error_handler")
        exc_class, code = exception_class_and_code(code_or_exception)
        self.error_handler_spec[blueprint][code][exc_class] = f

    def teardown_appcontext(self, f: F) -> F:
        """Run *f(exc)* whenever an application context is popped."""
        self._check_setup_finished("teardown_appcontext")
        self.teardown_appcontext_funcs.append(f)
        return f

    # -- URL matching -------------------------------------------------------------------

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Bind the URL map to *request*, or, outside requests, to ``SERVER_NAME``."""
        options = self.options
        if request is not None:
            if self.url_map.host_matching:
                return self.url_map.bind_to_environ(request.environ, server_name=None)
            # Without subdomain matching every request is on the default subdomain, and
            # SERVER_NAME only names the host of external URLs (as in Flask 3.1).
            subdomain = None if self.subdomain_matching else self.url_map.default_subdomain or ""
            return self.url_map.bind_to_environ(
                request.environ, server_name=options.server_name, subdomain=subdomain
            )
        if options.server_name is None:
            return None
        return self.url_map.bind(
            options.server_name,
            script_name=options.application_root,
            url_scheme=options.preferred_url_scheme,
        )

    # -- URL building ---------------------------------------------------------------------

    def url_for(
        self,
        endpoint: str,
        /,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build the URL of *endpoint*; ``.name`` is relative to the current blueprint."""
        req_ctx = request_ctx_var.get(None)
        if req_ctx is not None:
            url_adapter = req_ctx.url_adapter
            if endpoint[:1] == ".":
                blueprint = req_ctx.request.blueprint
                endpoint = f"{blueprint}{endpoint}" if blueprint is not None else endpoint[1:]
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = app_ctx_var.get(None)
            url_adapter = (
                app_ctx.url_adapter
                if app_ctx is not None and app_ctx.app is self
                else self.create_url_adapter(None)
            )
            if _external is None:
                _external = True
        if url_adapter is None:
            raise RuntimeError(
                "Cannot build URLs outside a request without SERVER_NAME: set "
                "app.config['SERVER_NAME'] or build the URL inside a request."
            )
        if _scheme is not None and not _external:
            raise ValueError("_scheme needs _external=True.")
        self.inject_url_defaults(endpoint, values)
        try:
            url = url_adapter.build(
                endpoint, values, method=_method, url_scheme=_scheme, force_external=_external
            )
        except BuildError as exc:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(exc, endpoint, values)
        if _anchor is not None:
            url += "#" + url_quote(_anchor, safe="%!#$&'()*+,/:;=?@")
        return url

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Let the ``url_defaults`` functions of the app and blueprints fill *values*."""
        names: list[str | None] = [None]
        if "." in endpoint:
            parts = endpoint.split(".")[:-1]
            names.extend(".".join(parts[: i + 1]) for i in range(len(parts)))
        for name in names:
            for func in self.url_default_functions.get(name, ()):
                func(endpoint, values)

    def handle_url_build_error(self, error: BuildError, endpoint: str, values: t.Any) -> str:
        """Ask the ``url_build_error_handlers`` for a URL, else re-raise *error*."""
        for handler in self.url_build_error_handlers:
            try:
                url = handler(error, endpoint, values)
            except BuildError as exc:
                error = exc
            else:
                if url is not None:
                    return url
        if error is sys.exc_info()[1]:
            raise
        raise error

    def send_static_file(self, filename: str) -> Response:
        """Serve *filename* from the app's static folder."""
        from .files import send_from_directory

        return send_from_directory(t.cast(str, self.static_folder), filename)

    # -- files ----------------------------------------------------------------------------

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """Return the seconds a file sent by ``send_file`` may be cached, when not given.

        Override it to choose per file. By default it is ``SEND_FILE_MAX_AGE_DEFAULT``
        (resolved when the app starts serving): ``None`` makes clients revalidate.

        :param filename: the file's path, or ``None`` for a file object.
        """
        return self.options.send_file_max_age

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.Any]:
        """Open the file *resource*, relative to the app's ``root_path``, for reading.

        :param mode: ``"rb"`` (the default), ``"r"`` or ``"rt"``.
        :param encoding: the text encoding in text mode.
        :raise ValueError: *mode* would write.
        """
        if mode not in {"r", "rt", "rb"}:
            raise ValueError(f"Resources can only be opened for reading, not with mode {mode!r}.")
        path = os.path.join(self.root_path, resource)
        return open(path, mode) if mode == "rb" else open(path, mode, encoding=encoding)

    def open_instance_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.Any]:
        """Open the file *resource*, relative to the app's instance folder, in any *mode*.

        :param encoding: the text encoding in text mode.
        """
        path = os.path.join(self.instance_path, resource)
        return open(path, mode) if "b" in mode else open(path, mode, encoding=encoding)

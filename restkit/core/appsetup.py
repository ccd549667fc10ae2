"""The setup half of the application: config, routes, blueprints, contexts, URLs."""

from __future__ import annotations

import logging
import os
import sys
import threading
import typing as t
from functools import cached_property
from urllib.parse import quote as url_quote

from werkzeug.exceptions import Aborter
from werkzeug.routing import BuildError, Map, MapAdapter

from .config import Config
from .ctx import AppGlobals
from .errors import SetupError
from .globals import app_ctx_var, request_ctx_var
from .hosts import check_host
from .json import DefaultJSONProvider, JSONProvider
from .options import DEFAULT_CONFIG, AppOptions
from .routing import AppRule, default_converters
from .scaffold import Scaffold
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
        self._finalize_lock = threading.Lock()
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
        """The app's logger, named after the app; it logs to stderr if nothing else is set."""
        logger = logging.getLogger(self.name)
        if self.debug and not logger.level:
            logger.setLevel(logging.DEBUG)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler())
        return logger

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
    def options(self) -> AppOptions:
        """The typed options; fixed at the first request, read live from config before."""
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
        """End setup: resolve the options and run the ``before_serving`` functions.

        Called by the first request; safe to call earlier, and more than once.
        """
        if self._options is not None:
            return
        with self._finalize_lock:
            if self._options is not None:
                return
            options = AppOptions.from_config(self.config)
            self.json.configure(options)
            for func in self.before_serving_funcs:
                func()
            self._options = options

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

    def teardown_appcontext(self, f: F) -> F:
        """Run *f(exc)* whenever an application context is popped."""
        self._check_setup_finished("teardown_appcontext")
        self.teardown_appcontext_funcs.append(f)
        return f

    # -- URL matching -------------------------------------------------------------------

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Bind the URL map to *request*, or, outside requests, to ``SERVER_NAME``."""
        config = self.config
        if request is not None:
            check_host(request, self.options.trusted_hosts)
            if self.url_map.host_matching:
                return self.url_map.bind_to_environ(request.environ, server_name=None)
            # Without subdomain matching every request is on the default subdomain, and
            # SERVER_NAME only names the host of external URLs (as in Flask 3.1).
            subdomain = None if self.subdomain_matching else self.url_map.default_subdomain or ""
            return self.url_map.bind_to_environ(
                request.environ, server_name=config["SERVER_NAME"], subdomain=subdomain
            )
        if config["SERVER_NAME"] is None:
            return None
        return self.url_map.bind(
            config["SERVER_NAME"],
            script_name=config["APPLICATION_ROOT"],
            url_scheme=config["PREFERRED_URL_SCHEME"],
        )

    # -- URL building ---------------------------------------------------------------------

    def url_for(
        self,
        endpoint: str,
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

"""Registration shared by apps and blueprints: routes, hooks and error handlers."""

from __future__ import annotations

import abc
import os
import typing as t
from collections import defaultdict

from werkzeug.exceptions import HTTPException, default_exceptions

from .errors import SetupError

if t.TYPE_CHECKING:
    from .wrappers import Response

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
ErrorHandler = t.Callable[[t.Any], t.Any]
#: scope (``None`` for the app, else a blueprint name) -> code -> class -> handler
ErrorHandlerSpec = dict[str | None, dict[int | None, dict[type[BaseException], ErrorHandler]]]


def root_path_of(import_name: str) -> str:
    """Return the folder of the module or package *import_name*, or the working directory."""
    import importlib.util
    import sys

    module = sys.modules.get(import_name)
    if module is not None and getattr(module, "__file__", None):
        return os.path.dirname(os.path.abspath(t.cast(str, module.__file__)))
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None or spec.origin == "namespace":
        return os.getcwd()
    return os.path.dirname(os.path.abspath(spec.origin))


class Scaffold(abc.ABC):
    """What apps and blueprints both register: view functions, hooks, error handlers.

    Every decorator here is sugar for a plain method (``route`` for
    :meth:`add_url_rule`, ``errorhandler`` for :meth:`register_error_handler`).
    """

    name: str

    def __init__(
        self,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        root_path: str | None = None,
    ) -> None:
        self.import_name = import_name
        self.root_path = root_path if root_path is not None else root_path_of(import_name)
        # Without the trailing slash, the folder's name gives the default static URL path.
        self.static_folder = (
            os.path.join(self.root_path, os.fspath(static_folder).rstrip("\\/"))
            if static_folder is not None
            else None
        )
        self._static_url_path: str | None = None
        self.static_url_path = static_url_path
        self.template_folder = template_folder
        self.view_functions: dict[str, t.Callable[..., t.Any]] = {}
        self.error_handler_spec: ErrorHandlerSpec = defaultdict(lambda: defaultdict(dict))
        self.before_request_funcs: dict[str | None, list[t.Callable[[], t.Any]]] = defaultdict(list)
        self.after_request_funcs: dict[str | None, list[t.Callable[[Response], Response]]] = (
            defaultdict(list)
        )
        self.teardown_request_funcs: dict[
            str | None, list[t.Callable[[BaseException | None], None]]
        ] = defaultdict(list)
        self.url_value_preprocessors: dict[
            str | None, list[t.Callable[[str | None, dict[str, t.Any] | None], None]]
        ] = defaultdict(list)
        self.url_default_functions: dict[
            str | None, list[t.Callable[[str, dict[str, t.Any]], None]]
        ] = defaultdict(list)
        self.template_context_processors: dict[
            str | None, list[t.Callable[[], dict[str, t.Any]]]
        ] = defaultdict(list)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    @property
    def static_url_path(self) -> str | None:
        """The URL path static files are served under (``/static`` by default)."""
        if self._static_url_path is not None:
            return self._static_url_path
        if self.static_folder is not None:
            return "/" + os.path.basename(self.static_folder)
        return None

    @static_url_path.setter
    def static_url_path(self, value: str | None) -> None:
        self._static_url_path = value.rstrip("/") if value is not None else None

    @property
    def has_static_folder(self) -> bool:
        """Whether a static folder is configured."""
        return self.static_folder is not None

    @abc.abstractmethod
    def _check_setup_finished(self, what: str) -> None:
        """Refuse registration after setup ended; subclasses say when that is."""

    def _setup_refused(self, what: str) -> SetupError:
        return SetupError(
            f"{type(self).__name__}.{what}() was called after the app handled its first "
            "request. Register routes, hooks and handlers while setting up the app, before "
            "it serves requests (for example in the application factory)."
        )

    # -- routes ---------------------------------------------------------------------------

    @abc.abstractmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Register a URL rule; apps and blueprints each say how."""

    def route(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Decorate a view function to register it for *rule*."""

        def decorator(f: F) -> F:
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    def _method_route(self, method: str, rule: str, options: dict[str, t.Any]) -> t.Any:
        if "methods" in options:
            raise TypeError(f"Use route() to pass 'methods'; {method.lower()}() sets it.")
        return self.route(rule, methods=[method], **options)

    def get(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Shortcut for ``route(rule, methods=["GET"])``."""
        return self._method_route("GET", rule, options)  # type: ignore[no-any-return]

    def post(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Shortcut for ``route(rule, methods=["POST"])``."""
        return self._method_route("POST", rule, options)  # type: ignore[no-any-return]

    def put(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Shortcut for ``route(rule, methods=["PUT"])``."""
        return self._method_route("PUT", rule, options)  # type: ignore[no-any-return]

    def patch(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Shortcut for ``route(rule, methods=["PATCH"])``."""
        return self._method_route("PATCH", rule, options)  # type: ignore[no-any-return]

    def delete(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Shortcut for ``route(rule, methods=["DELETE"])``."""
        return self._method_route("DELETE", rule, options)  # type: ignore[no-any-return]

    def endpoint(self, endpoint: str) -> t.Callable[[F], F]:
        """Decorate a function as the view for *endpoint* (routes added separately)."""

        def decorator(f: F) -> F:
            self._check_setup_finished("endpoint")
            self.view_functions[endpoint] = f
            return f

        return decorator

    # -- hooks ----------------------------------------------------------------------------

    def before_request(self, f: F) -> F:
        """Run *f* before each request; a non-``None`` return value ends the request."""
        self._check_setup_finished("before_request")
        self.before_request_funcs[None].append(f)
        return f

    def after_request(self, f: F) -> F:
        """Run *f* with each response; it returns the response to send."""
        self._check_setup_finished("after_request")
        self.after_request_funcs[None].append(f)
        return f

    def teardown_request(self, f: F) -> F:
        """Run *f* when the request context is popped, even after an error."""
        self._check_setup_finished("teardown_request")
        self.teardown_request_funcs[None].append(f)
        return f

    def url_value_preprocessor(self, f: F) -> F:
        """Run *f(endpoint, view_args)* before the ``before_request`` hooks."""
        self._check_setup_finished("url_value_preprocessor")
        self.url_value_preprocessors[None].append(f)
        return f

    def url_defaults(self, f: F) -> F:
        """Run *f(endpoint, values)* to fill in values when URLs are built."""
        self._check_setup_finished("url_defaults")
        self.url_default_functions[None].append(f)
        return f

    def context_processor(self, f: F) -> F:
        """Register *f* to add variables to every template's context."""
        self._check_setup_finished("context_processor")
        self.template_context_processors[None].append(f)
        return f

    # -- error handlers -------------------------------------------------------------------

    def errorhandler(self, code_or_exception: type[BaseException] | int) -> t.Callable[[F], F]:
        """Decorate a function that handles an HTTP status code or exception class."""

        def decorator(f: F) -> F:
            self.register_error_handler(code_or_exception, f)
            return f

        return decorator

    def register_error_handler(
        self, code_or_exception: type[BaseException] | int, f: ErrorHandler
    ) -> None:
        """Handle an HTTP status code or an exception class (and its subclasses) with *f*."""
        self._check_setup_finished("register_error_handler")
        exc_class, code = exception_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f


def exception_class_and_code(
    code_or_exception: type[BaseException] | int,
) -> tuple[type[BaseException], int | None]:
    """Return the exception class and HTTP code an error handler is registered for."""
    if isinstance(code_or_exception, int):
        try:
            exc_class: type[BaseException] = default_exceptions[code_or_exception]
        except KeyError:
            raise ValueError(
                f"{code_or_exception!r} is not an HTTP error code werkzeug knows; register a "
                "handler for an HTTPException subclass with that code instead."
            ) from None
    else:
        exc_class = code_or_exception
    if isinstance(exc_class, BaseException):
        raise TypeError(f"{exc_class!r} is an exception instance; register the class: type(exc).")
    if not isinstance(exc_class, type) or not issubclass(exc_class, BaseException):
        raise TypeError(f"{exc_class!r} is not an exception class.")
    if issubclass(exc_class, HTTPException):
        return exc_class, exc_class.code
    return exc_class, None

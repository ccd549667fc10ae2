"""``Api``: attaches the REST layer and the OpenAPI document to an app."""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import HTTPException

from .core.errors import ConfigurationError
from .core.globals import request_ctx_var
from .core.signals import request_finished
from .rest.cors import set_up_cors
from .rest.errors import ErrorHandler, error_handler_for
from .spec import (
    OpenAPIDocument,
    ResponseChecker,
    check_error_responses,
    documents_of,
    register_spec_routes,
)

if t.TYPE_CHECKING:
    from marshmallow import fields

    from .core.app import App
    from .core.blueprints import Blueprint
    from .core.wrappers import Response

REQUIRED_KEYS = ("API_TITLE", "API_VERSION")


class Api:
    """The REST API of an app: problem-document errors, compiled endpoints, its spec.

    :param app: the app, or ``None`` to call :meth:`init_app` later (factories).
    :param spec_options: values that override the ``API_*``/``OPENAPI_*`` config keys,
        by key (``{"API_TITLE": ...}``) or by short name (``{"title": ...}``).
    :param config_prefix: read ``<prefix>API_TITLE`` etc., for several APIs on one app.
    :param error_handler: replaces the error handler ``API_ERROR_FORMAT`` selects.
    :param spec_kwargs: merged into the document like ``API_SPEC_OPTIONS`` (and
        winning over it), as flask-smorest's ``Api(spec_kwargs=...)``.
    """

    def __init__(
        self,
        app: App | None = None,
        *,
        spec_options: dict[str, t.Any] | None = None,
        config_prefix: str = "",
        error_handler: ErrorHandler | None = None,
        spec_kwargs: dict[str, t.Any] | None = None,
    ) -> None:
        self.spec_options = dict(spec_options or {})
        self.config_prefix = config_prefix
        self.spec_kwargs = dict(spec_kwargs or {})
        self._given_error_handler = error_handler
        #: Writes this API's error responses (see ``API_ERROR_FORMAT``).
        self.error_handler = error_handler or ErrorHandler()
        self.blueprints: list[Blueprint] = []
        self._app: App | None = None
        self._spec: OpenAPIDocument | None = None
        self._checker: ResponseChecker | None = None
        if app is not None:
            self.init_app(app)

    def __repr__(self) -> str:
        title = self.config("API_TITLE") if self._app is not None else None
        return f"<Api {title!r}>"

    @property
    def app(self) -> App:
        """The app this API is attached to."""
        if self._app is None:
            raise ConfigurationError("This Api is not attached to an app: call api.init_app(app).")
        return self._app

    def init_app(self, app: App, *, spec_options: dict[str, t.Any] | None = None) -> None:
        """Attach the API to *app*: install its error handler and publish its spec.

        The first Api attached handles the errors of the whole app (routing 404s
        included); each Api also handles the errors of the blueprints it registers.
        The ``openapi`` commands are added to ``app.cli``, CORS is set up from the
        ``API_CORS_*`` keys and blueprints' ``cors``, and responses are checked
        against the document when ``API_VALIDATE_RESPONSES`` says so.
        """
        self._app = app
        self.spec_options.update(spec_options or {})
        for key in REQUIRED_KEYS:
            if self.config(key) is None:
                short = key.removeprefix("API_").lower()
                raise ConfigurationError(
                    f"{self.config_prefix}{key} is not set: set "
                    f"app.config[{self.config_prefix + key!r}] or pass "
                    f"spec_options={{{short!r}: ...}} to Api()."
                )
        if self._given_error_handler is None:
            self.error_handler = error_handler_for(self.config("API_ERROR_FORMAT", "problem"))
        first = not documents_of(app)
        if not self._handles_http_errors(app, None):
            app.register_error_handler(HTTPException, self.handle_error)
        self._spec = OpenAPIDocument(self)
        register_spec_routes(self._spec)
        if "openapi" not in app.cli.commands:
            from .spec.cli import openapi_group  # PERF: the CLI is loaded with the app, not restkit

            app.cli.add_command(openapi_group)
        set_up_cors(app)
        spec = self._spec

        def start_checking() -> None:
            # Decided when the app starts serving: a receiver only when checking is on,
            # so an app that does not check keeps its hook-free requests lean. The
            # signal comes after every after_request hook: the response as sent is checked.
            if self.config("API_VALIDATE_RESPONSES", app.testing):
                self._checker = ResponseChecker(spec, checks_unrouted=first)
                request_finished.connect(self._check_response, app)

        app.before_serving(start_checking)

    def _check_response(self, sender: App, response: Response, **extra: t.Any) -> None:
        """Check *response* against the document (a ``request_finished`` receiver)."""
        request = request_ctx_var.get().request
        rule = request.url_rule
        t.cast(ResponseChecker, self._checker).check(
            rule.endpoint if rule else None, request.method, response
        )

    def config(self, key: str, default: t.Any = None) -> t.Any:
        """Return setting *key*: from ``spec_options``, else the app config (with the prefix)."""
        short = key.removeprefix("API_").lower()  # OPENAPI_VERSION is "openapi_version"
        for name in (key, short):
            if name in self.spec_options:
                return self.spec_options[name]
        return self.app.config.get(self.config_prefix + key, default)

    @property
    def spec(self) -> OpenAPIDocument:
        """The OpenAPI document of this API (see ``docs/openapi.md``)."""
        if self._spec is None:
            raise ConfigurationError("This Api is not attached to an app: call api.init_app(app).")
        return self._spec

    def register_field(self, field_class: type[fields.Field[t.Any]], *mapping: t.Any) -> None:
        """Document a custom marshmallow field: ``api.register_field(ObjectId, "string", None)``.

        :param mapping: an OpenAPI type and format, or a marshmallow field class
            whose mapping to reuse (``fields.DateTime``).
        """
        self.spec.register_field(field_class, *mapping)

    def spec_dict(self) -> dict[str, t.Any]:
        """Return the OpenAPI document, as a dict."""
        return self.spec.to_dict()

    def add_webhook(self, name: str, schema: t.Any = None, **options: t.Any) -> None:
        """Document a webhook, a request this API sends to subscribers (OpenAPI 3.1 only).

        :param name: the webhook's key under ``webhooks``.
        :param schema: the request body's schema (like :meth:`restkit.Blueprint.arguments`).
        :param options: ``method`` (``"post"``), ``summary``, ``description``,
            ``content_type``, ``responses`` and other OpenAPI operation fields.
        """
        self.spec.add_webhook(name, schema, **options)

    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Register *blueprint* on the app; this API documents it and renders its errors.

        :raises SetupError: when a view documents an error response other than as
            the error handler sends it.
        """
        app = self.app
        app.register_blueprint(blueprint, **options)
        name = options.get("name", blueprint.name)
        check_error_responses(app, name, self.error_handler)
        # A handler the blueprint registers itself for HTTPException wins.
        if not self._handles_http_errors(app, name):
            app.register_error_handler(HTTPException, self.handle_error, blueprint=name)
        self.blueprints.append(blueprint)

    def handle_error(self, exc: HTTPException) -> t.Any:
        """Answer an HTTP error of this API's routes with :attr:`error_handler`."""
        return self.error_handler.handle(self.app, exc)

    @staticmethod
    def _handles_http_errors(app: App, scope: str | None) -> bool:
        """Whether *scope* (a blueprint name, ``None`` for the app) has an HTTPException handler."""
        return HTTPException in app.error_handler_spec.get(scope, {}).get(None, {})

"""The routes of one Api's spec: the JSON and YAML documents, the docs pages, Swagger UI's files."""

from __future__ import annotations

import typing as t

from ..core.blueprints import Blueprint
from ..core.errors import ConfigurationError
from ..core.files import send_from_directory
from ..core.globals import request_ctx_var
from .pages import PAGES, SWAGGER_UI_ASSETS, Page, render_page

if t.TYPE_CHECKING:
    from ..core.wrappers import Response
    from .document import OpenAPIDocument
    from .pages import Script

View = t.Callable[..., t.Any]
#: The documents served, by view name: config key, default path, media type.
DOCUMENT_ROUTES = {
    "json": ("OPENAPI_JSON_PATH", "openapi.json", "application/json"),
    "yaml": ("OPENAPI_YAML_PATH", "openapi.yaml", "application/yaml"),
}
VIEW_NAMES = (*DOCUMENT_ROUTES, *(page.name for page in PAGES))


def register_spec_routes(document: OpenAPIDocument) -> None:
    """Serve *document* and its docs pages from a blueprint of their own.

    The blueprint is named ``<config prefix>openapi`` (lower case), so several
    Apis on one app do not collide; nothing is served when
    ``OPENAPI_URL_PREFIX`` is ``None``. Paths and page settings are read now.
    """
    source = document.source
    config = source.config
    url_prefix = config("OPENAPI_URL_PREFIX", "/")
    if url_prefix is None:
        return
    blueprint = Blueprint(f"{source.config_prefix.lower()}openapi", __name__, url_prefix=url_prefix)
    decorators = docs_decorators(config("OPENAPI_DOCS_DECORATORS"))

    def add(name: str, rule: str, view: View) -> None:
        for decorator in decorators.get(name, ()):
            view = decorator(view)
        blueprint.add_url_rule(rule, name, view)

    served: set[str] = set()
    for name, (key, default, media_type) in DOCUMENT_ROUTES.items():
        path = config(key, default)
        if path is not None:
            add(name, "/" + path.strip("/"), document_view(document, name, media_type))
            served.add(name)
    for page in PAGES:
        path = config(page.path_key, page.default_path)
        script = page.script(config, source.config_prefix)
        if path is None or (page.script_key is not None and script is None):
            continue
        if "json" not in served:
            raise ConfigurationError(
                f"{source.config_prefix}{page.path_key} needs the JSON document: set "
                f"{source.config_prefix}OPENAPI_JSON_PATH, or set {page.path_key} to None."
            )
        rule = "/" + path.strip("/")
        add(page.name, rule, page_view(document, page, blueprint.name, script))
        if page.name == "swagger_ui":
            # Not decorated: the bundle's files are public and hold nothing of the API.
            assets = swagger_ui_asset_view()
            blueprint.add_url_rule(rule + "/assets/<path:filename>", "swagger_ui_assets", assets)
    source.app.register_blueprint(blueprint)
    document.served_by = blueprint.name


def docs_decorators(value: t.Any) -> dict[str, list[View]]:
    """Return the decorators of each spec view from ``OPENAPI_DOCS_DECORATORS``.

    A list applies to every view (documents and pages); a dict gives a list
    per view name.
    """
    if value is None:
        return {}
    if isinstance(value, dict):
        unknown = set(value) - set(VIEW_NAMES)
        if unknown:
            raise ConfigurationError(
                f"OPENAPI_DOCS_DECORATORS has unknown keys {sorted(unknown)}: use "
                f"{', '.join(VIEW_NAMES)}."
            )
        return {name: list(decorators) for name, decorators in value.items()}
    return {name: list(value) for name in VIEW_NAMES}


def document_view(document: OpenAPIDocument, kind: str, media_type: str) -> View:
    """Return the view serving *document* encoded as *kind*, with an ETag."""

    def view() -> Response:
        ctx = request_ctx_var.get()
        encoded = document.encoded(kind)
        response = ctx.app.json.text_response(encoded.body, mimetype=media_type)
        response.set_etag(encoded.etag)
        response.make_conditional(ctx.request)
        return response

    view.__name__ = f"openapi_{kind}"
    return view


def page_view(
    document: OpenAPIDocument, page: Page, blueprint_name: str, script: Script | None
) -> View:
    """Return the view rendering *page* for *document*, loading *script* (CDN pages)."""
    config = document.source.config
    title = str(config("API_TITLE"))
    swagger_config = dict(config("OPENAPI_SWAGGER_UI_CONFIG") or {})

    def view() -> Response:
        app = request_ctx_var.get().app
        url_for = app.url_for
        spec_url = url_for(f"{blueprint_name}.json")
        context: dict[str, t.Any] = {"title": title, "spec_url": spec_url, "script": script}
        if page.name == "swagger_ui":
            context["assets"] = {
                name: url_for(f"{blueprint_name}.swagger_ui_assets", filename=filename)
                for name, filename in SWAGGER_UI_ASSETS.items()
            }
            # Relative: the page makes it absolute from its own location, not from Host.
            redirect = url_for(
                f"{blueprint_name}.swagger_ui_assets", filename="oauth2-redirect.html"
            )
            context["config"] = {
                "url": spec_url,
                "deepLinking": True,
                "validatorUrl": None,
                "oauth2RedirectUrl": redirect,
                **swagger_config,
            }
        elif page.name == "scalar":
            # Its default fonts come from Scalar's own server: the system's will do.
            context["config"] = {"url": spec_url, "withDefaultFonts": False}
        response = app.response_class(render_page(page, **context), mimetype="text/html")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    view.__name__ = f"openapi_{page.name}"
    return view


def swagger_ui_asset_view() -> View:
    """Return the view serving the installed Swagger UI bundle (so the page works offline)."""

    def view(filename: str) -> Response:
        import swagger_ui_bundle  # PERF: imported when its first file is asked for

        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    view.__name__ = "openapi_swagger_ui_assets"
    return view

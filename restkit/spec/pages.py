"""The docs pages (Swagger UI, ReDoc, RapiDoc, Scalar), rendered with every value escaped."""

from __future__ import annotations

import dataclasses
import typing as t

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@dataclasses.dataclass(frozen=True)
class Page:
    """One docs page: where it is served, and the script it runs."""

    name: str
    """Its endpoint name, template name and key in ``OPENAPI_DOCS_DECORATORS``."""
    path_key: str
    default_path: str
    script_key: str | None = None
    """The config key of its script's URL; Swagger UI is served from the package."""
    default_script: str | None = None


PAGES = (
    Page("swagger_ui", "OPENAPI_SWAGGER_UI_PATH", "docs"),
    Page(
        "redoc",
        "OPENAPI_REDOC_PATH",
        "redoc",
        "OPENAPI_REDOC_URL",
        "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js",
    ),
    Page(
        "rapidoc",
        "OPENAPI_RAPIDOC_PATH",
        "rapidoc",
        "OPENAPI_RAPIDOC_URL",
        "https://cdn.jsdelivr.net/npm/rapidoc@9/dist/rapidoc-min.js",
    ),
    Page(
        "scalar",
        "OPENAPI_SCALAR_PATH",
        "scalar",
        "OPENAPI_SCALAR_URL",
        "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1",
    ),
)

#: The Swagger UI files the page loads, by template name.
SWAGGER_UI_ASSETS = {
    "css": "swagger-ui.css",
    "favicon": "favicon-32x32.png",
    "bundle": "swagger-ui-bundle.js",
    "preset": "swagger-ui-standalone-preset.js",
}

# Autoescaping covers HTML text and attributes; values put inside <script> go
# through the ``tojson`` filter, which also escapes <, > and &.
_environment = Environment(
    loader=PackageLoader("restkit.spec", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render_page(page: Page, **context: t.Any) -> str:
    """Return the HTML of *page*, with *context* values escaped."""
    return _environment.get_template(f"{page.name}.html").render(**context)

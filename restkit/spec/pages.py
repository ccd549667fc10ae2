"""The docs pages (Swagger UI, ReDoc, Scalar), rendered with every value escaped.

Swagger UI is served from the installed ``swagger-ui-bundle-v2`` package, so
it works offline and is on by default. ReDoc and Scalar exist only on a CDN:
they are off until their script URL is set, and a script from another origin
is loaded with Subresource Integrity, so a tampered file never runs.
"""

from __future__ import annotations

import dataclasses
import typing as t

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..core.errors import ConfigurationError


@dataclasses.dataclass(frozen=True)
class Script:
    """A page's script: its URL and, for another origin's, its ``sha384-...`` hash."""

    url: str
    integrity: str | None = None


#: ReDoc 3.0.1 and Scalar 1.76.0 on jsDelivr, with the sha384 of the files npm ships
#: (``npm pack redoc@3.0.1``, ``bundles/redoc.standalone.js``; ``npm pack
#: @scalar/api-reference@1.76.0``, ``dist/browser/standalone.js``).
REDOC_CDN = Script(
    "https://cdn.jsdelivr.net/npm/redoc@3.0.1/bundles/redoc.standalone.js",
    "sha384-j07qRKHNNmcwU1/Y1elJc7pDLHXP/QfbQXTtSkbOJ7uYGJikqAzsFVbY2zR9FqOT",
)
SCALAR_CDN = Script(
    "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.76.0/dist/browser/standalone.js",
    "sha384-oH1C0RwqcwbVXkC+r8A+4qRoyEUQdtxAzOwumkxZtQBBcsy61FOoPt7B50OVJYYQ",
)
#: The integrity of the scripts restkit knows, by URL.
KNOWN_INTEGRITY = {script.url: script.integrity for script in (REDOC_CDN, SCALAR_CDN)}


@dataclasses.dataclass(frozen=True)
class Page:
    """One docs page: where it is served, and the script it runs."""

    name: str
    """Its endpoint name, template name and key in ``OPENAPI_DOCS_DECORATORS``."""
    label: str
    path_key: str
    default_path: str
    script_key: str | None = None
    """The config key of its script's URL; ``None`` for Swagger UI (from the package)."""

    def script(self, config: t.Callable[..., t.Any], prefix: str = "") -> Script | None:
        """Return the script the page loads, or ``None`` when the page is off.

        :param config: reads a setting (``Api.config``).
        :param prefix: the Api's config prefix, for messages.
        :raises ConfigurationError: for a script of another origin whose
            integrity is unknown.
        """
        if self.script_key is None:
            return None
        url = config(self.script_key)
        if url is None:
            return None
        url = str(url)
        integrity_key = self.script_key.removesuffix("_URL") + "_INTEGRITY"
        integrity = config(integrity_key) or KNOWN_INTEGRITY.get(url)
        same_origin = url.startswith("/") and not url.startswith("//")
        if integrity is None and not same_origin:
            raise ConfigurationError(
                f"{prefix}{self.script_key} loads {url!r} from another origin without "
                f"Subresource Integrity: set {prefix}{integrity_key} to its 'sha384-...' hash, "
                "serve the file from this app (a URL starting with '/'), or use the pinned "
                f"restkit.spec.pages.{self.name.upper()}_CDN.url."
            )
        return Script(url, integrity)


PAGES = (
    Page("swagger_ui", "Swagger UI", "OPENAPI_SWAGGER_UI_PATH", "docs"),
    Page("redoc", "ReDoc", "OPENAPI_REDOC_PATH", "redoc", "OPENAPI_REDOC_URL"),
    Page("scalar", "Scalar", "OPENAPI_SCALAR_PATH", "scalar", "OPENAPI_SCALAR_URL"),
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
    return _environment.get_template(f"{page.name}.html").render(label=page.label, **context)

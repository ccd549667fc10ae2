"""The last touches on a built document: options merged, defaults filled in, order, checks."""

from __future__ import annotations

import typing as t

from ..core.errors import SetupError
from .operations import merged
from .pointers import dangling_refs
from .routes import METHOD_ORDER

if t.TYPE_CHECKING:
    from ..core.app import App

#: Top-level keys in the order a reader expects them; others follow.
KEY_ORDER = (
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "paths",
    "webhooks",
    "components",
    "externalDocs",
)
PATH_ITEM_ORDER = (
    "summary",
    "description",
    "servers",
    "parameters",
    *(method.lower() for method in METHOD_ORDER),
)
OPERATION_ORDER = (
    "tags",
    "summary",
    "description",
    "operationId",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "security",
    "servers",
)


def with_options(document: dict[str, t.Any], options: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """Merge ``API_SPEC_OPTIONS`` into *document*.

    Dicts merge recursively and the options win; ``tags`` merge by name, the
    tags the options list coming first, in their order.
    """
    rest = {key: value for key, value in options.items() if key != "tags"}
    result = merged(document, rest)
    if "tags" in options:
        built = {tag["name"]: tag for tag in result.get("tags", [])}
        tags = [merged(built.pop(tag["name"], {}), tag) for tag in options["tags"]]
        result["tags"] = tags + list(built.values())
    return result


def with_defaults(document: dict[str, t.Any], app: App) -> dict[str, t.Any]:
    """Fill in what the document should state and the app did not: ``servers``, ``security``.

    The server is the app's root (``APPLICATION_ROOT``, ``/`` by default). An API
    with no security scheme says so with an empty ``security``; one with schemes
    is left to say which operations need them.
    """
    result = dict(document)
    if not result.get("servers"):
        result["servers"] = [{"url": app.config.get("APPLICATION_ROOT") or "/"}]
    schemes = result.get("components", {}).get("securitySchemes")
    if "security" not in result and not schemes:
        result["security"] = []
    return result


def check_references(document: dict[str, t.Any]) -> None:
    """Refuse a document with a ``$ref`` that points nowhere (a typo in a component name)."""
    dangling = dangling_refs(document)
    if dangling:
        where = "; ".join(f"{ref} at {pointer}" for pointer, ref in dangling)
        raise SetupError(
            f"The OpenAPI document refers to components that do not exist: {where}. Register "
            "them with api.spec.components, or correct the name."
        )


def ordered(mapping: dict[str, t.Any], order: tuple[str, ...]) -> dict[str, t.Any]:
    """Return *mapping* with the keys of *order* first, in that order."""
    known = {key: mapping[key] for key in order if key in mapping}
    return known | {key: value for key, value in mapping.items() if key not in known}


def in_reading_order(document: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return *document* with its keys, path items' and operations' in the usual order."""
    paths = {}
    for path, item in document.get("paths", {}).items():
        item = ordered(item, PATH_ITEM_ORDER)
        for method in METHOD_ORDER:
            if method.lower() in item:
                item[method.lower()] = ordered(item[method.lower()], OPERATION_ORDER)
        paths[path] = item
    return ordered({**document, "paths": paths}, KEY_ORDER)

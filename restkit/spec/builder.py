"""Build the OpenAPI document of one Api with apispec, from the app's routes and operations."""

from __future__ import annotations

import copy
import re
import typing as t

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from ..core.errors import ConfigurationError, SetupError
from ..fields import Upload
from ..rest.blueprint import Blueprint as RestBlueprint
from .names import ComponentNames
from .operations import DEFAULT_ERROR, VALIDATION_ERROR, ErrorBody, OperationWriter, merged
from .routes import METHOD_ORDER, route_operations

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.blueprints import Blueprint
    from ..rest.errors import ErrorHandler
    from .converters import ConverterSchemas

DEFAULT_VERSION = "3.1.0"
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
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class SpecSource(t.Protocol):
    """What the builder reads from an ``Api``."""

    @property
    def app(self) -> App: ...

    @property
    def blueprints(self) -> list[Blueprint]: ...

    @property
    def config_prefix(self) -> str: ...

    @property
    def error_handler(self) -> ErrorHandler: ...

    def config(self, key: str, default: t.Any = None) -> t.Any: ...


class Entry(t.NamedTuple):
    """One operation on its way into the document."""

    path: str
    path_parameters: list[dict[str, t.Any]]
    method: str
    operation: dict[str, t.Any]
    default_id: str


def openapi_version(source: SpecSource) -> str:
    """Return the configured ``OPENAPI_VERSION``, checked."""
    version = str(source.config("OPENAPI_VERSION", DEFAULT_VERSION))
    if not version.startswith(("3.0.", "3.1.")):
        raise ConfigurationError(
            f"OPENAPI_VERSION {version!r} is not supported: use '3.1.0' (the default) or '3.0.3'."
        )
    return version


def default_operation_id(endpoint: str, method: str) -> str:
    """Return ``{blueprint}_{endpoint}_{method}`` in snake case: ``pets_pet_by_id_get``."""
    words = _NOT_WORD.sub("_", _WORD_BOUNDARY.sub("_", endpoint).lower()).strip("_")
    return f"{words}_{method.lower()}"


def tag_description(blueprint: Blueprint | None) -> str | None:
    """Return the description of the tag of *blueprint* (REST blueprints have one)."""
    return blueprint.description if isinstance(blueprint, RestBlueprint) else None


class SpecBuilder:
    """Builds one document; create one per build.

    :param source: the Api.
    :param converters: the schemas of path parameters, by converter.
    :param webhooks: webhook path items, by name (OpenAPI 3.1 only).
    :param owns: whether a rule of the blueprint registered under this dotted
        name (``None``: no blueprint) belongs in this document.
    """

    def __init__(
        self,
        source: SpecSource,
        *,
        converters: ConverterSchemas,
        webhooks: dict[str, dict[str, t.Any]],
        owns: t.Callable[[str | None], bool],
    ) -> None:
        self.source = source
        self.converters = converters
        self.webhooks = webhooks
        self.owns = owns
        self.version = openapi_version(source)
        self.plugin = MarshmallowPlugin(schema_name_resolver=ComponentNames())
        self.spec = APISpec(
            title=str(source.config("API_TITLE")),
            version=str(source.config("API_VERSION")),
            openapi_version=self.version,
            plugins=[self.plugin],
        )
        # apispec's plugin API is untyped: go through Any rather than silence mypy.
        plugin: t.Any = self.plugin
        plugin.map_to_openapi_type(Upload, "string", "binary")

    def build(self) -> dict[str, t.Any]:
        """Return the document as a dict of JSON-compatible values."""
        spec = self.spec
        handler = self.source.error_handler
        errors = ErrorBody(handler.schema, handler.media_type)
        spec.components.response(
            DEFAULT_ERROR,
            {
                "description": "An error, as an RFC 9457 problem document.",
                "content": errors.content(),
            },
            lazy=True,
        )
        spec.components.response(
            VALIDATION_ERROR,
            {
                "description": "The request did not pass validation; `errors` holds every "
                "field error, by location and field.",
                "content": errors.content(),
            },
            lazy=True,
        )
        entries, tags = self.collect(OperationWriter(errors, self.to_json_schema))
        for tag, description in tags.items():
            spec.tag({"name": tag, "description": description} if description else {"name": tag})
        for entry in with_operation_ids(entries):
            spec.path(
                entry.path,
                operations={entry.method.lower(): entry.operation},
                parameters=entry.path_parameters,
            )
        webhooks = self.resolved_webhooks()
        document = spec.to_dict()
        if webhooks:
            document["webhooks"] = webhooks
        options = self.source.config("API_SPEC_OPTIONS") or {}
        return in_reading_order(with_options(document, options))

    def to_json_schema(self, schema: t.Any) -> dict[str, t.Any]:
        """Return the inline JSON Schema of a marshmallow schema (nested ones by reference)."""
        converter: t.Any = self.plugin.converter
        return t.cast(dict[str, t.Any], converter.schema2jsonschema(schema))

    def collect(self, writer: OperationWriter) -> tuple[list[Entry], dict[str, str | None]]:
        """Return the documented operations and the tags (blueprints) they use, in order."""
        app = self.source.app
        paths: dict[str, tuple[str, list[dict[str, t.Any]]]] = {}
        entries: list[Entry] = []
        tags: dict[str, str | None] = {}
        for route in route_operations(app):
            if route.operation.hidden or not self.owns(route.blueprint_name):
                continue
            rule_string = route.rule.rule
            if rule_string not in paths:
                paths[rule_string] = self.converters.path_of(rule_string, app.url_map)
            path, parameters = paths[rule_string]
            operation = writer.operation(route.function, route.operation)
            if route.blueprint_name is not None and "tags" not in operation:
                operation["tags"] = [route.blueprint_name]
                tags.setdefault(route.blueprint_name, tag_description(route.blueprint))
            default_id = default_operation_id(route.rule.endpoint, route.method)
            entries.append(Entry(path, parameters, route.method, operation, default_id))
        return entries, tags

    def resolved_webhooks(self) -> dict[str, t.Any]:
        """Return the webhooks with their marshmallow schemas resolved to components."""
        if not self.webhooks:
            return {}
        if self.version.startswith("3.0."):
            raise ConfigurationError(
                "Webhooks need OpenAPI 3.1: set OPENAPI_VERSION to '3.1.0', or describe the "
                "requests with callbacks instead."
            )
        resolver: t.Any = self.plugin.resolver
        webhooks = copy.deepcopy(self.webhooks)
        for path_item in webhooks.values():
            resolver.resolve_operations(path_item)
            self.spec.components.resolve_refs_in_path(path_item)
        return webhooks


def with_operation_ids(entries: list[Entry]) -> list[Entry]:
    """Give every entry a unique ``operationId``: its own (from ``doc``) or a generated one.

    A generated id that is taken gets a number (``_2``...); two identical ids
    given with ``doc(operationId=...)`` are an error.
    """
    used: set[str] = set()
    for entry in entries:
        given = entry.operation.get("operationId")
        if given is None:
            continue
        if given in used:
            raise SetupError(
                f"Two operations have operationId {given!r}: give one of them another with "
                "@blueprint.doc(operationId=...)."
            )
        used.add(given)
    for entry in entries:
        if "operationId" in entry.operation:
            continue
        candidate, number = entry.default_id, 1
        while candidate in used:
            number += 1
            candidate = f"{entry.default_id}_{number}"
        used.add(candidate)
        entry.operation["operationId"] = candidate
    return entries


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

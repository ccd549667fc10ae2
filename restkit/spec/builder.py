"""Build the OpenAPI document of one Api with apispec, from the app's routes and operations."""

from __future__ import annotations

import copy
import http
import typing as t

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from ..core.endpoints import blueprint_chain
from ..core.errors import ConfigurationError
from ..fields import Upload
from ..rest.auth_requirement import required_auth
from ..rest.blueprint import Blueprint as RestBlueprint
from ..rest.idempotency import IdempotencySettings
from ..rest.lifecycle import lifecycle_of
from ..rest.ratelimit import documented_rate_limit
from ..rest.resources import resource_class
from .contract import add_contract_rules
from .finishing import check_references, in_reading_order, with_defaults, with_options
from .lifecycle import document_lifecycle
from .names import ComponentNames
from .operation_ids import OperationRoute, assign_operation_ids, readable_operation_id
from .operations import DEFAULT_ERROR, VALIDATION_ERROR, ErrorBody, OperationWriter, merged
from .ratelimit import document_rate_limit
from .routes import route_operations
from .security import SecurityWriter
from .variants import VariantNames, split_components

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.blueprints import Blueprint
    from ..rest.errors import ErrorHandler
    from .additions import FieldMapping, RecordedComponents
    from .converters import ConverterSchemas

DEFAULT_VERSION = "3.1.0"
SUPPORTED_VERSIONS = ("3.0.", "3.1.", "3.2.")
#: A response component per error status, for ``alt_response(404, "NOT_FOUND")``.
ERROR_STATUSES = tuple(status for status in http.HTTPStatus if status >= 400)
#: flask-smorest's name for the ``default`` error response.
SMOREST_DEFAULT_ERROR = "DEFAULT_ERROR"


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

    @property
    def spec_kwargs(self) -> dict[str, t.Any]: ...

    def config(self, key: str, default: t.Any = None) -> t.Any: ...


class Entry(t.NamedTuple):
    """One operation on its way into the document."""

    route: OperationRoute
    path_parameters: list[dict[str, t.Any]]
    operation: dict[str, t.Any]


class Built(t.NamedTuple):
    """A built document, and the OpenAPI path of each endpoint it documents."""

    document: dict[str, t.Any]
    endpoint_paths: dict[str, str]


def openapi_version(source: SpecSource) -> str:
    """Return the configured ``OPENAPI_VERSION``, checked."""
    version = str(source.config("OPENAPI_VERSION", DEFAULT_VERSION))
    if not version.startswith(SUPPORTED_VERSIONS):
        raise ConfigurationError(
            f"OPENAPI_VERSION {version!r} is not supported: use '3.1.0' (the default), "
            "'3.0.3' or '3.2.0'."
        )
    return version


def handled_by_resource(view: t.Callable[..., t.Any]) -> bool:
    """Whether a ``MethodView`` class handles the requests of the view function *view*."""
    return resource_class(view) is not None


def with_route_parameters(
    operation: dict[str, t.Any],
    given: list[dict[str, t.Any] | str],
    path_parameters: list[dict[str, t.Any]],
) -> None:
    """Add the parameters of ``route(..., parameters=...)`` to *operation*.

    A dict naming a path parameter completes the one the converter describes
    (``{"in": "path", "name": "pet_id", "description": ...}``); a string
    refers to a parameter component.
    """
    if not given:
        return
    by_key = {(parameter["in"], parameter["name"]): parameter for parameter in path_parameters}
    extra: list[dict[str, t.Any] | str] = []
    for parameter in given:
        if isinstance(parameter, dict):
            known = by_key.get((parameter.get("in", ""), parameter.get("name", "")))
            extra.append(merged(known, parameter) if known else copy.deepcopy(parameter))
        else:
            extra.append(parameter)
    operation["parameters"] = [*operation.get("parameters", ()), *extra]


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
    :param components: the components users registered (``api.spec.components``).
    :param field_mappings: the fields users registered (``api.register_field``).
    """

    def __init__(
        self,
        source: SpecSource,
        *,
        converters: ConverterSchemas,
        webhooks: dict[str, dict[str, t.Any]],
        owns: t.Callable[[str | None], bool],
        components: RecordedComponents,
        field_mappings: list[FieldMapping],
    ) -> None:
        self.source = source
        self.converters = converters
        self.webhooks = webhooks
        self.owns = owns
        self.components = components
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
        for field_class, mapping in field_mappings:
            plugin.map_to_openapi_type(field_class, *mapping)
        add_contract_rules(plugin.converter)

    def build(self) -> Built:
        """Return the document as a dict of JSON-compatible values, with its endpoints."""
        spec = self.spec
        self.components.apply(spec.components)
        handler = self.source.error_handler
        errors = ErrorBody(handler.schema, handler.media_type)
        self.register_error_responses(errors)
        security = SecurityWriter(errors, self.version)
        writer = OperationWriter(
            errors, self.to_json_schema, idempotency=IdempotencySettings.of(self.source.app)
        )
        entries, tags = self.collect(writer, security, handler)
        taken = {args[0] for kind, args, _ in self.components.calls if kind == "security_scheme"}
        for name, scheme in security.finish(taken).items():
            spec.components.security_scheme(name, scheme)
        for tag, description in tags.items():
            spec.tag({"name": tag, "description": description} if description else {"name": tag})
        function = self.source.config("OPENAPI_OPERATION_ID_FUNCTION") or readable_operation_id
        assign_operation_ids([(entry.route, entry.operation) for entry in entries], function)
        for entry in entries:
            spec.path(
                entry.route.path,
                operations={entry.route.method.lower(): entry.operation},
                parameters=entry.path_parameters,
            )
        webhooks = self.resolved_webhooks()
        document = spec.to_dict()
        if webhooks:
            document["webhooks"] = webhooks
        options = merged(self.source.config("API_SPEC_OPTIONS") or {}, self.source.spec_kwargs)
        document = with_defaults(with_options(document, options), self.source.app)
        input_name = self.source.config("OPENAPI_INPUT_SCHEMA_NAME", "{name}Input")
        if input_name is not None:
            output_name = self.source.config("OPENAPI_OUTPUT_SCHEMA_NAME", "{name}")
            document = split_components(document, VariantNames(input_name, output_name))
        check_references(document)
        endpoint_paths = {entry.route.endpoint: entry.route.path for entry in entries}
        return Built(in_reading_order(document), endpoint_paths)

    def register_error_responses(self, errors: ErrorBody) -> None:
        """Register the shared error responses, used when referenced (``lazy``)."""
        responses = self.spec.components
        described = {
            DEFAULT_ERROR: "An error, sent by the error handler.",
            VALIDATION_ERROR: "The request did not pass validation; `errors` holds every "
            "field error, by location and field.",
            SMOREST_DEFAULT_ERROR: "An error, sent by the error handler.",
            **{status.name: status.phrase for status in ERROR_STATUSES},
        }
        taken = {args[0] for kind, args, _kwargs in self.components.calls if kind == "response"}
        for name, description in described.items():
            if name not in taken:
                content = {"description": description, "content": errors.content()}
                responses.response(name, content, lazy=True)

    def to_json_schema(self, schema: t.Any) -> dict[str, t.Any]:
        """Return the inline JSON Schema of a marshmallow schema (nested ones by reference)."""
        converter: t.Any = self.plugin.converter
        return t.cast(dict[str, t.Any], converter.schema2jsonschema(schema))

    def collect(
        self, writer: OperationWriter, security: SecurityWriter, handler: ErrorHandler
    ) -> tuple[list[Entry], dict[str, str | None]]:
        """Return the documented operations and the tags they use, in order."""
        app = self.source.app
        paths: dict[str, tuple[str, list[dict[str, t.Any]]]] = {}
        entries: list[Entry] = []
        tags: dict[str, str | None] = {}
        for route in route_operations(app):
            if route.operation.hidden or not self.owns(route.blueprint_name):
                continue
            endpoint = route.rule.endpoint
            for response in route.operation.responses:
                handler.check_documented(response, f"{endpoint} ({route.method})")
            rule_string = route.rule.rule
            if rule_string not in paths:
                paths[rule_string] = self.converters.path_of(rule_string, app.url_map)
            path, parameters = paths[rule_string]
            operation = writer.operation(route.function, route.operation, route.method)
            security.write(operation, required_auth(app, endpoint, route.operation))
            view = app.view_functions[endpoint]
            limit = documented_rate_limit(app, view, route.operation)
            document_rate_limit(operation, limit, writer.errors)
            blueprints = blueprint_chain(endpoint)
            document_lifecycle(operation, lifecycle_of(app, blueprints), writer.errors)
            with_route_parameters(operation, route.operation.parameters, parameters)
            if "tags" not in operation:
                given = route.operation.tags
                if given is not None:
                    operation["tags"] = list(given)
                elif route.blueprint_name is not None:
                    operation["tags"] = [route.blueprint_name]
            name = route.blueprint_name
            if name is not None and name in operation.get("tags", ()):
                tags.setdefault(name, tag_description(route.blueprint))
            resource = handled_by_resource(app.view_functions[endpoint])
            operation_route = OperationRoute(endpoint, route.method, path, resource)
            entries.append(Entry(operation_route, parameters, operation))
        methods: dict[str, set[str]] = {}
        for entry in entries:
            methods.setdefault(entry.route.endpoint, set()).add(entry.route.method)
        return [
            entry._replace(
                route=entry.route._replace(methods=frozenset(methods[entry.route.endpoint]))
            )
            for entry in entries
        ], tags

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

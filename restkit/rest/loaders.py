"""Per-location loaders: read one part of the request and validate it with a schema."""

from __future__ import annotations

import re
import typing as t

from marshmallow import EXCLUDE, Schema, ValidationError, fields
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from .compiled import compile_loader
from .schemas import JSONSchema
from .strict import reject_unsafe_text, strict_copy

if t.TYPE_CHECKING:
    import jsonschema
    from werkzeug.datastructures import MultiDict

    from ..core.wrappers import Request
    from .operation import Argument

FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
MISSING_BODY = "A request body is required."
MISSING_FIELD = "Missing data for required field."
UNKNOWN_FIELD = "Unknown field."
REPEATED = "Repeated parameter: send one value, or declare a List field."
#: Locations whose unknown fields are ignored; bodies keep the schema's own policy.
LENIENT_LOCATIONS = frozenset({"query", "headers", "cookies", "path"})


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def read_json(request: Request) -> t.Any:
    """Return the decoded JSON body, or :data:`MISSING` when there is none."""
    data = request.get_data(cache=True)
    if not data:
        return MISSING
    if not request.is_json:
        raise UnsupportedMediaType(
            "The request body must be JSON, sent with 'Content-Type: application/json'."
        )
    try:
        return request.json_module.loads(data)
    except ValueError as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}") from exc


def read_form(request: Request) -> MultiDict[str, t.Any] | _Missing:
    """Return the parsed form, or :data:`MISSING` when the request has no body.

    A form sent empty is an empty form, as ``{}`` is an empty JSON object.
    """
    if request.mimetype not in FORM_MIMETYPES:
        if not request.get_data(cache=True):
            return MISSING
        raise UnsupportedMediaType(
            "The request body must be a form, sent as 'application/x-www-form-urlencoded' "
            "or 'multipart/form-data'."
        )
    return request.form


def multi_keys(schema: Schema) -> tuple[frozenset[str], frozenset[str]]:
    """Return the input keys of *schema* taking many values, and those taking one."""
    many: set[str] = set()
    single: set[str] = set()
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        (many if isinstance(field, (fields.List, fields.Tuple)) else single).add(key)
    return frozenset(many), frozenset(single)


def flatten(
    source: MultiDict[str, t.Any], many: frozenset[str], single: frozenset[str]
) -> tuple[dict[str, t.Any], dict[str, list[str]]]:
    """Turn a multi-dict into schema input, plus an error for each repeated single-value key."""
    data: dict[str, t.Any] = {}
    repeated: dict[str, list[str]] = {}
    for key, values in source.lists():
        if key in many:
            data[key] = values
        elif len(values) > 1 and key in single:
            repeated[key] = [REPEATED]
        else:
            data[key] = values[0]
    return data, repeated


def validate_multi_dict(
    validate: t.Callable[[t.Any], t.Any],
    source: MultiDict[str, t.Any],
    many: frozenset[str],
    single: frozenset[str],
) -> t.Any:
    """Validate *source* with *validate*; repeated keys are reported with the other errors."""
    data, repeated = flatten(source, many, single)
    if not repeated:
        return validate(data)
    try:
        validate(data)
    except ValidationError as exc:
        raise ValidationError({**t.cast(dict[str, t.Any], exc.messages), **repeated}) from exc
    raise ValidationError(repeated)


def split_header_values(values: list[str]) -> list[str]:
    """Split comma-joined header values: a header sent twice arrives joined under WSGI."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class Loader:
    """Loads one :class:`Argument` from a request; built once per endpoint at compile."""

    __slots__ = ("as_kwargs", "load", "location")

    def __init__(self, argument: Argument) -> None:
        self.location = argument.location
        self.as_kwargs = argument.as_kwargs
        # PERF: the schema copy, its key sets and the read function are resolved here once.
        self.load: t.Callable[[Request, dict[str, t.Any]], t.Any] = self._build(argument)

    def _build(self, argument: Argument) -> t.Callable[[Request, dict[str, t.Any]], t.Any]:
        location = argument.location
        validate = _validator(argument.schema, location)
        required = argument.required
        if location in ("json", "json_or_form"):
            many, single = _keys(argument.schema)
            # Form fields are text: a form body is validated without strict numbers.
            validate_form = _validator(argument.schema, "form")

            def load_body(request: Request, view_args: dict[str, t.Any]) -> t.Any:
                if location == "json_or_form" and request.mimetype in FORM_MIMETYPES:
                    return validate_multi_dict(validate_form, request.form, many, single)
                raw = read_json(request)
                if raw is MISSING:
                    if required:
                        raise ValidationError({"_schema": [MISSING_BODY]})
                    return None
                return validate(raw)

            return load_body
        if location in ("form", "files"):
            many, single = _keys(argument.schema)

            def load_form(request: Request, view_args: dict[str, t.Any]) -> t.Any:
                raw = read_form(request)
                if isinstance(raw, _Missing):
                    if required:
                        raise ValidationError({"_schema": [MISSING_BODY]})
                    return None
                source = request.files if location == "files" else raw
                return validate_multi_dict(validate, source, many, single)

            return load_form
        if location == "path":
            return lambda request, view_args: validate(view_args)
        many, single = _keys(argument.schema)
        if location == "headers":
            wanted = many | single

            def load_headers(request: Request, view_args: dict[str, t.Any]) -> t.Any:
                headers = request.headers
                data = {
                    key: split_header_values(headers.getlist(key)) if key in many else headers[key]
                    for key in wanted
                    if key in headers
                }
                return validate(data)

            return load_headers
        attribute = "args" if location == "query" else "cookies"
        return lambda request, view_args: validate_multi_dict(
            validate, getattr(request, attribute), many, single
        )


def _keys(schema: Schema | JSONSchema) -> tuple[frozenset[str], frozenset[str]]:
    if isinstance(schema, JSONSchema):
        properties = schema.document.get("properties", {})
        many = {key for key, spec in properties.items() if _is_array(spec)}
        return frozenset(many), frozenset(properties) - many
    return multi_keys(schema)


def _is_array(spec: t.Any) -> bool:
    """Tell whether a JSON Schema property (a dict, or ``true``/``false``) takes a list."""
    if not isinstance(spec, dict):
        return False
    kind = spec.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def _validator(schema: Schema | JSONSchema, location: str) -> t.Callable[[t.Any], t.Any]:
    """Return the function validating raw input of *location* with *schema*."""
    if isinstance(schema, JSONSchema):
        validator = schema.validator()

        def validate_json_schema(data: t.Any) -> t.Any:
            errors: dict[t.Any, t.Any] = {}
            for error in validator.iter_errors(data):
                for path, message in json_schema_messages(error):
                    add_error(errors, path, message)
            _check_text(data, errors, ())
            if errors:
                raise ValidationError(errors)
            return data

        return validate_json_schema
    strict = strict_copy(schema, strict_types=location in ("json", "json_or_form"))
    lenient = location in LENIENT_LOCATIONS
    # PERF: a generated function, equivalent to ``strict.load`` (see docs/compiled-schemas.md).
    return compile_loader(strict, unknown=EXCLUDE if lenient else None).function


def json_schema_messages(
    error: jsonschema.ValidationError,
) -> t.Iterator[tuple[tuple[t.Any, ...], str]]:
    """Say a ``jsonschema`` error the way marshmallow says it, at the field it concerns.

    A missing required property or an unexpected one is reported at that property,
    with marshmallow's words, rather than at the object holding it.
    """
    path = tuple(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        for name in t.cast(list[str], error.validator_value):
            if name not in instance:
                yield (*path, name), MISSING_FIELD
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for name in instance:
            if name not in known and not any(re.search(p, name) for p in patterns):
                yield (*path, name), UNKNOWN_FIELD
    else:
        yield path, error.message


def add_error(errors: dict[t.Any, t.Any], path: tuple[t.Any, ...], message: str) -> None:
    """Add *message* at *path* in marshmallow's nested error shape (``_schema`` for the root)."""
    *parents, last = path or ("_schema",)
    for part in parents:
        errors = errors.setdefault(part, {})
    messages = errors.setdefault(last, [])
    if message not in messages:
        messages.append(message)


def _check_text(data: t.Any, errors: dict[t.Any, t.Any], path: tuple[t.Any, ...]) -> None:
    """Collect NUL / lone-surrogate errors in data validated by a JSON Schema."""
    if isinstance(data, str):
        try:
            reject_unsafe_text(data)
        except ValidationError as exc:
            for message in t.cast(list[str], exc.messages):
                add_error(errors, path, message)
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_text(key, errors, path)
            _check_text(value, errors, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_text(value, errors, (*path, index))

"""Path templates and typed path parameters from werkzeug rules and their converters."""

from __future__ import annotations

import re
import typing as t

from werkzeug.routing import (
    AnyConverter,
    BaseConverter,
    FloatConverter,
    PathConverter,
    UnicodeConverter,
    UUIDConverter,
    parse_converter_args,
)
from werkzeug.routing.converters import NumberConverter

if t.TYPE_CHECKING:
    from werkzeug.routing import Map

#: A dict, or a function of the converter and the rule's converter arguments.
ConverterDescription = dict[str, t.Any] | t.Callable[..., dict[str, t.Any]]

# One ``<converter(arguments):variable>`` placeholder of a werkzeug rule string.
PLACEHOLDER = re.compile(
    r"<(?:(?P<converter>[A-Za-z_]\w*)(?:\((?P<arguments>.*?)\))?:)?(?P<variable>[A-Za-z_]\w*)>"
)


def describe_number(converter: BaseConverter, *args: t.Any, **kwargs: t.Any) -> dict[str, t.Any]:
    """Describe ``int`` and ``float`` values, with the converter's bounds."""
    assert isinstance(converter, NumberConverter)
    schema: dict[str, t.Any] = {
        "type": "number" if isinstance(converter, FloatConverter) else "integer"
    }
    minimum = converter.min
    if minimum is None and not converter.signed:
        minimum = 0
    if minimum is not None:
        schema["minimum"] = minimum
    if converter.max is not None:
        schema["maximum"] = converter.max
    return schema


def describe_any(converter: BaseConverter, *items: str, **kwargs: t.Any) -> dict[str, t.Any]:
    """Describe ``any(a, b)`` values: one of the listed strings."""
    return {"type": "string", "enum": list(items)}


def describe_by_pattern(
    converter: BaseConverter, *args: t.Any, **kwargs: t.Any
) -> dict[str, t.Any]:
    """Describe a converter nothing else describes: a string matching its regex."""
    return {"type": "string", "pattern": f"^(?:{converter.regex})$"}


class ConverterSchemas:
    """The JSON Schemas of the values matched by URL converters, by converter class.

    A class is looked up along its MRO, so a subclass of a described converter
    shares its description until it gets its own. Converters nobody described
    are documented as strings matching the converter's ``regex``.
    """

    def __init__(self) -> None:
        self.descriptions: dict[type[BaseConverter], ConverterDescription] = {
            BaseConverter: describe_by_pattern,
            NumberConverter: describe_number,
            AnyConverter: describe_any,
            UnicodeConverter: {"type": "string"},
            PathConverter: {"type": "string"},
            UUIDConverter: {"type": "string", "format": "uuid"},
        }

    def register(self, converter_class: type[BaseConverter], schema: ConverterDescription) -> None:
        """Describe the values of *converter_class* (and of its subclasses).

        :param schema: a JSON Schema dict, or a function called with the converter
            instance and the rule's converter arguments that returns one.
        """
        self.descriptions[converter_class] = schema

    def schema_of(
        self, converter: BaseConverter, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> dict[str, t.Any]:
        """Return the JSON Schema of the values *converter* matches."""
        for cls in type(converter).__mro__:
            description = self.descriptions.get(cls)
            if description is None:
                continue
            if callable(description):
                return description(converter, *args, **kwargs)
            return dict(description)
        raise TypeError(f"{type(converter).__name__} is not a werkzeug converter.")

    def path_of(self, rule_string: str, url_map: Map) -> tuple[str, list[dict[str, t.Any]]]:
        """Return the OpenAPI path template of *rule_string* and its path parameters."""
        parameters: list[dict[str, t.Any]] = []

        def placeholder(match: re.Match[str]) -> str:
            name = match["converter"] or "default"
            args, kwargs = parse_converter_args(match["arguments"] or "")
            converter = url_map.converters[name](url_map, *args, **kwargs)
            variable = match["variable"]
            schema = self.schema_of(converter, args, kwargs)
            parameters.append({"name": variable, "in": "path", "required": True, "schema": schema})
            return "{" + variable + "}"

        return PLACEHOLDER.sub(placeholder, rule_string), parameters

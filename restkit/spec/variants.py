"""Separate input and output components for schemas with read-only or write-only fields.

A ``Pet`` whose ``id`` is read-only is one component in apispec's output; a
client generated from it sends ``id`` back and is refused. Here every schema
with ``readOnly`` or ``writeOnly`` properties (or holding, through ``$ref``,
one that has them) becomes two components: the input one, read-only
properties removed, referenced from request bodies and parameters; the
output one, write-only properties removed, referenced from responses.
"""

from __future__ import annotations

import copy
import typing as t

from ..core.errors import SetupError
from .pointers import DATA_KEYS

SCHEMA_REF = "#/components/schemas/"
#: The property flag each side leaves out.
LEFT_OUT = {"input": "readOnly", "output": "writeOnly"}


class VariantNames(t.NamedTuple):
    """How variants are named: ``str.format`` patterns of the original ``{name}``."""

    input: str = "{name}Input"
    output: str = "{name}"

    def of(self, side: str, name: str) -> str:
        """Return the name of the *side* variant of component *name*."""
        pattern = self.input if side == "input" else self.output
        return pattern.format(name=name)


def split_components(document: dict[str, t.Any], names: VariantNames) -> dict[str, t.Any]:
    """Return *document* with input and output variants of the schemas that need them."""
    schemas: dict[str, t.Any] = document.get("components", {}).get("schemas", {})
    needing = components_needing_split(schemas)
    if not needing:
        return document
    document = copy.deepcopy(document)
    schemas = document["components"]["schemas"]
    variants: dict[str, t.Any] = {}
    for name in needing:
        for side in LEFT_OUT:
            variant_name = names.of(side, name)
            taken = variant_name in schemas and variant_name not in needing
            if variant_name in variants or taken:
                raise SetupError(
                    f"The {side} variant of schema {name!r} would be named {variant_name!r}, "
                    "which another schema has: rename one, or set "
                    f"OPENAPI_{side.upper()}_SCHEMA_NAME to another pattern."
                )
            variants[variant_name] = variant(schemas[name], side, needing, names)
    for location, side in sides_of(document):
        rewritten = variant(location.value, side, needing, names)
        location.container[location.key] = rewritten
    # Each variant takes the place of its original, the output one first; a schema
    # registered by hand that nothing uses is kept as it was.
    document["components"]["schemas"] = {
        key: value
        for name, schema in schemas.items()
        for key, value in placed_variants(name, schema, needing, variants, names)
    }
    used = referenced_schemas(document)
    unused = [name for name in needing if not used & {names.of(side, name) for side in LEFT_OUT}]
    document["components"]["schemas"] = {
        key: value
        for name, schema in schemas.items()
        for key, value in (
            [(name, schema)]
            if name in unused
            else placed_variants(name, schema, needing, variants, names)
        )
        if key in used or key not in variants or name in unused
    }
    return document


def placed_variants(
    name: str, schema: t.Any, needing: list[str], variants: dict[str, t.Any], names: VariantNames
) -> list[tuple[str, t.Any]]:
    """Return what takes the place of component *name*: itself, or its two variants."""
    if name not in needing:
        return [(name, schema)]
    return [(names.of(side, name), variants[names.of(side, name)]) for side in ("output", "input")]


def components_needing_split(schemas: dict[str, t.Any]) -> list[str]:
    """Return the components with read-only or write-only properties, or refs to such."""
    needing = {name for name, schema in schemas.items() if has_flagged_property(schema)}
    refs = {name: set(schema_refs(schema)) for name, schema in schemas.items()}
    grew = True
    while grew:
        more = {name for name, targets in refs.items() if targets & needing} - needing
        needing |= more
        grew = bool(more)
    return [name for name in schemas if name in needing]


def has_flagged_property(schema: t.Any) -> bool:
    """Whether *schema* (not through refs) has a read-only or write-only property."""
    found = False

    def visit(node: dict[str, t.Any]) -> None:
        nonlocal found
        for prop in (node.get("properties") or {}).values():
            if isinstance(prop, dict) and (prop.get("readOnly") or prop.get("writeOnly")):
                found = True

    walk_schemas(schema, visit)
    return found


def schema_refs(schema: t.Any) -> t.Iterator[str]:
    """Yield the names of the components *schema* references."""
    found: list[str] = []

    def visit(node: dict[str, t.Any]) -> None:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            found.append(ref.removeprefix(SCHEMA_REF))

    walk_schemas(schema, visit)
    yield from found


def walk_schemas(schema: t.Any, visit: t.Callable[[dict[str, t.Any]], None]) -> None:
    """Call *visit* on *schema* and every schema nested in it (data values skipped)."""
    if isinstance(schema, list):
        for item in schema:
            walk_schemas(item, visit)
        return
    if not isinstance(schema, dict):
        return
    visit(schema)
    for key, value in schema.items():
        if key not in DATA_KEYS:
            walk_schemas(value, visit)


def variant(schema: t.Any, side: str, needing: list[str], names: VariantNames) -> t.Any:
    """Return a copy of *schema* for *side*: flagged properties out, refs to variants."""
    if isinstance(schema, list):
        return [variant(item, side, needing, names) for item in schema]
    if not isinstance(schema, dict):
        return schema
    flag = LEFT_OUT[side]
    result: dict[str, t.Any] = {}
    for key, value in schema.items():
        if key in DATA_KEYS:
            result[key] = copy.deepcopy(value)
        elif key == "$ref" and isinstance(value, str) and value.removeprefix(SCHEMA_REF) in needing:
            result[key] = SCHEMA_REF + names.of(side, value.removeprefix(SCHEMA_REF))
        elif key == "properties" and isinstance(value, dict):
            result[key] = {
                name: variant(prop, side, needing, names)
                for name, prop in value.items()
                if not (isinstance(prop, dict) and prop.get(flag))
            }
        else:
            result[key] = variant(value, side, needing, names)
    if "properties" in schema and isinstance(result.get("required"), list):
        kept = result["properties"]
        result["required"] = [name for name in result["required"] if name in kept]
        if not result["required"]:
            del result["required"]
    return result


class Location(t.NamedTuple):
    """A schema slot in the document: the dict holding it and its key."""

    container: dict[str, t.Any]
    key: str

    @property
    def value(self) -> t.Any:
        return self.container[self.key]


def sides_of(document: dict[str, t.Any]) -> t.Iterator[tuple[Location, str]]:
    """Yield each schema slot of the document's operations with its side.

    Request bodies and parameters are ``input``; responses and their headers
    ``output`` — in paths, callbacks, webhooks and shared components alike.
    """
    components = document.get("components", {})
    for response in (components.get("responses") or {}).values():
        yield from response_slots(response)
    for parameter in (components.get("parameters") or {}).values():
        yield from schema_slots(parameter, "input")
    for request_body in (components.get("requestBodies") or {}).values():
        yield from content_slots(request_body, "input")
    for path_items in (document.get("paths") or {}, document.get("webhooks") or {}):
        for item in path_items.values():
            yield from path_item_slots(item)


def path_item_slots(item: t.Any) -> t.Iterator[tuple[Location, str]]:
    if not isinstance(item, dict):
        return
    for parameter in item.get("parameters") or ():
        yield from schema_slots(parameter, "input")
    for key, operation in item.items():
        if key in ("parameters", "servers") or not isinstance(operation, dict):
            continue
        for parameter in operation.get("parameters") or ():
            yield from schema_slots(parameter, "input")
        body = operation.get("requestBody")
        if isinstance(body, dict):
            yield from content_slots(body, "input")
        for response in (operation.get("responses") or {}).values():
            yield from response_slots(response)
        for callback in (operation.get("callbacks") or {}).values():
            for callback_item in (callback or {}).values():
                yield from path_item_slots(callback_item)


def response_slots(response: t.Any) -> t.Iterator[tuple[Location, str]]:
    if not isinstance(response, dict):
        return
    yield from content_slots(response, "output")
    for header in (response.get("headers") or {}).values():
        yield from schema_slots(header, "output")


def content_slots(holder: dict[str, t.Any], side: str) -> t.Iterator[tuple[Location, str]]:
    for media in (holder.get("content") or {}).values():
        yield from schema_slots(media, side)


def schema_slots(holder: t.Any, side: str) -> t.Iterator[tuple[Location, str]]:
    if isinstance(holder, dict) and "schema" in holder:
        yield Location(holder, "schema"), side
    if isinstance(holder, dict) and "content" in holder:
        yield from content_slots(holder, side)


def referenced_schemas(document: dict[str, t.Any]) -> set[str]:
    """Return the schema components the document references, directly or not."""
    schemas = document.get("components", {}).get("schemas", {})
    outside = {key: value for key, value in document.items() if key != "components"}
    components = {
        key: value for key, value in document.get("components", {}).items() if key != "schemas"
    }
    pending = set(schema_refs([outside, components]))
    used: set[str] = set()
    while pending:
        name = pending.pop()
        if name in used:
            continue
        used.add(name)
        pending |= set(schema_refs(schemas.get(name))) - used
    return used

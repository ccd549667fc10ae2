"""What values a schema admits, for ``openapi diff``: its types, ``format`` and branches."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .diff_schemas import Document

Schema = dict[str, t.Any]

#: Format changes that only widen the values admitted: (narrow, wide).
WIDER_FORMATS = frozenset({("int32", "int64"), ("float", "double")})


def flatten(document: Document, schema: t.Any) -> Schema | None:
    """Return *schema* resolved and merged; ``None`` for a dangling ``$ref``.

    ``allOf`` parts are merged in, and a nullable ``anyOf``/``oneOf`` (one
    schema and ``{"type": "null"}``, as apispec writes an ``allow_none``
    nested field) becomes that schema, nullable.
    """
    resolved = document.resolve(schema)
    if resolved is None:
        return None
    if not isinstance(resolved, dict):
        return {}
    branch = nullable_branch(document, resolved)
    if branch is not None:
        return see_through(document, resolved, branch)
    parts = resolved.get("allOf")
    if not parts:
        return resolved
    result: Schema = {key: value for key, value in resolved.items() if key != "allOf"}
    properties = dict(result.get("properties") or {})
    required = list(result.get("required") or ())
    for part in parts:
        flat = flatten(document, part)
        if flat is None:
            return None
        properties.update(flat.get("properties") or {})
        required.extend(flat.get("required") or ())
        for key, value in flat.items():
            if key not in ("properties", "required"):
                result.setdefault(key, value)
    if properties:
        result["properties"] = properties
    if required:
        result["required"] = required
    return result


def nullable_branch(document: Document, schema: Schema) -> t.Any:
    """Return the one non-null branch of a nullable ``anyOf``/``oneOf`` *schema*, else ``None``."""
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list) or len(branches) != 2:
            continue
        nulls = [branch for branch in branches if is_null(document, branch)]
        if len(nulls) == 1:
            return branches[1] if nulls[0] is branches[0] else branches[0]
    return None


def unwrap(document: Document, node: t.Any) -> t.Any:
    """Return what the resolved nullable ``anyOf``/``oneOf`` *node* stands for, else *node*."""
    seen: set[int] = set()
    while isinstance(node, dict) and id(node) not in seen:
        seen.add(id(node))
        branch = nullable_branch(document, node)
        if branch is None:
            break
        node = document.resolve(branch)
    return node


def is_null(document: Document, schema: t.Any) -> bool:
    """Whether *schema* stands for ``null``.

    That is ``{"type": "null"}`` or, in OpenAPI 3.0 which has no null type,
    a bare ``{"type": ..., "nullable": true}`` as apispec writes it there.
    """
    resolved = document.resolve(schema)
    if not isinstance(resolved, dict):
        return False
    if resolved.get("nullable") is True and set(resolved) <= {"type", "nullable"}:
        return True
    return types_of(resolved) == frozenset({"null"})


def see_through(document: Document, wrapper: Schema, branch: t.Any) -> Schema | None:
    """Return the nullable *wrapper* as its *branch* made nullable (the wrapper's keys first)."""
    flat = flatten(document, branch)
    if flat is None:
        return None
    result = {key: value for key, value in wrapper.items() if key not in ("anyOf", "oneOf")}
    for key, value in flat.items():
        result.setdefault(key, value)
    result["nullable"] = True
    return result


def types_of(schema: Schema) -> frozenset[str] | None:
    """Return the JSON types *schema* admits, or ``None`` for any type."""
    declared = schema.get("type")
    if declared is None:
        return None
    types = {declared} if isinstance(declared, str) else set(declared)
    if schema.get("nullable"):
        types.add("null")
    return frozenset(types)


def covers(wide: frozenset[str], narrow: frozenset[str] | None) -> bool:
    """Whether every value of the types *narrow* is a value of the types *wide*."""
    if narrow is None:
        return False
    accepted = set(wide) | ({"integer"} if "number" in wide else set())
    return narrow <= accepted


def show(types: frozenset[str] | None) -> str:
    """Return *types* for a message."""
    return "any" if types is None else " | ".join(sorted(types))


def format_of(schema: Schema) -> str | None:
    """Return the ``format`` of *schema*, if it has one."""
    value = schema.get("format")
    return value if isinstance(value, str) else None


def format_covers(wide: Schema, narrow: Schema) -> bool:
    """Whether every value of *narrow*'s ``format`` is a value of *wide*'s.

    Formats are compared only where the type stayed the same (``null``
    aside): a changed type is the business of the type rules.
    """
    wide_types, narrow_types = types_of(wide), types_of(narrow)
    if (
        wide_types is None
        or narrow_types is None
        or wide_types - {"null"} != narrow_types - {"null"}
    ):
        return True
    wide_format, narrow_format = format_of(wide), format_of(narrow)
    return (
        wide_format is None
        or wide_format == narrow_format
        or (narrow_format, wide_format) in WIDER_FORMATS
    )


def show_format_change(old: Schema, new: Schema) -> str:
    """Return how the ``format`` went from *old* to *new*, for a message."""
    return f"format {format_of(old) or '(none)'} became {format_of(new) or '(none)'}"


def branch_name(branch: t.Any) -> str:
    """Return a ``anyOf``/``oneOf`` branch for a message: its ``$ref`` target's name, or itself."""
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        return str(branch["$ref"]).rpartition("/")[2]
    return repr(branch)


def same_branch(one: t.Any, other: t.Any) -> bool:
    """Whether two branches are the same: ``$ref`` to one name, or equal."""
    if all(isinstance(b, dict) and isinstance(b.get("$ref"), str) for b in (one, other)):
        return branch_name(one) == branch_name(other)
    return bool(one == other)


def match_branches(
    kept: list[t.Any], among: list[t.Any]
) -> tuple[list[tuple[t.Any, t.Any]], list[t.Any]]:
    """Pair each branch of *kept* with the same branch of *among*; also return the unpaired."""
    pairs: list[tuple[t.Any, t.Any]] = []
    unpaired: list[t.Any] = []
    for branch in kept:
        match = next((other for other in among if same_branch(branch, other)), None)
        if match is None:
            unpaired.append(branch)
        else:
            pairs.append((branch, match))
    return pairs, unpaired


def branches(schema: Schema, keyword: str) -> list[t.Any] | None:
    """Return the ``anyOf`` or ``oneOf`` (*keyword*) branches of *schema*, if a list."""
    value = schema.get(keyword)
    return value if isinstance(value, list) else None

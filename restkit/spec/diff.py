"""Breaking changes between two OpenAPI documents: what would break a client of the old one."""

from __future__ import annotations

import dataclasses
import re
import typing as t

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")

Schema = dict[str, t.Any]


@dataclasses.dataclass(frozen=True)
class Change:
    """One breaking change, where it is and what it is."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def path_key(path: str) -> str:
    """Return *path* with its parameter names erased: renaming a parameter breaks nothing."""
    return _PATH_PARAMETER.sub("{}", path)


class Document:
    """An OpenAPI document with its local ``$ref`` resolved on demand."""

    def __init__(self, document: dict[str, t.Any]) -> None:
        self.document = document

    def resolve(self, node: t.Any) -> t.Any:
        """Return *node*, or what its ``$ref`` (and theirs) points to."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}
            seen.add(ref)
            node = self.document
            for part in ref[2:].split("/"):
                key = part.replace("~1", "/").replace("~0", "~")
                node = node.get(key, {}) if isinstance(node, dict) else {}
        return node

    def paths(self) -> dict[str, tuple[str, dict[str, t.Any]]]:
        """Return the path items by :func:`path_key`, with their written path."""
        return {
            path_key(path): (path, self.resolve(item))
            for path, item in (self.document.get("paths") or {}).items()
        }

    def parameters(
        self, path: str, item: dict[str, t.Any], operation: dict[str, t.Any]
    ) -> dict[tuple[str, str], dict[str, t.Any]]:
        """Return the parameters of *operation*, path-level ones included, by location and name.

        Path parameters are keyed by position, since renaming them breaks nothing.
        """
        names = [match[1:-1] for match in _PATH_PARAMETER.findall(path)]
        parameters: dict[tuple[str, str], dict[str, t.Any]] = {}
        for raw in [*item.get("parameters", ()), *operation.get("parameters", ())]:
            parameter = self.resolve(raw)
            location, name = parameter.get("in", ""), parameter.get("name", "")
            if location == "path" and name in names:
                name = f"#{names.index(name)}"
            parameters[(location, name)] = parameter
        return parameters


def breaking_changes(old: dict[str, t.Any], new: dict[str, t.Any]) -> list[Change]:
    """Return what, in *new*, breaks a client written against *old*.

    Reported: a removed path, operation, response code or request content
    type; a new required parameter, request body or request field (or one
    made required); a request field removed where unknown fields are refused;
    a request type or enum narrowed; a response field removed or a response
    type changed beyond what it was.
    """
    return Comparison(Document(old), Document(new)).changes()


class Comparison:
    """Walks two documents side by side, collecting breaking changes."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old = old
        self.new = new
        self.found: list[Change] = []

    def changes(self) -> list[Change]:
        """Compare every path and operation of the old document with the new one."""
        new_paths = self.new.paths()
        for key, (path, old_item) in self.old.paths().items():
            if key not in new_paths:
                self.found.append(Change(path, "the path was removed"))
                continue
            new_path, new_item = new_paths[key]
            for method in HTTP_METHODS:
                if method not in old_item:
                    continue
                where = f"{method.upper()} {new_path}"
                if method not in new_item:
                    self.found.append(Change(where, "the operation was removed"))
                    continue
                self.operation(where, (path, old_item), (new_path, new_item), method)
        return self.found

    def operation(
        self,
        where: str,
        old: tuple[str, dict[str, t.Any]],
        new: tuple[str, dict[str, t.Any]],
        method: str,
    ) -> None:
        """Compare one operation: parameters, request body, responses."""
        old_operation = self.old.resolve(old[1][method])
        new_operation = self.new.resolve(new[1][method])
        self.parameters(
            where,
            self.old.parameters(old[0], old[1], old_operation),
            self.new.parameters(new[0], new[1], new_operation),
        )
        self.request_body(
            where,
            self.old.resolve(old_operation.get("requestBody")),
            self.new.resolve(new_operation.get("requestBody")),
        )
        self.responses(
            where, old_operation.get("responses") or {}, new_operation.get("responses") or {}
        )

    def parameters(
        self,
        where: str,
        old: dict[tuple[str, str], dict[str, t.Any]],
        new: dict[tuple[str, str], dict[str, t.Any]],
    ) -> None:
        for key, parameter in new.items():
            label = f"{key[0]} parameter {parameter.get('name')!r}"
            before = old.get(key)
            if parameter.get("required"):
                if before is None:
                    self.found.append(Change(where, f"new required {label}"))
                elif not before.get("required"):
                    self.found.append(Change(where, f"the {label} is now required"))
            if before is not None:
                self.request_schema(
                    where, label, before.get("schema") or {}, parameter.get("schema") or {}
                )

    def request_body(self, where: str, old: t.Any, new: t.Any) -> None:
        if not new:
            return
        if new.get("required") and not (old or {}).get("required"):
            self.found.append(Change(where, "the request body is now required"))
        if not old:
            return
        new_content = new.get("content") or {}
        for content_type, media in (old.get("content") or {}).items():
            if content_type not in new_content:
                self.found.append(Change(where, f"request content type {content_type} removed"))
                continue
            self.request_schema(
                where,
                f"{content_type} request body",
                (media or {}).get("schema") or {},
                (new_content[content_type] or {}).get("schema") or {},
            )

    def responses(self, where: str, old: dict[str, t.Any], new: dict[str, t.Any]) -> None:
        for code, old_response in old.items():
            if code not in new:
                self.found.append(Change(where, f"response {code} was removed"))
                continue
            old_content = self.old.resolve(old_response).get("content") or {}
            new_content = self.new.resolve(new[code]).get("content") or {}
            for content_type, media in old_content.items():
                if content_type not in new_content:
                    self.found.append(
                        Change(where, f"response {code} no longer sends {content_type}")
                    )
                    continue
                self.response_schema(
                    where,
                    f"response {code}",
                    (media or {}).get("schema") or {},
                    (new_content[content_type] or {}).get("schema") or {},
                    set(),
                )

    # -- schemas --------------------------------------------------------------------------

    def request_schema(
        self,
        where: str,
        label: str,
        old: t.Any,
        new: t.Any,
        seen: set[tuple[int, int]] | None = None,
    ) -> None:
        """Compare what the client sends: narrowing and new requirements break it."""
        seen = seen if seen is not None else set()
        if not first_visit(seen, self.old.resolve(old), self.new.resolve(new)):
            return
        old_schema, new_schema = flatten(self.old, old), flatten(self.new, new)
        old_types, new_types = types_of(old_schema), types_of(new_schema)
        if new_types is not None and not covers(new_types, old_types):
            self.found.append(
                Change(where, f"{label}: type narrowed from {show(old_types)} to {show(new_types)}")
            )
        old_enum, new_enum = old_schema.get("enum"), new_schema.get("enum")
        if new_enum is not None:
            removed = [v for v in old_enum if v not in new_enum] if old_enum is not None else None
            if removed is None or removed:
                what = f"values {removed!r} removed" if removed else "values now restricted"
                self.found.append(Change(where, f"{label}: enum {what}"))
        old_properties = old_schema.get("properties") or {}
        new_properties = new_schema.get("properties") or {}
        old_required = set(old_schema.get("required") or ())
        for name in sorted(set(new_schema.get("required") or ()) - old_required):
            what = "is now required" if name in old_properties else "is new and required"
            self.found.append(Change(where, f"{label}: field {name!r} {what}"))
        if new_schema.get("additionalProperties") is False:
            for name in sorted(set(old_properties) - set(new_properties)):
                self.found.append(
                    Change(where, f"{label}: field {name!r} was removed and is now refused")
                )
        for name in sorted(set(old_properties) & set(new_properties)):
            self.request_schema(
                where, f"{label} field {name!r}", old_properties[name], new_properties[name], seen
            )
        if "items" in old_schema and "items" in new_schema:
            self.request_schema(
                where, f"{label} items", old_schema["items"], new_schema["items"], seen
            )

    def response_schema(
        self, where: str, label: str, old: t.Any, new: t.Any, seen: set[tuple[int, int]]
    ) -> None:
        """Compare what the client receives: missing fields and new types break it."""
        if not first_visit(seen, self.old.resolve(old), self.new.resolve(new)):
            return
        old_schema, new_schema = flatten(self.old, old), flatten(self.new, new)
        old_types, new_types = types_of(old_schema), types_of(new_schema)
        if old_types is not None and not covers(old_types, new_types):
            self.found.append(
                Change(where, f"{label}: type changed from {show(old_types)} to {show(new_types)}")
            )
        old_properties = old_schema.get("properties") or {}
        new_properties = new_schema.get("properties") or {}
        for name in sorted(set(old_properties) - set(new_properties)):
            self.found.append(Change(where, f"{label}: field {name!r} was removed"))
        for name in sorted(set(old_properties) & set(new_properties)):
            self.response_schema(
                where, f"{label} field {name!r}", old_properties[name], new_properties[name], seen
            )
        if "items" in old_schema and "items" in new_schema:
            self.response_schema(
                where, f"{label} items", old_schema["items"], new_schema["items"], seen
            )


def first_visit(seen: set[tuple[int, int]], old: t.Any, new: t.Any) -> bool:
    """Record the pair of schemas *old*, *new*; whether it was new (recursive schemas end)."""
    pair = (id(old), id(new))
    if pair in seen:
        return False
    seen.add(pair)
    return True


def flatten(document: Document, schema: t.Any) -> Schema:
    """Return *schema* resolved, with its ``allOf`` parts merged into it."""
    schema = document.resolve(schema)
    if not isinstance(schema, dict):
        return {}
    parts = schema.get("allOf")
    if not parts:
        return schema
    result: Schema = {key: value for key, value in schema.items() if key != "allOf"}
    properties = dict(result.get("properties") or {})
    required = list(result.get("required") or ())
    for part in parts:
        resolved = flatten(document, part)
        properties.update(resolved.get("properties") or {})
        required.extend(resolved.get("required") or ())
        for key in ("type", "enum", "items", "nullable", "additionalProperties"):
            if key in resolved:
                result.setdefault(key, resolved[key])
    if properties:
        result["properties"] = properties
    if required:
        result["required"] = required
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

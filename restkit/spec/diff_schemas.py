"""Comparing the schemas of two OpenAPI documents, for ``restkit openapi diff``."""

from __future__ import annotations

import re
import typing as t

from .diff_rules import REQUEST_BOUNDS, RESPONSE_BOUNDS
from .diff_types import (
    branch_name,
    branches,
    covers,
    flatten,
    format_covers,
    match_branches,
    show,
    show_format_change,
    types_of,
    unwrap,
)
from .pointers import Unresolvable, follow

_PATH_PARAMETER = re.compile(r"\{[^}]*\}")

Schema = dict[str, t.Any]
#: Where a branch of ``anyOf``/``oneOf`` breaks clients: keyword, rule.
REQUEST_BRANCHES = (("anyOf", "request-any-of-removed"), ("oneOf", "request-one-of-removed"))
RESPONSE_BRANCHES = (("anyOf", "response-any-of-added"), ("oneOf", "response-one-of-added"))
Report = t.Callable[[str, str, str], None]


def path_key(path: str) -> str:
    """Return *path* with its parameter names erased: renaming a parameter breaks nothing."""
    return _PATH_PARAMETER.sub("{}", path)


class Document:
    """An OpenAPI document whose local ``$ref`` are followed on demand."""

    def __init__(self, document: dict[str, t.Any]) -> None:
        self.document = document

    def resolve(self, node: t.Any) -> t.Any:
        """Return *node*, or what its ``$ref`` (and theirs) point to; ``None`` if nowhere."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return None
            seen.add(ref)
            try:
                node = follow(self.document, ref)
            except Unresolvable:
                return None
        return node

    def paths(self) -> dict[str, tuple[str, dict[str, t.Any]]]:
        """Return the path items by :func:`path_key`, with their written path."""
        return {
            path_key(path): (path, self.resolve(item) or {})
            for path, item in (self.document.get("paths") or {}).items()
        }

    def webhooks(self) -> dict[str, dict[str, t.Any]]:
        """Return the webhook path items (OpenAPI 3.1), by name."""
        return {
            str(name): self.resolve(item) or {}
            for name, item in (self.document.get("webhooks") or {}).items()
        }

    def parameters(
        self, path: str, item: dict[str, t.Any], operation: dict[str, t.Any]
    ) -> dict[tuple[str, str], dict[str, t.Any]]:
        """Return the parameters of *operation*, path-level ones included, by location and name.

        Path parameters are keyed by position (renaming them breaks nothing) and
        header names in lower case (HTTP ignores their case).
        """
        names = [match[1:-1] for match in _PATH_PARAMETER.findall(path)]
        parameters: dict[tuple[str, str], dict[str, t.Any]] = {}
        for raw in [*item.get("parameters", ()), *operation.get("parameters", ())]:
            parameter = self.resolve(raw)
            if not isinstance(parameter, dict):
                continue
            location, name = parameter.get("in", ""), str(parameter.get("name", ""))
            if location == "path" and name in names:
                name = f"#{names.index(name)}"
            elif location == "header":
                name = name.lower()
            parameters[(location, name)] = parameter
        return parameters

    def security(self, operation: dict[str, t.Any]) -> list[dict[str, list[str]]]:
        """Return the security requirements that apply to *operation*."""
        requirements = operation.get("security", self.document.get("security"))
        return list(requirements or [])


class SchemaComparison:
    """Compares what clients send and receive, reporting each change through *report*.

    :param report: called with a rule id, where, and what changed.
    """

    def __init__(self, old: Document, new: Document, report: Report) -> None:
        self.old = old
        self.new = new
        self.report = report

    def request_schema(
        self,
        where: str,
        label: str,
        old: t.Any,
        new: t.Any,
        seen: set[tuple[int, int]],
        *,
        parameter: bool = False,
    ) -> None:
        """Compare what the client sends: narrowing and new requirements break it."""
        old_node, new_node = self.old.resolve(old), self.new.resolve(new)
        if not first_visit(seen, old_node, new_node):
            return
        old_schema, new_schema = flatten(self.old, old), flatten(self.new, new)
        if old_schema is None or new_schema is None:
            return
        old_types, new_types = types_of(old_schema), types_of(new_schema)
        if new_types is not None and not covers(new_types, old_types):
            self.report(
                "request-type-narrowed",
                where,
                f"{label}: type narrowed from {show(old_types)} to {show(new_types)}",
            )
        elif not format_covers(new_schema, old_schema):
            what = f"{label}: {show_format_change(old_schema, new_schema)}"
            self.report("request-format-narrowed", where, what)
        self.request_values(where, label, old_schema, new_schema, parameter=parameter)
        if not self.first_walk(seen, old_node, new_node):
            return
        old_properties = old_schema.get("properties") or {}
        new_properties = new_schema.get("properties") or {}
        sent = {
            name for name, prop in old_properties.items() if not flag(self.old, prop, "readOnly")
        }
        old_required = set(old_schema.get("required") or ())
        for name in sorted(set(new_schema.get("required") or ()) - old_required):
            if name in sent:
                self.report(
                    "request-property-became-required",
                    where,
                    f"{label}: field {name!r} is now required",
                )
            elif name not in old_properties:
                self.report(
                    "new-required-request-property",
                    where,
                    f"{label}: field {name!r} is new and required",
                )
        refused = new_schema.get("additionalProperties") is False
        for name in sorted(sent - set(new_properties)):
            if refused:
                what = f"{label}: field {name!r} was removed and is now refused"
                self.report("request-property-removed-refused", where, what)
            else:
                self.report(
                    "request-property-removed", where, f"{label}: field {name!r} was removed"
                )
        for name in sorted(sent & set(new_properties)):
            if not flag(self.new, new_properties[name], "readOnly"):
                self.request_schema(
                    where,
                    f"{label} field {name!r}",
                    old_properties[name],
                    new_properties[name],
                    seen,
                )
        if isinstance(old_schema.get("items"), dict) and isinstance(new_schema.get("items"), dict):
            self.request_schema(
                where, f"{label} items", old_schema["items"], new_schema["items"], seen
            )
        for keyword, rule in REQUEST_BRANCHES:
            old_branches, new_branches = (
                branches(old_schema, keyword),
                branches(new_schema, keyword),
            )
            if old_branches is None or new_branches is None:
                continue
            pairs, removed = match_branches(old_branches, new_branches)
            for branch in removed:
                what = f"{label}: {keyword} branch {branch_name(branch)} was removed"
                self.report(rule, where, what)
            for before, after in pairs:
                branch_label = f"{label} {keyword} {branch_name(before)}"
                self.request_schema(where, branch_label, before, after, seen)

    def first_walk(self, seen: set[tuple[int, int]], old: t.Any, new: t.Any) -> bool:
        """Whether the fields behind nullable wrappers *old*, *new* are still to compare.

        So a schema reached both through a nullable ``anyOf`` and a plain
        ``$ref`` (a recursive ``allow_none`` field) is walked once.
        """
        old_inner, new_inner = unwrap(self.old, old), unwrap(self.new, new)
        if old_inner is old and new_inner is new:
            return True
        return first_visit(seen, old_inner, new_inner)

    def request_values(
        self, where: str, label: str, old: Schema, new: Schema, *, parameter: bool
    ) -> None:
        """Compare the values a request field takes: enum, pattern, bounds, default."""
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if isinstance(new_enum, list):
            if not isinstance(old_enum, list):
                self.report("request-enum-added", where, f"{label}: now limited to {new_enum!r}")
            else:
                removed = [value for value in old_enum if value not in new_enum]
                if removed:
                    self.report(
                        "request-enum-value-removed", where, f"{label}: values {removed!r} removed"
                    )
        old_pattern, new_pattern = old.get("pattern"), new.get("pattern")
        if new_pattern is not None and old_pattern is None:
            self.report("request-pattern-added", where, f"{label}: must now match {new_pattern!r}")
        elif new_pattern is not None and new_pattern != old_pattern:
            what = f"{label}: pattern {old_pattern!r} became {new_pattern!r}"
            self.report("request-pattern-changed", where, what)
        for keyword, rule, larger_narrows in REQUEST_BOUNDS:
            before, after = number(old.get(keyword)), number(new.get(keyword))
            if after is None:
                continue
            if before is None:
                self.report(rule, where, f"{label}: {keyword} set to {after}")
            elif (after > before) if larger_narrows else (after < before):
                self.report(rule, where, f"{label}: {keyword} went from {before} to {after}")
        if old.get("default") != new.get("default") or ("default" in old) != ("default" in new):
            rule = "parameter-default-changed" if parameter else "request-property-default-changed"
            what = f"{label}: default {show_default(old)} became {show_default(new)}"
            self.report(rule, where, what)

    def response_schema(
        self, where: str, label: str, old: t.Any, new: t.Any, seen: set[tuple[int, int]]
    ) -> None:
        """Compare what the client receives: new types, values and missing fields break it."""
        old_node, new_node = self.old.resolve(old), self.new.resolve(new)
        if not first_visit(seen, old_node, new_node):
            return
        old_schema, new_schema = flatten(self.old, old), flatten(self.new, new)
        if old_schema is None or new_schema is None:
            return
        old_types, new_types = types_of(old_schema), types_of(new_schema)
        if old_types is not None and not covers(old_types, new_types):
            self.report(
                "response-type-changed",
                where,
                f"{label}: type changed from {show(old_types)} to {show(new_types)}",
            )
        elif not format_covers(old_schema, new_schema):
            what = f"{label}: {show_format_change(old_schema, new_schema)}"
            self.report("response-format-changed", where, what)
        old_enum, new_enum = old_schema.get("enum"), new_schema.get("enum")
        if isinstance(old_enum, list):
            added = (
                [v for v in new_enum if v not in old_enum] if isinstance(new_enum, list) else None
            )
            if added is None or added:
                what = f"values {added!r} added" if added else "no longer limited to its values"
                self.report("response-enum-value-added", where, f"{label}: {what}")
        for keyword, rule, larger_widens in RESPONSE_BOUNDS:
            before, after = number(old_schema.get(keyword)), number(new_schema.get(keyword))
            if before is None:
                continue
            if after is None:
                self.report(rule, where, f"{label}: {keyword} {before} was removed")
            elif (after > before) if larger_widens else (after < before):
                self.report(rule, where, f"{label}: {keyword} went from {before} to {after}")
        if not self.first_walk(seen, old_node, new_node):
            return
        old_properties = old_schema.get("properties") or {}
        new_properties = new_schema.get("properties") or {}
        old_required = set(old_schema.get("required") or ())
        new_required = set(new_schema.get("required") or ())
        received = {
            name for name, prop in old_properties.items() if not flag(self.old, prop, "writeOnly")
        }
        for name in sorted(received - set(new_properties)):
            rule = (
                "response-required-property-removed"
                if name in old_required
                else "response-optional-property-removed"
            )
            self.report(rule, where, f"{label}: field {name!r} was removed")
        for name in sorted(received & set(new_properties)):
            if name in old_required and name not in new_required:
                self.report(
                    "response-property-became-optional",
                    where,
                    f"{label}: field {name!r} may now be missing",
                )
            self.response_schema(
                where, f"{label} field {name!r}", old_properties[name], new_properties[name], seen
            )
        if isinstance(old_schema.get("items"), dict) and isinstance(new_schema.get("items"), dict):
            self.response_schema(
                where, f"{label} items", old_schema["items"], new_schema["items"], seen
            )
        for keyword, rule in RESPONSE_BRANCHES:
            old_branches, new_branches = (
                branches(old_schema, keyword),
                branches(new_schema, keyword),
            )
            if old_branches is None or new_branches is None:
                continue
            pairs, added = match_branches(new_branches, old_branches)
            for branch in added:
                self.report(
                    rule, where, f"{label}: {keyword} branch {branch_name(branch)} was added"
                )
            for after, before in pairs:
                branch_label = f"{label} {keyword} {branch_name(before)}"
                self.response_schema(where, branch_label, before, after, seen)


def flag(document: Document, prop: t.Any, name: str) -> bool:
    """Whether the property schema *prop* (or what it refers to) is ``readOnly``/``writeOnly``."""
    if isinstance(prop, dict) and prop.get(name):
        return True
    resolved = document.resolve(prop)
    return isinstance(resolved, dict) and bool(resolved.get(name))


def number(value: t.Any) -> int | float | None:
    """Return *value* if it is a number (not a boolean, as 3.0's ``exclusiveMinimum``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def show_default(schema: Schema) -> str:
    """Return the default of *schema* for a message."""
    return repr(schema["default"]) if "default" in schema else "(none)"


def first_visit(seen: set[tuple[int, int]], old: t.Any, new: t.Any) -> bool:
    """Record the pair of schemas *old*, *new*; whether it was new (recursive schemas end)."""
    pair = (id(old), id(new))
    if pair in seen:
        return False
    seen.add(pair)
    return True

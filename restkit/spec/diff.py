"""Breaking changes between two OpenAPI documents: what would break a client of the old one."""

from __future__ import annotations

import dataclasses
import typing as t

from .diff_rules import ERROR, RULES
from .diff_schemas import Document, SchemaComparison
from .diff_types import covers, flatten, format_covers, show, show_format_change, types_of
from .pointers import dangling_refs

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


@dataclasses.dataclass(frozen=True)
class Change:
    """One reported change: which rule, where, and what changed."""

    rule: str
    where: str
    what: str

    @property
    def level(self) -> str:
        """``error`` or ``warning``, from the rule."""
        return RULES[self.rule].level

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.what} [{self.rule}]"

    def to_dict(self) -> dict[str, str]:
        """Return the change as JSON-ready values."""
        return {"rule": self.rule, "level": self.level, "where": self.where, "message": self.what}


def breaking_changes(old: dict[str, t.Any], new: dict[str, t.Any]) -> list[Change]:
    """Return what, in *new*, breaks a client written against *old*.

    See :data:`~restkit.spec.diff_rules.RULES` for every kind of change reported.
    """
    return Comparison(Document(old), Document(new)).changes()


def has_errors(changes: list[Change]) -> bool:
    """Whether one of *changes* is at the ``error`` level."""
    return any(change.level == ERROR for change in changes)


class Comparison:
    """Walks two documents side by side, collecting changes."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old = old
        self.new = new
        self.found: list[Change] = []
        self.schemas = SchemaComparison(old, new, self.report)

    def report(self, rule: str, where: str, what: str) -> None:
        self.found.append(Change(rule, where, what))

    def changes(self) -> list[Change]:
        """Compare every path and operation of the old document with the new one."""
        for side, document in (("old", self.old), ("new", self.new)):
            for where, ref in dangling_refs(document.document):
                self.report("ref-unresolved", f"{side} document", f"{ref} at {where}")
        new_paths = self.new.paths()
        for key, (path, old_item) in self.old.paths().items():
            methods = [method for method in HTTP_METHODS if isinstance(old_item.get(method), dict)]
            if key not in new_paths:
                deprecated = bool(methods) and all(old_item[m].get("deprecated") for m in methods)
                rule = "deprecated-path-removed" if deprecated else "path-removed"
                self.report(rule, path, "the path was removed")
                continue
            new_path, new_item = new_paths[key]
            for method in methods:
                where = f"{method.upper()} {new_path}"
                old_operation = old_item[method]
                new_operation = new_item.get(method)
                if not isinstance(new_operation, dict):
                    deprecated = old_operation.get("deprecated")
                    rule = "deprecated-operation-removed" if deprecated else "operation-removed"
                    self.report(rule, where, "the operation was removed")
                    continue
                self.operation(
                    where, (path, old_item, old_operation), (new_path, new_item, new_operation)
                )
        self.webhooks()
        return self.found

    def webhooks(self) -> None:
        """Report each webhook, or webhook operation, that is gone.

        What a webhook sends is not compared: the API sends that request and
        its subscribers answer it, so the request and response rules would
        rate each change the wrong way round.
        """
        new_webhooks = self.new.webhooks()
        for name, old_item in self.old.webhooks().items():
            new_item = new_webhooks.get(name)
            if new_item is None:
                self.report("webhook-removed", f"webhook {name}", "the webhook was removed")
                continue
            for method in HTTP_METHODS:
                if isinstance(old_item.get(method), dict) and not isinstance(
                    new_item.get(method), dict
                ):
                    where = f"{method.upper()} webhook {name}"
                    self.report("webhook-removed", where, "the webhook operation was removed")

    def operation(
        self,
        where: str,
        old: tuple[str, dict[str, t.Any], dict[str, t.Any]],
        new: tuple[str, dict[str, t.Any], dict[str, t.Any]],
    ) -> None:
        """Compare one operation: its id, security, parameters, request body, responses."""
        old_operation, new_operation = old[2], new[2]
        old_id, new_id = old_operation.get("operationId"), new_operation.get("operationId")
        if old_id is not None and old_id != new_id:
            what = (
                f"operationId {old_id!r} became {new_id!r}"
                if new_id
                else f"operationId {old_id!r} was removed"
            )
            self.report("operation-id-changed", where, what)
        self.security(where, self.old.security(old_operation), self.new.security(new_operation))
        self.parameters(where, self.old.parameters(*old), self.new.parameters(*new))
        self.request_body(where, old_operation.get("requestBody"), new_operation.get("requestBody"))
        self.responses(
            where, old_operation.get("responses") or {}, new_operation.get("responses") or {}
        )

    def security(
        self, where: str, old: list[dict[str, list[str]]], new: list[dict[str, list[str]]]
    ) -> None:
        old_anonymous = not old or {} in old
        if old_anonymous and not (not new or {} in new):
            self.report("security-required", where, "the operation now needs credentials")
        for requirement in old:
            if requirement and not any(covers_requirement(other, requirement) for other in new):
                schemes = ", ".join(sorted(requirement))
                self.report(
                    "security-requirement-removed",
                    where,
                    f"requirement {schemes} is no longer accepted",
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
                    self.report("new-required-parameter", where, f"new required {label}")
                elif not before.get("required"):
                    self.report("parameter-became-required", where, f"the {label} is now required")
            if before is not None:
                self.schemas.request_schema(
                    where,
                    label,
                    before.get("schema") or {},
                    parameter.get("schema") or {},
                    set(),
                    parameter=True,
                )
        for key, parameter in old.items():
            if key not in new:
                label = f"{key[0]} parameter {parameter.get('name')!r}"
                self.report("parameter-removed", where, f"the {label} was removed")

    def request_body(self, where: str, old_raw: t.Any, new_raw: t.Any) -> None:
        old, new = self.old.resolve(old_raw), self.new.resolve(new_raw)
        if new_raw is None and isinstance(old, dict):
            self.report("request-body-removed", where, "the request body was removed")
        if not isinstance(new, dict):
            return  # none, or a dangling $ref reported once for the document
        if new.get("required") and not isinstance(old, dict):
            self.report("new-required-request-body", where, "a request body is now required")
        elif new.get("required") and not old.get("required"):
            self.report("request-body-became-required", where, "the request body is now required")
        if not isinstance(old, dict):
            return
        new_content = new.get("content") or {}
        for content_type, media in (old.get("content") or {}).items():
            if content_type not in new_content:
                self.report(
                    "request-media-type-removed", where, f"{content_type} is no longer accepted"
                )
                continue
            self.schemas.request_schema(
                where,
                f"{content_type} request body",
                (media or {}).get("schema") or {},
                (new_content[content_type] or {}).get("schema") or {},
                set(),
            )

    def responses(self, where: str, old: dict[str, t.Any], new: dict[str, t.Any]) -> None:
        for code, old_response in old.items():
            if code not in new:
                success = code[:1] in ("2", "3")
                rule = (
                    "response-success-status-removed"
                    if success
                    else "response-error-status-removed"
                )
                self.report(rule, where, f"response {code} was removed")
                continue
            old_resolved, new_resolved = self.old.resolve(old_response), self.new.resolve(new[code])
            if not isinstance(old_resolved, dict) or not isinstance(new_resolved, dict):
                continue  # a dangling $ref, reported once for the document
            self.response_headers(where, code, old_resolved, new_resolved)
            new_content = new_resolved.get("content") or {}
            for content_type, media in (old_resolved.get("content") or {}).items():
                if content_type not in new_content:
                    self.report(
                        "response-media-type-removed",
                        where,
                        f"response {code} no longer sends {content_type}",
                    )
                    continue
                self.schemas.response_schema(
                    where,
                    f"response {code}",
                    (media or {}).get("schema") or {},
                    (new_content[content_type] or {}).get("schema") or {},
                    set(),
                )

    def response_headers(
        self, where: str, code: str, old: dict[str, t.Any], new: dict[str, t.Any]
    ) -> None:
        new_headers = {name.lower(): h for name, h in (new.get("headers") or {}).items()}
        for name, raw in (old.get("headers") or {}).items():
            header = self.old.resolve(raw)
            if not isinstance(header, dict):
                continue
            required = bool(header.get("required"))
            if name.lower() not in new_headers:
                rule = (
                    "response-required-header-removed"
                    if required
                    else "response-optional-header-removed"
                )
                self.report(rule, where, f"response {code} header {name!r} was removed")
                continue
            after = self.new.resolve(new_headers[name.lower()])
            if not isinstance(after, dict):
                continue
            if required and not after.get("required"):
                self.report(
                    "response-header-became-optional",
                    where,
                    f"response {code} header {name!r} may be missing",
                )
            self.response_header_schema(where, f"response {code} header {name!r}", header, after)

    def response_header_schema(
        self, where: str, label: str, old: dict[str, t.Any], new: dict[str, t.Any]
    ) -> None:
        """Report a header whose values may now have a type or format clients do not expect."""
        old_schema, new_schema = (
            flatten(self.old, old.get("schema")),
            flatten(self.new, new.get("schema")),
        )
        if not old_schema or not new_schema:
            return  # no schema (or `content`), or a dangling $ref reported once for the document
        old_types, new_types = types_of(old_schema), types_of(new_schema)
        if old_types is not None and not covers(old_types, new_types):
            what = f"{label}: type changed from {show(old_types)} to {show(new_types)}"
            self.report("response-header-type-changed", where, what)
        elif not format_covers(old_schema, new_schema):
            what = f"{label}: {show_format_change(old_schema, new_schema)}"
            self.report("response-header-type-changed", where, what)


def covers_requirement(wide: dict[str, list[str]], narrow: dict[str, list[str]]) -> bool:
    """Whether a client meeting *narrow* also meets *wide* (same schemes, scopes within)."""
    return set(wide) == set(narrow) and all(
        set(wide[scheme] or ()) <= set(narrow[scheme] or ()) for scheme in wide
    )

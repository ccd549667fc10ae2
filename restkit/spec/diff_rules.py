"""The rules of ``restkit openapi diff``: each kind of change it reports, and how bad it is.

The set follows the breaking-change checks of oasdiff (its ``ERR`` and
``WARN`` checks): an ``error`` breaks clients written against the old
document for certain; a ``warning`` may break some of them.
"""

from __future__ import annotations

import dataclasses

ERROR = "error"
WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class Rule:
    """One kind of change: its id, its level and what it means."""

    id: str
    level: str
    meaning: str


RULES = {
    rule.id: rule
    for rule in (
        Rule("ref-unresolved", ERROR, "a `$ref` points to nothing in the document"),
        Rule("path-removed", ERROR, "a path was removed"),
        Rule(
            "deprecated-path-removed",
            WARNING,
            "a path whose operations were deprecated was removed",
        ),
        Rule("operation-removed", ERROR, "an operation (a method of a path) was removed"),
        Rule("deprecated-operation-removed", WARNING, "a deprecated operation was removed"),
        Rule(
            "webhook-removed",
            ERROR,
            "a webhook (OpenAPI 3.1 `webhooks`), or one of its operations, was removed",
        ),
        Rule(
            "operation-id-changed",
            ERROR,
            "an `operationId` was renamed or removed: generated clients rename their method",
        ),
        Rule(
            "security-required",
            ERROR,
            "an operation that took anonymous requests now needs credentials",
        ),
        Rule(
            "security-requirement-removed",
            ERROR,
            "a way to authenticate (a security requirement, or its scopes) is no longer accepted",
        ),
        Rule("new-required-parameter", ERROR, "a new required parameter"),
        Rule("parameter-became-required", ERROR, "an optional parameter became required"),
        Rule(
            "parameter-removed",
            WARNING,
            "a parameter was removed: the server ignores what old clients send",
        ),
        Rule(
            "parameter-default-changed",
            ERROR,
            "a parameter's default changed, was added or removed",
        ),
        Rule(
            "new-required-request-body",
            ERROR,
            "an operation without a request body now requires one",
        ),
        Rule("request-body-became-required", ERROR, "an optional request body became required"),
        Rule(
            "request-body-removed",
            ERROR,
            "an operation that took a request body, required or optional, no longer does",
        ),
        Rule("request-media-type-removed", ERROR, "a request content type is no longer accepted"),
        Rule("new-required-request-property", ERROR, "a new required request field"),
        Rule(
            "request-property-became-required", ERROR, "an optional request field became required"
        ),
        Rule(
            "request-property-removed-refused",
            ERROR,
            "a request field was removed where unknown fields are refused"
            " (`additionalProperties: false`)",
        ),
        Rule(
            "request-property-removed",
            WARNING,
            "a request field was removed: the server may ignore it",
        ),
        Rule(
            "request-property-default-changed",
            WARNING,
            "a request field's default changed, was added or removed",
        ),
        Rule(
            "request-type-narrowed",
            ERROR,
            "what a client sends accepts fewer types (`number` → `integer`, nullable → not)",
        ),
        Rule(
            "request-format-narrowed",
            ERROR,
            "a parameter or request field gained a `format`, or a different one"
            " (`int32` → `int64` and `float` → `double` only widen)",
        ),
        Rule(
            "request-any-of-removed",
            ERROR,
            "a branch of an `anyOf` clients send was removed",
        ),
        Rule(
            "request-one-of-removed",
            ERROR,
            "a branch of a `oneOf` clients send was removed",
        ),
        Rule(
            "request-enum-added", ERROR, "a parameter or request field is now limited to an `enum`"
        ),
        Rule(
            "request-enum-value-removed",
            ERROR,
            "an `enum` value clients send is no longer accepted",
        ),
        Rule(
            "request-pattern-added",
            ERROR,
            "a `pattern` now constrains a parameter or request field",
        ),
        Rule(
            "request-pattern-changed",
            WARNING,
            "the `pattern` of a parameter or request field changed",
        ),
        Rule(
            "request-maximum-narrowed",
            ERROR,
            "`maximum` or `exclusiveMaximum` was lowered, or set, on what clients send",
        ),
        Rule(
            "request-minimum-narrowed",
            ERROR,
            "`minimum` or `exclusiveMinimum` was raised, or set, on what clients send",
        ),
        Rule(
            "request-max-length-narrowed",
            ERROR,
            "`maxLength` was lowered, or set, on what clients send",
        ),
        Rule(
            "request-min-length-narrowed",
            ERROR,
            "`minLength` was raised, or set, on what clients send",
        ),
        Rule(
            "request-max-items-narrowed",
            ERROR,
            "`maxItems` was lowered, or set, on what clients send",
        ),
        Rule(
            "request-min-items-narrowed",
            ERROR,
            "`minItems` was raised, or set, on what clients send",
        ),
        Rule("response-success-status-removed", ERROR, "a success (2xx, 3xx) response was removed"),
        Rule("response-error-status-removed", WARNING, "an error response was removed"),
        Rule(
            "response-media-type-removed",
            ERROR,
            "a response no longer comes in a content type it had",
        ),
        Rule(
            "response-type-changed",
            ERROR,
            "a response value may now have a type old clients do not expect (nullable included)",
        ),
        Rule(
            "response-format-changed",
            ERROR,
            "a response value lost its `format` or has a different one"
            " (`int32` → `int64` included; `int64` → `int32` only narrows)",
        ),
        Rule("response-one-of-added", ERROR, "a response `oneOf` has a new branch"),
        Rule(
            "response-any-of-added",
            WARNING,
            "a response `anyOf` has a new branch (oasdiff: info)",
        ),
        Rule(
            "response-required-property-removed",
            ERROR,
            "a response field that was always sent was removed",
        ),
        Rule(
            "response-optional-property-removed",
            WARNING,
            "a response field that was sometimes sent was removed",
        ),
        Rule(
            "response-property-became-optional",
            ERROR,
            "a response field that was always sent may now be missing",
        ),
        Rule(
            "response-enum-value-added",
            WARNING,
            "a response value may now be one old clients do not know",
        ),
        Rule("response-maximum-widened", ERROR, "a response `maximum` was raised or removed"),
        Rule("response-minimum-widened", ERROR, "a response `minimum` was lowered or removed"),
        Rule("response-max-length-widened", ERROR, "a response `maxLength` was raised or removed"),
        Rule("response-min-length-widened", ERROR, "a response `minLength` was lowered or removed"),
        Rule("response-min-items-widened", ERROR, "a response `minItems` was lowered or removed"),
        Rule(
            "response-required-header-removed",
            ERROR,
            "a response header that was always sent was removed",
        ),
        Rule(
            "response-optional-header-removed",
            WARNING,
            "a response header that was sometimes sent was removed",
        ),
        Rule(
            "response-header-became-optional",
            ERROR,
            "a response header that was always sent may now be missing",
        ),
        Rule(
            "response-header-type-changed",
            ERROR,
            "a response header may now have a type or `format` old clients do not expect"
            " (nullable included)",
        ),
    )
}

#: Bounds on what clients send: keyword, rule, and whether a larger value narrows.
REQUEST_BOUNDS = (
    ("maximum", "request-maximum-narrowed", False),
    ("exclusiveMaximum", "request-maximum-narrowed", False),
    ("minimum", "request-minimum-narrowed", True),
    ("exclusiveMinimum", "request-minimum-narrowed", True),
    ("maxLength", "request-max-length-narrowed", False),
    ("minLength", "request-min-length-narrowed", True),
    ("maxItems", "request-max-items-narrowed", False),
    ("minItems", "request-min-items-narrowed", True),
)
#: Bounds on what clients receive: keyword, rule, and whether a larger value widens.
RESPONSE_BOUNDS = (
    ("maximum", "response-maximum-widened", True),
    ("exclusiveMaximum", "response-maximum-widened", True),
    ("minimum", "response-minimum-widened", False),
    ("exclusiveMinimum", "response-minimum-widened", False),
    ("maxLength", "response-max-length-widened", True),
    ("minLength", "response-min-length-widened", False),
    ("minItems", "response-min-items-widened", False),
)

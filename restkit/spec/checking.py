"""Response checking: every response compared with what the OpenAPI document says of it.

``API_VALIDATE_RESPONSES`` (on under ``TESTING``) makes the Api check each
response its app sends, so a test suite fails the moment the code and the
document drift apart: an undocumented status code, a media type the document
does not list, a body its schema refuses.
"""

from __future__ import annotations

import copy
import json
import typing as t

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..core.errors import RestkitError
from .operations import DEFAULT_ERROR
from .pointers import escape, follow, pointer

if t.TYPE_CHECKING:
    from ..core.wrappers import Response
    from .document import OpenAPIDocument

#: Where the document lives in the registry schemas are resolved against.
DOCUMENT_URI = "urn:restkit:openapi"
#: Statuses that never carry a body.
BODILESS = frozenset({204, 304})


class ResponseCheckError(RestkitError, AssertionError):
    """A response differs from what the OpenAPI document says it is."""


class ResponseChecker:
    """Checks responses against one Api's document (built on first use, then kept).

    :param document: the Api's OpenAPI document.
    :param checks_unrouted: whether this checker also checks the errors of
        requests that matched no route (404, 405), against the ``default`` error.
    """

    def __init__(self, document: OpenAPIDocument, *, checks_unrouted: bool) -> None:
        self.document = document
        self.checks_unrouted = checks_unrouted
        self._validators: dict[str, jsonschema.protocols.Validator] = {}

    def __repr__(self) -> str:
        return f"<ResponseChecker of {self.document!r}>"

    def check(self, endpoint: str | None, method: str, response: Response) -> None:
        """Raise :class:`ResponseCheckError` when *response* differs from the document.

        :param endpoint: the endpoint that answered, ``None`` when no route matched.
        :param method: the request's HTTP method.
        """
        if endpoint is None:
            responses = self.document.document().get("components", {}).get("responses", {})
            if self.checks_unrouted and response.status_code >= 400 and DEFAULT_ERROR in responses:
                self.check_body(
                    f"{method} (no route)", f"#/components/responses/{DEFAULT_ERROR}", response
                )
            return
        path = self.document.endpoint_paths().get(endpoint)
        if path is None:
            return  # hidden, or another Api's
        item = self.document.document()["paths"].get(path, {})
        name = method.lower()
        if name not in item and method == "HEAD":
            name = "get"
        if name not in item:
            return  # automatic OPTIONS, or HEAD on a route without GET
        where = f"{endpoint} ({method} {path})"
        status = response.status_code
        key = documented_status(item[name].get("responses", {}), status)
        if key is None:
            raise ResponseCheckError(
                f"{where} answered {status}, a status code the document does not list for it: "
                f"document it with @blueprint.alt_response({status}, ...)."
            )
        if method == "HEAD":
            return
        ref = "#" + pointer(("paths", path, name, "responses", key))
        self.check_body(where, ref, response)

    def check_body(self, where: str, response_ref: str, response: Response) -> None:
        """Check the media type and the body of *response* against the response at *ref*."""
        status = response.status_code
        if status in BODILESS or response.is_streamed:
            return
        body = response.get_data()
        response_ref, documented = self.resolved(response_ref)
        content: dict[str, t.Any] = documented.get("content") or {}
        if not body or not content:
            return
        media_type = matching_media_type(content, response.mimetype or "")
        if media_type is None:
            raise ResponseCheckError(
                f"{where} answered {status} with {response.mimetype or 'no media type'}, but the "
                f"document gives {', '.join(content)} for that status."
            )
        if "schema" not in content[media_type] or not is_json(media_type):
            return
        try:
            value = json.loads(body)
        except ValueError as exc:
            raise ResponseCheckError(
                f"{where} answered {status} with a body that is not JSON: {exc}"
            ) from exc
        schema_ref = f"{response_ref}/content/{escape(media_type)}/schema"
        errors = sorted(self.validator(schema_ref).iter_errors(value), key=lambda e: e.path)
        if errors:
            details = "; ".join(f"{field_of(error)}: {error.message}" for error in errors[:5])
            raise ResponseCheckError(
                f"{where} answered {status} with a body its documented schema refuses: {details}"
            )

    def resolved(self, ref: str) -> tuple[str, dict[str, t.Any]]:
        """Return where *ref* leads, following the ``$ref`` it may hold, and what is there."""
        document = self.document.document()
        node = follow(document, ref)
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            node = follow(document, ref)
        return ref, node if isinstance(node, dict) else {}

    def validator(self, schema_ref: str) -> jsonschema.protocols.Validator:
        """Return the validator of the schema at *schema_ref* (built once)."""
        validator = self._validators.get(schema_ref)
        if validator is None:
            validator = self.new_validator(schema_ref)
            self._validators[schema_ref] = validator
        return validator

    def new_validator(self, schema_ref: str) -> jsonschema.protocols.Validator:
        document = self.document.document()
        if str(document.get("openapi", "")).startswith("3.0."):
            document = as_json_schema_2020(document)
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        registry: Registry[t.Any] = Registry().with_resource(DOCUMENT_URI, resource)
        return jsonschema.Draft202012Validator(
            {"$ref": DOCUMENT_URI + schema_ref},
            registry=registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )


def documented_status(responses: dict[str, t.Any], status: int) -> str | None:
    """Return the key of *responses* documenting *status*, or ``None``.

    The exact code wins, then its range (``4XX``); ``default`` stands for error
    statuses only, since restkit documents every error under it.
    """
    for key in (str(status), f"{status // 100}XX"):
        if key in responses:
            return key
    if status >= 400 and "default" in responses:
        return "default"
    return None


def matching_media_type(content: dict[str, t.Any], mimetype: str) -> str | None:
    """Return the key of *content* that *mimetype* matches (``*/*``, ``type/*`` included)."""
    if mimetype in content:
        return mimetype
    family = mimetype.partition("/")[0]
    for candidate in (f"{family}/*", "*/*"):
        if candidate in content:
            return candidate
    return None


def is_json(media_type: str) -> bool:
    """Whether *media_type* is JSON (``application/json``, ``application/problem+json``...)."""
    return media_type == "application/json" or media_type.endswith("+json")


def field_of(error: jsonschema.ValidationError) -> str:
    """Name the field an error is about: ``field 'pets[0].name'``, or ``the body``."""
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f"field {path.lstrip('.')!r}" if path else "the body"


def as_json_schema_2020(document: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return a copy of an OpenAPI 3.0 document whose schemas read as JSON Schema 2020-12.

    OpenAPI 3.0's ``nullable: true`` becomes a ``"null"`` type, and its boolean
    ``exclusiveMinimum`` / ``exclusiveMaximum`` the numbers they qualify.
    """
    result = copy.deepcopy(document)

    def convert(node: t.Any) -> None:
        if isinstance(node, list):
            for item in node:
                convert(item)
            return
        if not isinstance(node, dict):
            return
        if node.pop("nullable", False) is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        for bound, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            if node.get(flag) is True and bound in node:
                node[flag] = node.pop(bound)
            elif node.get(flag) is False:
                del node[flag]
        for key, value in node.items():
            if key not in ("example", "examples", "default", "enum"):
                convert(value)

    convert(result)
    return result

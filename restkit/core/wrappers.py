"""The request and response objects: werkzeug's, plus what a routed app knows."""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

if t.TYPE_CHECKING:
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import Rule


class Request(WerkzeugRequest):
    """The incoming request, with the routing result attached.

    ``url_rule``, ``view_args`` and ``routing_exception`` are filled in when the
    request context matches the URL.
    """

    max_form_memory_size: int | None = 500_000
    max_form_parts: int | None = 1_000  # type: ignore[assignment]
    #: The app's JSON provider (anything with ``loads``), set per request.
    json_module: t.Any = WerkzeugRequest.json_module
    url_rule: Rule | None = None
    view_args: dict[str, t.Any] | None = None
    routing_exception: HTTPException | None = None

    @property
    def endpoint(self) -> str | None:
        """The endpoint the URL matched, or ``None``."""
        return self.url_rule.endpoint if self.url_rule is not None else None

    @property
    def blueprint(self) -> str | None:
        """The dotted name of the blueprint that owns the endpoint, or ``None``."""
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self) -> list[str]:
        """The current blueprint and its parents, innermost first."""
        name = self.blueprint
        if name is None:
            return []
        parts = name.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Turn a JSON decoding failure into a 400 that says what was wrong."""
        if e is None:  # pragma: no cover - werkzeug passes None only for non-JSON types
            return super().on_json_loading_failed(e)
        raise BadRequest(f"The request body is not valid JSON: {e}") from e


class Response(WerkzeugResponse):
    """The outgoing response. Strings default to ``text/html``, as in Flask."""

    default_mimetype = "text/html"

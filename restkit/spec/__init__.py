"""OpenAPI: the document built from the app's routes, its docs pages and commands."""

from __future__ import annotations

from .document import OpenAPIDocument, documents_of
from .events import callback, event_path_item
from .serving import register_spec_routes

__all__ = [
    "OpenAPIDocument",
    "callback",
    "documents_of",
    "event_path_item",
    "register_spec_routes",
]

"""OpenAPI: the document built from the app's routes, its docs pages and commands."""

from __future__ import annotations

from .builder import check_error_responses
from .checking import ResponseChecker, ResponseCheckError
from .document import OpenAPIDocument, documents_of
from .events import callback, event_path_item
from .operation_ids import OperationRoute, endpoint_operation_id, readable_operation_id
from .pages import REDOC_CDN, SCALAR_CDN
from .serving import register_spec_routes

__all__ = [
    "REDOC_CDN",
    "SCALAR_CDN",
    "OpenAPIDocument",
    "OperationRoute",
    "ResponseCheckError",
    "ResponseChecker",
    "callback",
    "check_error_responses",
    "documents_of",
    "endpoint_operation_id",
    "event_path_item",
    "readable_operation_id",
    "register_spec_routes",
]

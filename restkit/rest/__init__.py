"""The REST layer: resources, validated arguments, dumped responses, problem errors."""

from __future__ import annotations

from .blueprint import Blueprint
from .compiler import STAGES, compile_view
from .errors import ErrorHandler, HTTPError, ProblemSchema, abort, error_class
from .idempotency_key import idempotency_key
from .operation import Argument, Operation, ResponseDoc, operation_of
from .pagination import CursorPage, CursorParameters, Page, Pagination, PaginationParameters
from .pipeline import Call, Stage, StageSetup
from .schemas import JSONSchema

__all__ = [
    "STAGES",
    "Argument",
    "Blueprint",
    "Call",
    "CursorPage",
    "CursorParameters",
    "ErrorHandler",
    "HTTPError",
    "JSONSchema",
    "Operation",
    "Page",
    "Pagination",
    "PaginationParameters",
    "ProblemSchema",
    "ResponseDoc",
    "Stage",
    "StageSetup",
    "abort",
    "compile_view",
    "error_class",
    "idempotency_key",
    "operation_of",
]

"""The REST layer: resources, validated arguments, dumped responses, problem errors."""

from __future__ import annotations

from .blueprint import Blueprint
from .compiler import compile_app
from .endpoint import RestEndpoint
from .errors import ErrorHandler, HTTPError, ProblemSchema, abort, error_class
from .operation import Argument, Operation, ResponseDoc, operation_of
from .schemas import JSONSchema

__all__ = [
    "Argument",
    "Blueprint",
    "ErrorHandler",
    "HTTPError",
    "JSONSchema",
    "Operation",
    "ProblemSchema",
    "ResponseDoc",
    "RestEndpoint",
    "abort",
    "compile_app",
    "error_class",
    "operation_of",
]

"""The REST layer: resources, validated arguments, dumped responses, problem errors."""

from __future__ import annotations

from .blueprint import Blueprint
from .compiler import STAGES, compile_view
from .errors import ErrorHandler, HTTPError, ProblemSchema, abort, error_class
from .operation import Argument, Operation, ResponseDoc, operation_of
from .pipeline import Call, Stage, StageSetup
from .schemas import JSONSchema

__all__ = [
    "STAGES",
    "Argument",
    "Blueprint",
    "Call",
    "ErrorHandler",
    "HTTPError",
    "JSONSchema",
    "Operation",
    "ProblemSchema",
    "ResponseDoc",
    "Stage",
    "StageSetup",
    "abort",
    "compile_view",
    "error_class",
    "operation_of",
]

"""Check a document against the official OpenAPI schema of its version; one problem per line."""

from __future__ import annotations

import typing as t

from referencing.exceptions import Unresolvable

from .pointers import dangling_refs, pointer

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class Problem(t.NamedTuple):
    """One thing wrong with a document: where (a JSON pointer) and what."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def spec_validators() -> dict[str, Callable[[dict[str, t.Any]], t.Any]]:
    """Return openapi-spec-validator's validator classes, by ``major.minor`` version.

    :raises ImportError: when openapi-spec-validator (a test dependency) is missing.
    """
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    return {
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }


def document_problems(document: dict[str, t.Any]) -> list[Problem]:
    """Return every problem of *document*: dangling ``$ref`` first, then schema errors.

    The schema is the official JSON Schema of the document's OpenAPI version
    (3.0, 3.1 or 3.2), as openapi-spec-validator ships it.
    """
    problems = [
        Problem(where, f"$ref {ref!r} points to nothing in the document")
        for where, ref in dangling_refs(document)
    ]
    version = str(document.get("openapi", ""))
    validators = spec_validators()
    validator_class = validators.get(".".join(version.split(".")[:2]))
    if validator_class is None:
        supported = ", ".join(f"{name}.x" for name in validators)
        problems.append(
            Problem("/openapi", f"OpenAPI version {version!r} is not one of {supported}")
        )
        return problems
    problems.extend(schema_problems(validator_class(document).iter_errors()))
    return problems


def schema_problems(errors: Iterator[t.Any]) -> Iterator[Problem]:
    """Yield the validator's errors as problems, until a dangling ``$ref`` stops it."""
    try:
        for error in errors:
            message = str(error.message).splitlines()[0]
            yield Problem(pointer(error.absolute_path), message)
    except Unresolvable:
        return  # already reported as a dangling $ref

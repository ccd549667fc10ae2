"""JSON pointers in an OpenAPI document: writing them, following them, finding dangling ``$ref``."""

from __future__ import annotations

import typing as t

#: Keys whose values are data, not parts of the document's structure.
DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


class Unresolvable(LookupError):
    """A ``$ref`` that points nowhere in the document."""


def escape(part: str | int) -> str:
    """Return one reference token, escaped (``/`` → ``~1``, ``~`` → ``~0``)."""
    return str(part).replace("~", "~0").replace("/", "~1")


def pointer(parts: t.Iterable[str | int]) -> str:
    """Return the JSON pointer of a path of keys and indexes: ``/paths/~1pets/get``."""
    return "".join("/" + escape(part) for part in parts)


def follow(document: t.Any, ref: str) -> t.Any:
    """Return the node a local ``$ref`` (``#/components/...``) points to.

    :raises Unresolvable: when the reference is not local or leads nowhere.
    """
    if ref == "#":
        return document
    if not ref.startswith("#/"):
        raise Unresolvable(f"{ref!r} is not a reference inside the document")
    node = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise Unresolvable(f"{ref!r} points to nothing: there is no {part!r} on the way")
    return node


def dangling_refs(document: dict[str, t.Any]) -> list[tuple[str, str]]:
    """Return ``(pointer of the $ref, the ref)`` for every local ``$ref`` that leads nowhere."""
    found: list[tuple[str, str]] = []

    def visit(node: t.Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                try:
                    follow(document, ref)
                except Unresolvable:
                    found.append((pointer((*path, "$ref")), ref))
            for key, value in node.items():
                if key not in DATA_KEYS:
                    visit(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, (*path, index))

    visit(document, ())
    return found

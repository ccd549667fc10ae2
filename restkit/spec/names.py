"""Schema component names: short, stable, and never shared by two different schemas."""

from __future__ import annotations

import typing as t

from apispec.ext.marshmallow.common import make_schema_key, resolve_schema_instance
from marshmallow import Schema

#: The class name ``Schema.from_dict`` gives the schemas it makes.
GENERATED_NAME = "GeneratedSchema"


class ComponentNames:
    """The ``schema_name_resolver`` of one document build.

    A schema is named after its class without the ``Schema`` suffix. When another
    class already holds that name, the name is qualified by the class's module
    (``examples.notes.v2.Note``). The same class loaded with other modifiers
    (``only``, ``exclude``, ``partial``...) gets a numbered name (``Pet2``).
    Schemas made from a dict of fields are inlined rather than named.
    """

    def __init__(self) -> None:
        self.by_key: dict[tuple[t.Any, ...], str] = {}
        self.owners: dict[str, type[Schema]] = {}

    def __call__(self, schema: type[Schema] | Schema | str) -> str:
        instance = resolve_schema_instance(schema)
        key = make_schema_key(instance)
        name = self.by_key.get(key)
        if name is not None:
            return name
        cls = type(instance)
        if cls.__name__ == GENERATED_NAME:
            return ""
        base = cls.__name__.removesuffix("Schema") or cls.__name__
        if self.owners.get(base, cls) is not cls:
            base = f"{cls.__module__}.{base}"
        name, number = base, 1
        while name in self.owners:
            number += 1
            name = f"{base}{number}"
        self.by_key[key] = name
        self.owners[name] = cls
        return name

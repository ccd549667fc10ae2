"""Compile a schema's load and dump once, or say why marshmallow keeps running them."""

from __future__ import annotations

import dataclasses
import typing as t

from marshmallow import ValidationError

from .analysis import dump_refusal, load_refusal
from .schema_dumper import compile_dump
from .schema_loader import compile_collect

if t.TYPE_CHECKING:
    from marshmallow import Schema
    from marshmallow.types import UnknownOption


@dataclasses.dataclass(frozen=True)
class Compiled:
    """What the compiler made of a schema's load or dump.

    ``function`` is what to call: the generated function when the schema compiled,
    else the schema's own ``load``/``dump``. Either way it returns, raises and
    reports exactly what marshmallow does.
    """

    function: t.Callable[[t.Any], t.Any]
    #: The generated source (nested schemas included), or ``None``.
    source: str | None
    #: Why marshmallow runs this schema itself, or ``None`` when it compiled.
    fallback: str | None

    @property
    def compiled(self) -> bool:
        """Whether the generated function runs (rather than marshmallow)."""
        return self.fallback is None


def compile_loader(schema: Schema, *, unknown: UnknownOption | None = None) -> Compiled:
    """Compile ``schema.load(data, unknown=unknown)`` into one function of *data*.

    The function returns the same data as marshmallow and raises the same
    ``ValidationError`` (same messages, in the same order, same ``data`` and
    ``valid_data``) — it is equivalent for every input, not only valid ones.
    Schemas with hooks or overridden ``Schema`` methods are not compiled:
    ``function`` is then the schema's own ``load``.
    """
    policy = schema.unknown if unknown is None else unknown
    refusal = load_refusal(schema, unknown=policy, partial=schema.partial)
    if refusal is not None:
        if unknown is None:
            return Compiled(schema.load, None, refusal)
        return Compiled(lambda data: schema.load(data, unknown=unknown), None, refusal)
    collect, source = compile_collect(schema, unknown=policy)

    def load(data: t.Any) -> t.Any:
        result, errors = collect(data)
        if errors:
            raise ValidationError(errors, data=data, valid_data=result)
        return result

    return Compiled(load, source, None)


def compile_dumper(schema: Schema) -> Compiled:
    """Compile ``schema.dump(obj)`` into one function of *obj*.

    The function returns what marshmallow returns (same keys, in the same order,
    same values) and raises what it raises, for dicts and for objects read by
    attribute alike. Schemas with dump hooks or overridden ``Schema`` methods are
    not compiled: ``function`` is then the schema's own ``dump``.
    """
    refusal = dump_refusal(schema)
    if refusal is not None:
        return Compiled(schema.dump, None, refusal)
    dump, source = compile_dump(schema)
    return Compiled(dump, source, None)

"""Write the load code of one field: marshmallow's ``Field.deserialize``, one type at a time.

The code tests the raw value ``v`` against exact types. Each branch does what the
field's ``deserialize`` does for values of that type — same result, same message,
same exception; values of any other type, and every field the compiler does not
know, go to the field's own ``deserialize``.
"""

from __future__ import annotations

import typing as t

from marshmallow import fields

from ..strict import TypeCheck
from .analysis import constant_message, is_builtin
from .branches import Branches, fail_or_delegate
from .container_loaders import CONTAINERS
from .scalar_loaders import SCALARS

if t.TYPE_CHECKING:
    from .sinks import Sink
    from .source import Function

#: The fields whose load the compiler writes, and the function writing each.
LOADERS = {**SCALARS, **CONTAINERS}


class Builder(t.Protocol):
    """What field code needs from the schema being compiled."""

    def value_function(self, field: fields.Field[t.Any], partial: t.Any) -> str:
        """Return the name of a function loading one value with *field*, as its container does."""

    def nested(self, field: fields.Nested, partial: t.Any) -> str | None:
        """Return the name of the compiled load of *field*'s schema, if it compiles."""


def emit_load(
    code: Function,
    builder: Builder,
    field: fields.Field[t.Any],
    sink: Sink,
    *,
    may_be_missing: bool,
) -> None:
    """Write the code loading the raw value ``v`` with *field* into *sink*."""
    handler = LOADERS.get(type(field))
    checks = [check for check in field.pre_load if type(check) is TypeCheck]
    if handler is None or not is_builtin(field, LOADERS) or len(checks) != len(field.pre_load):
        Branches(code, sink, []).close()
        return
    branches = Branches(code, sink, checks)
    if may_be_missing:
        with branches.case("v is MISSING", ()):
            sink.delegate(code, "v")
    with branches.case("v is None", ()):
        if field.allow_none:
            sink.store(code, "None")
        else:
            fail_or_delegate(code, sink, constant_message(field, "null"))
    handler(code, builder, field, branches)
    branches.close()

"""Write a schema's load functions: marshmallow's ``Schema.load`` for one schema, unrolled."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from marshmallow import EXCLUDE, INCLUDE, RAISE, ValidationError, fields, missing
from marshmallow.exceptions import RegistryError
from marshmallow.utils import is_sequence_but_not_string, set_value

from .analysis import (
    NOT_PASSED,
    constant_message,
    is_builtin,
    key_of,
    load_refusal,
    may_skip,
    partial_for,
)
from .field_loaders import LOADERS, emit_load
from .sinks import DottedKeySink, KeySink, ReturnSink, deserialize_into, plain_copy
from .source import Function, Module, comment

if t.TYPE_CHECKING:
    from marshmallow import Schema

#: A compiled load that reports instead of raising: ``(result, errors)``.
Collect = t.Callable[[t.Any], tuple[t.Any, t.Any]]
PRELUDE = {
    "MISSING": missing,
    "ValidationError": ValidationError,
    "set_value": set_value,
    "plain_copy": plain_copy,
    "deserialize_into": deserialize_into,
}


class Session:
    """One compilation: the modules written so far, and the schemas being written."""

    def __init__(self) -> None:
        self.modules: list[Module] = []
        self.active: set[type] = set()

    def collect(self, schema: Schema, *, unknown: str, partial: t.Any) -> Collect | None:
        """Return the compiled load of *schema* as a ``(result, errors)`` function, if it compiles.

        A schema nested in itself is compiled one level at a time, when first used.
        """
        if load_refusal(schema, unknown=unknown, partial=partial) is not None:
            return None
        if type(schema) in self.active:
            return Deferred(schema, unknown, partial)
        return self.build(schema, unknown=unknown, partial=partial)

    def build(self, schema: Schema, *, unknown: str, partial: t.Any) -> Collect:
        """Compile the load of *schema*, known to compile."""
        self.active.add(type(schema))
        try:
            return SchemaLoad(self, schema, unknown=unknown, partial=partial).build()
        finally:
            self.active.discard(type(schema))


class Deferred:
    """A nested schema's compiled load, compiled on its first call."""

    def __init__(self, schema: Schema, unknown: str, partial: t.Any) -> None:
        self.schema = schema
        self.unknown = unknown
        self.partial = partial
        self.compiled: Collect | None = None

    def __call__(self, data: t.Any) -> tuple[t.Any, t.Any]:
        if self.compiled is None:
            compiled = Session().collect(self.schema, unknown=self.unknown, partial=self.partial)
            assert compiled is not None, "checked before deferring"
            self.compiled = compiled
        return self.compiled(data)


class SchemaLoad:
    """Writes the module loading one schema with a given ``unknown`` and ``partial``."""

    def __init__(self, session: Session, schema: Schema, *, unknown: str, partial: t.Any) -> None:
        self.session = session
        self.schema = schema
        self.unknown = unknown
        self.partial = partial
        title = f"load {type(schema).__name__} (unknown={unknown}, partial={partial!r})"
        self.module = Module(title, PRELUDE)
        session.modules.append(self.module)

    def build(self) -> Collect:
        """Write the module, run it and return its ``(result, errors)`` function."""
        item = self._item_function()
        entry = self._many_function(item) if self.schema.many else item
        namespace = self.module.build()
        return t.cast(Collect, namespace[entry])

    def _item_function(self) -> str:
        code = self.module.function("load_item", "data", "Load one object: (result, errors).")
        schema = self.schema
        code("out = {}")
        code("errors = {}")
        mapping = code.bind(Mapping, "Mapping")
        with code.block(f"if type(data) is not dict and not isinstance(data, {mapping}):"):
            code(f"errors['_schema'] = [{code.bind(schema.error_messages['type'], 'message')}]")
            code("return out, errors")
        code("get = data.get")
        for name, field in schema.load_fields.items():
            self._field(code, name, field)
        if self.unknown != EXCLUDE:
            self._unknown_keys(code)
        code("return out, errors")
        return code.name

    def _field(self, code: Function, name: str, field: fields.Field[t.Any]) -> None:
        key = code.literal(key_of(name, field))
        attribute = field.attribute or name
        partial = partial_for(self.partial, name)
        bound_partial = None if partial is NOT_PASSED else code.bind(partial, "partial")
        sink_class = DottedKeySink if "." in attribute else KeySink
        sink = sink_class(
            code.bind(field, "field"),
            partial,
            bound_partial,
            key=key,
            attribute=code.literal(attribute),
        )
        code(f"# {comment(name)}: {type(field).__name__}")
        code(f"v = get({key}, MISSING)")
        with code.block("if v is MISSING:"):
            if may_skip(self.partial, name):
                code("pass")
            elif not is_builtin(field, LOADERS):
                sink.delegate(code, "v")
            elif field.required and type(field) is not fields.Constant:
                message = constant_message(field, "required")
                if message is None:
                    sink.delegate(code, "v")
                else:
                    sink.fail(code, f"[{code.bind(message, 'message')}]")
            elif field.load_default is missing:
                code("pass")
            elif callable(field.load_default):
                sink.delegate(code, "v")
            else:
                sink.store(code, code.bind(field.load_default, "default"))
        with code.block("else:"):
            emit_load(code, self, field, sink, may_be_missing=False)

    def _unknown_keys(self, code: Function) -> None:
        """Write marshmallow's handling of keys no field reads (``RAISE`` or ``INCLUDE``)."""
        known = {key_of(name, field) for name, field in self.schema.load_fields.items()}
        superset = code.bind(known.issuperset, "knows_all")
        extra = f"for key in set(data) - {code.bind(known, 'known')}:"
        with code.block(f"if type(data) is not dict or not {superset}(data):"), code.block(extra):
            if self.unknown == RAISE:
                message = code.bind(self.schema.error_messages["unknown"], "message")
                code(f"errors[key] = [{message}]")
            else:
                assert self.unknown == INCLUDE
                code("out[key] = data[key]")

    def _many_function(self, item: str) -> str:
        code = self.module.function("load_many", "data", "Load a list of objects.")
        sequence = code.bind(is_sequence_but_not_string, "is_sequence")
        with code.block(f"if not {sequence}(data):"):
            message = code.bind(self.schema.error_messages["type"], "message")
            code(f"return [], {{'_schema': [{message}]}}")
        code("result = []")
        code("errors = {}")
        with code.block("for index, each in enumerate(data):"):
            code(f"loaded, failed = {item}(each)")
            code("result.append(loaded)")
            with code.block("if failed:"):
                code("errors[index] = failed")
        code("return result, errors")
        return code.name

    def value_function(self, field: fields.Field[t.Any], partial: t.Any) -> str:
        """Write a function loading one value with *field*, as ``List`` or ``Dict`` do."""
        code = self.module.function("load_value", "v", f"Load one value: {type(field).__name__}.")
        bound_partial = None if partial is NOT_PASSED else code.bind(partial, "partial")
        sink = ReturnSink(code.bind(field, "field"), partial, bound_partial)
        emit_load(code, self, field, sink, may_be_missing=True)
        return code.name

    def nested(self, field: fields.Nested, partial: t.Any) -> str | None:
        """Compile the schema of *field* as ``Nested`` loads it, and return its bound name."""
        try:
            schema = field.schema
        except (RegistryError, ValueError):  # raised again, by marshmallow, when loading
            return None
        unknown = field.unknown if field.unknown is not None else schema.unknown
        effective = schema.partial if partial is NOT_PASSED else partial
        collect = self.session.collect(schema, unknown=unknown, partial=effective)
        return None if collect is None else self.module.bind(collect, "nested")


def compile_collect(schema: Schema, *, unknown: str) -> tuple[Collect, str]:
    """Compile *schema*'s load (known to compile: see ``load_refusal``), with its source."""
    session = Session()
    collect = session.build(schema, unknown=unknown, partial=schema.partial)
    return collect, "\n".join(module.source for module in session.modules)

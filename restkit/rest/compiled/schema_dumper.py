"""Write a schema's dump functions: marshmallow's ``Schema.dump`` for one schema, unrolled."""

from __future__ import annotations

import typing as t

from marshmallow import fields, missing
from marshmallow.exceptions import RegistryError
from marshmallow.utils import get_value

from .analysis import dump_refusal, is_builtin, key_of
from .field_dumpers import value_expression
from .source import Function, Module, comment

if t.TYPE_CHECKING:
    from marshmallow import Schema

Dump = t.Callable[[t.Any], t.Any]
PRELUDE = {"MISSING": missing, "get_value": get_value}
#: How a field's value is read, for each kind of object (marshmallow's ``get_value``):
#: exact dicts by key, objects without ``__getitem__`` by attribute, others through it.
#: Fields that do not read a value from the object (marshmallow calls them with ``None``).
_NOT_READ = (fields.Constant, fields.Method, fields.Function)
FETCHES = (
    ("if type(obj) is dict:", "dict"),
    ("elif not hasattr(obj, '__getitem__'):", "attribute"),
    ("else:", "other"),
)


class Session:
    """One compilation: the modules written so far, and the schemas being written."""

    def __init__(self) -> None:
        self.modules: list[Module] = []
        self.active: set[type] = set()

    def item(self, schema: Schema) -> Dump | None:
        """Return the compiled dump of one object of *schema*, if it compiles.

        A schema nested in itself is compiled one level at a time, when first used.
        """
        if dump_refusal(schema) is not None:
            return None
        if type(schema) in self.active:
            return Deferred(schema)
        return self.build(schema)

    def build(self, schema: Schema) -> Dump:
        """Compile the dump of one object of *schema*, known to compile."""
        self.active.add(type(schema))
        try:
            return SchemaDump(self, schema).build()
        finally:
            self.active.discard(type(schema))


class Deferred:
    """A nested schema's compiled dump, compiled on its first call."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.compiled: Dump | None = None

    def __call__(self, obj: t.Any) -> t.Any:
        if self.compiled is None:
            compiled = Session().item(self.schema)
            assert compiled is not None, "checked before deferring"
            self.compiled = compiled
        return self.compiled(obj)


class SchemaDump:
    """Writes the module dumping one object of one schema."""

    def __init__(self, session: Session, schema: Schema) -> None:
        self.session = session
        self.schema = schema
        self.module = Module(f"dump {type(schema).__name__}", PRELUDE)
        session.modules.append(self.module)

    def build(self) -> Dump:
        """Write the module, run it and return its one-object dump function."""
        code = self.module.function("dump_item", "obj", "Dump one object.")
        self._whole_dict(code)
        code("out = {}")
        for header, fetch in FETCHES:
            with code.block(header):
                if fetch == "dict":
                    code("get = obj.get")
                for name, field in self.schema.dump_fields.items():
                    self._field(code, name, field, fetch)
        code("return out")
        namespace = self.module.build()
        return t.cast(Dump, namespace[code.name])

    def _whole_dict(self, code: Function) -> None:
        """Write the short way for a dict holding every key: read them all, build the result.

        Only for schemas whose fields all have an expression and a plain attribute.
        """
        reads: list[str] = []
        entries: list[str] = []
        for index, (name, field) in enumerate(self.schema.dump_fields.items()):
            key = code.literal(key_of(name, field))
            attribute = field.attribute or name
            if _is_constant(field):
                entries.append(f"{key}: {code.bind(field.constant, 'constant')},")
                continue
            expression = None
            if type(field) not in _NOT_READ and "." not in attribute:
                expression = value_expression(code, self, field, f"v{index}")
            if expression is None:
                return
            reads.append(f"v{index} = obj[{code.literal(attribute)}]")
            entries.append(f"{key}: {expression},")
        if not reads:
            return
        with code.block("if type(obj) is dict:"):
            with code.block("try:"):
                for read in reads:
                    code(read)
            with code.block("except KeyError:"):
                code("pass")
            present = " and ".join(f"{read.split()[0]} is not MISSING" for read in reads)
            with code.block("else:"), code.block(f"if {present}:"):
                code("return {")
                for entry in entries:
                    code(f"    {entry}")
                code("}")

    def _field(self, code: Function, name: str, field: fields.Field[t.Any], fetch: str) -> None:
        key = code.literal(key_of(name, field))
        code(f"# {comment(name)}: {type(field).__name__}")
        if _is_constant(field):
            code(f"out[{key}] = {code.bind(field.constant, 'constant')}")
            return
        expression = None
        if type(field) not in _NOT_READ:
            expression = value_expression(code, self, field, "v")
        if expression is None:
            serialize = f"{code.bind(field, 'field')}.serialize"
            accessor = code.bind(self.schema.get_attribute, "get_attribute")
            code(f"x = {serialize}({code.literal(name)}, obj, accessor={accessor})")
            with code.block("if x is not MISSING:"):
                code(f"out[{key}] = x")
            return
        code(f"v = {_fetch(code, field.attribute or name, fetch)}")
        default = field.dump_default
        if default is not missing:
            bound = code.bind(default, "default")
            with code.block("if v is MISSING:"):
                code(f"v = {bound}()" if callable(default) else f"v = {bound}")
        if default is missing or callable(default):
            with code.block("if v is not MISSING:"):
                code(f"out[{key}] = {expression}")
        else:
            code(f"out[{key}] = {expression}")

    def nested(self, field: fields.Nested) -> str | None:
        """Compile the schema of *field* and return the bound name of its one-object dump."""
        try:
            schema = field.schema
        except (RegistryError, ValueError):  # raised again, by marshmallow, when dumping
            return None
        dump = self.session.item(schema)
        return None if dump is None else self.module.bind(dump, "nested")

    def value_function(self, field: fields.Field[t.Any]) -> str | None:
        """Write a function dumping one value with *field* (a ``Tuple`` item)."""
        code = self.module.function("dump_value", "v", f"Dump one value: {type(field).__name__}.")
        expression = value_expression(code, self, field, "v")
        if expression is None:
            self.module.drop(code)
            return None
        code(f"return {expression}")
        return code.name

    def dict_function(self, field: fields.Dict) -> str | None:
        """Write a function dumping a dict with *field*'s key and value fields."""
        code = self.module.function("dump_dict", "value", "Dump a dict.")
        if field.key_field is None and field.value_field is None:
            code("return dict(value)")
            return code.name
        key = "k"
        if field.key_field is not None:
            key_expression = value_expression(code, self, field.key_field, "k")
            if key_expression is None:
                self.module.drop(code)
                return None
            key = key_expression
        code(f"keys = {{k: {key} for k in value}}")
        code("result = {}")
        if field.value_field is None:
            with code.block("for k, each in value.items():"), code.block("if k in keys:"):
                code("result[keys[k]] = each")
        else:
            each = value_expression(code, self, field.value_field, "each")
            if each is None:
                self.module.drop(code)
                return None
            with code.block("for k, each in value.items():"):
                code(f"result[keys[k]] = {each}")
        code("return result")
        return code.name


def _is_constant(field: fields.Field[t.Any]) -> t.TypeGuard[fields.Constant[t.Any]]:
    """Tell whether *field* always dumps the same value (a ``Constant`` other than ``missing``)."""
    constant = getattr(field, "constant", missing)
    return is_builtin(field, (fields.Constant,)) and constant is not missing


def _fetch(code: Function, attribute: str, fetch: str) -> str:
    """Return the source reading *attribute* from ``obj`` as marshmallow's ``get_value`` does."""
    source = code.literal(attribute)
    if "." in attribute or fetch == "other":
        return f"get_value(obj, {source}, MISSING)"
    if fetch == "attribute":
        return f"getattr(obj, {source}, MISSING)"
    if hasattr(dict, attribute):
        return f"(obj[{source}] if {source} in obj else getattr(obj, {source}, MISSING))"
    return f"get({source}, MISSING)"


def compile_dump(schema: Schema) -> tuple[Dump, str]:
    """Compile ``schema.dump`` (known to compile: see ``dump_refusal``), with its source."""
    session = Session()
    item = session.build(schema)
    source = "\n".join(module.source for module in session.modules)
    if not schema.many:
        return item, source

    def dump_many(obj: t.Any) -> t.Any:
        if obj is None:
            return item(obj)
        return [item(each) for each in obj]

    return dump_many, source

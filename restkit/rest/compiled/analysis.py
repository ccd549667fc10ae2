"""Decide what the compiler may compile: schemas without hooks or overrides, built-in fields."""

from __future__ import annotations

import functools
import inspect
import string
import typing as t

from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema
from marshmallow.decorators import (
    POST_DUMP,
    POST_LOAD,
    PRE_DUMP,
    PRE_LOAD,
    VALIDATES,
    VALIDATES_SCHEMA,
)
from marshmallow.exceptions import SCHEMA
from marshmallow.utils import is_collection

if t.TYPE_CHECKING:
    from marshmallow.fields import Field

#: What a schema class may define besides fields and its own helpers: marshmallow's
#: bookkeeping and options already resolved into the instance when it was built.
PLAIN_SCHEMA_NAMES = frozenset(
    {"Meta", "opts", "_declared_fields", "_hooks", "_abc_impl", "error_messages", "TYPE_MAPPING"}
    | {"set_class", "__init__"}
)
UNKNOWN_POLICIES = frozenset({RAISE, EXCLUDE, INCLUDE})


class NotPassed:
    """The ``partial`` a field receives when the schema passes none."""

    def __repr__(self) -> str:
        return "<not passed>"


NOT_PASSED = NotPassed()


#: The hooks that only run on a load, and those that only run on a dump.
LOAD_HOOKS = frozenset({PRE_LOAD, POST_LOAD, VALIDATES, VALIDATES_SCHEMA})
DUMP_HOOKS = frozenset({PRE_DUMP, POST_DUMP})


def dump_refusal(schema: Schema) -> str | None:
    """Return why *schema*'s dump cannot be compiled, or ``None`` when it can.

    A dump is compiled when marshmallow's ``dump`` would only run the fields: no
    ``pre_dump``/``post_dump`` hooks and no overridden ``Schema`` method (on the
    class or the instance).
    """
    return _hook_refusal(schema, LOAD_HOOKS) or _override_refusal(schema)


def load_refusal(schema: Schema, *, unknown: str, partial: t.Any) -> str | None:
    """Return why *schema*'s load cannot be compiled, or ``None`` when it can.

    A load is compiled when marshmallow's ``load`` would only run the fields: no
    load or validation hooks, no overridden ``Schema`` method, the default error
    indexing, a known ``unknown`` policy, and no two fields reading one key.
    """
    refusal = _hook_refusal(schema, DUMP_HOOKS) or _override_refusal(schema)
    if refusal is not None:
        return refusal
    if schema.opts.index_errors is not True:
        return "Meta.index_errors is off"
    if unknown not in UNKNOWN_POLICIES:
        return f"unknown={unknown!r} is not RAISE, EXCLUDE or INCLUDE"
    if partial is not None and not isinstance(partial, bool) and not _is_stable_collection(partial):
        return f"partial={partial!r} is neither a boolean nor a collection of names"
    keys = [key_of(name, field) for name, field in schema.load_fields.items()]
    if len(set(keys)) != len(keys) or SCHEMA in keys:
        return "two loaded fields read the same key, or one reads '_schema'"
    return None


def _hook_refusal(schema: Schema, harmless: frozenset[str]) -> str | None:
    """Refuse a schema with hooks, except the *harmless* ones (those of the other direction)."""
    hooks = type(schema).resolve_hooks()
    found = sorted(tag for tag, hooked in hooks.items() if hooked and tag not in harmless)
    if found:
        return f"{type(schema).__name__} has hooks ({', '.join(found)})"
    return None


def _override_refusal(schema: Schema) -> str | None:
    classes = type(schema).__mro__
    for klass in classes[: classes.index(Schema)]:
        for name, value in vars(klass).items():
            if name in PLAIN_SCHEMA_NAMES:
                continue
            if hasattr(Schema, name) if not _is_dunder(name) else callable(value):
                return f"{klass.__name__} overrides Schema.{name}"
    for name in vars(schema):
        if inspect.isfunction(getattr(Schema, name, None)):
            return f"the schema instance replaces Schema.{name}"
    return None


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _is_stable_collection(value: t.Any) -> bool:
    """Tell whether *value* is a collection that can be read more than once."""
    return is_collection(value) and iter(value) is not value


def key_of(name: str, field: Field[t.Any]) -> str:
    """Return the key of *field* in the external data (its ``data_key`` or its name)."""
    return field.data_key if field.data_key is not None else name


def is_builtin(field: Field[t.Any], classes: t.Collection[type]) -> bool:
    """Tell whether *field* is exactly one of *classes*, none of its methods replaced."""
    klass: type = type(field)
    return klass in classes and vars(field).keys().isdisjoint(_methods(klass))


@functools.cache
def _methods(klass: type) -> frozenset[str]:
    """Return the names of the functions of *klass* (its methods, inherited ones too)."""
    return frozenset(name for name in dir(klass) if inspect.isfunction(getattr(klass, name)))


def partial_for(partial: t.Any, name: str) -> t.Any:
    """Return the ``partial`` marshmallow passes to the field *name* when loading with *partial*."""
    if partial is not None and not isinstance(partial, bool) and is_collection(partial):
        prefix = name + "."
        return [each[len(prefix) :] for each in partial if each.startswith(prefix)]
    return NOT_PASSED if partial is None else partial


def may_skip(partial: t.Any, name: str) -> bool:
    """Tell whether a missing field *name* is skipped when loading with *partial*."""
    if partial is True:
        return True
    return partial is not None and not isinstance(partial, bool) and name in partial


def constant_message(field: Field[t.Any], key: str, **fixed: t.Any) -> str | None:
    """Return the message ``field.make_error(key, ...)`` always gives, if it never varies.

    It does not vary when the template refers to none of the values that change from
    call to call (only to the *fixed* ones) and formats without error. Otherwise
    ``None``: the generated code then lets the field make the error itself.
    """
    template = field.error_messages.get(key)
    if not isinstance(template, str):
        return None
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _text, name, spec, _conversion in parsed:
        if name is not None and (_root(name) not in fixed or "{" in (spec or "")):
            return None
    try:
        return template.format(**fixed)
    except Exception:  # the field raises the same error at run time: let it
        return None


def _root(name: str) -> str:
    for index, char in enumerate(name):
        if char in ".[":
            return name[:index]
    return name

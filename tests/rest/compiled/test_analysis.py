"""What the compiler agrees to compile, and what it leaves to marshmallow."""

from __future__ import annotations

import typing as t

import pytest
from marshmallow import EXCLUDE, Schema, fields, post_dump, post_load, pre_load, validates
from marshmallow.fields import Field

from restkit.rest.compiled.analysis import (
    NOT_PASSED,
    constant_message,
    dump_refusal,
    is_builtin,
    load_refusal,
    may_skip,
    partial_for,
)


class Plain(Schema):
    name = fields.Str()

    def helper(self) -> str:
        """A method of the user's own: not an override."""
        return "fine"


class Loaded(Plain):
    @post_load
    def build(self, data: dict[str, t.Any], **kwargs: t.Any) -> dict[str, t.Any]:
        return data


class Dumped(Plain):
    @post_dump
    def wrap(self, data: dict[str, t.Any], **kwargs: t.Any) -> dict[str, t.Any]:
        return data


class Validated(Plain):
    @validates("name")
    def check_name(self, value: str, **kwargs: t.Any) -> None:
        """A field validator hook."""


class Prepared(Plain):
    @pre_load
    def prepare(self, data: t.Any, **kwargs: t.Any) -> t.Any:
        return data


class Reader(Plain):
    def get_attribute(self, obj: t.Any, attr: str, default: t.Any) -> t.Any:
        return default


class Unindexed(Plain):
    class Meta:
        index_errors = False


def test_a_plain_schema_compiles_both_ways() -> None:
    assert load_refusal(Plain(), unknown="raise", partial=None) is None
    assert dump_refusal(Plain()) is None


@pytest.mark.parametrize("schema_class", [Loaded, Validated, Prepared], ids=lambda k: k.__name__)
def test_load_hooks_keep_the_load_with_marshmallow_but_not_the_dump(schema_class: type) -> None:
    refusal = load_refusal(schema_class(), unknown="raise", partial=None)

    assert refusal is not None
    assert "hooks" in refusal
    assert dump_refusal(schema_class()) is None


def test_dump_hooks_keep_the_dump_with_marshmallow_but_not_the_load() -> None:
    assert dump_refusal(Dumped()) == "Dumped has hooks (post_dump)"
    assert load_refusal(Dumped(), unknown="raise", partial=None) is None


def test_an_overridden_schema_method_keeps_the_schema_with_marshmallow() -> None:
    assert dump_refusal(Reader()) == "Reader overrides Schema.get_attribute"
    assert load_refusal(Reader(), unknown="raise", partial=None) is not None


def test_a_method_replaced_on_the_instance_keeps_the_schema_with_marshmallow() -> None:
    schema = Plain()
    schema.handle_error = lambda error, data, **kwargs: None  # type: ignore[method-assign]

    assert load_refusal(schema, unknown="raise", partial=None) == (
        "the schema instance replaces Schema.handle_error"
    )


@pytest.mark.parametrize(
    ("schema", "unknown", "partial", "reason"),
    [
        (Unindexed(), "raise", None, "Meta.index_errors is off"),
        (Plain(), "ignore", None, "unknown='ignore' is not RAISE, EXCLUDE or INCLUDE"),
        (Plain(), "raise", iter(["name"]), "is neither a boolean nor a collection of names"),
        (
            Schema.from_dict({"a": fields.Str(), "b": fields.Str(data_key="a", load_only=True)})(),
            "raise",
            None,
            "two loaded fields read the same key",
        ),
        (Schema.from_dict({"_schema": fields.Str()})(), "raise", None, "one reads '_schema'"),
    ],
    ids=["index-errors", "unknown", "partial", "same-key", "schema-key"],
)
def test_loads_marshmallow_handles_differently_are_left_to_it(
    schema: Schema, unknown: str, partial: t.Any, reason: str
) -> None:
    refusal = load_refusal(schema, unknown=unknown, partial=partial)

    assert refusal is not None
    assert reason in refusal


def test_only_exact_built_in_fields_with_their_own_methods_are_built_in() -> None:
    class Shouting(fields.String):
        def _deserialize(self, value: t.Any, attr: t.Any, data: t.Any, **kwargs: t.Any) -> t.Any:
            return str(value).upper()

    patched = fields.String()
    patched.deserialize = lambda *args, **kwargs: "patched"  # type: ignore[method-assign]
    classes = (fields.String, Shouting)

    assert is_builtin(fields.String(), classes)
    assert not is_builtin(fields.Email(), classes)
    assert not is_builtin(patched, classes)
    assert is_builtin(Shouting(), classes)
    assert not is_builtin(Shouting(), (fields.String,))


@pytest.mark.parametrize(
    ("template", "fixed", "expected"),
    [
        ("Not a valid integer.", {}, "Not a valid integer."),
        ("Not a valid {obj_type}.", {"obj_type": "date"}, "Not a valid date."),
        ("Braces {{kept}}.", {}, "Braces {kept}."),
        ("Bad {input}.", {}, None),
        ("Bad {input!r:>{width}}.", {"input": 1}, None),
        ("Bad {0}.", {}, None),
        ("Unbalanced {", {}, None),
        ("Bad {obj_type.missing}.", {"obj_type": "date"}, None),
        (["not", "a", "string"], {}, None),
    ],
    ids=[
        "plain",
        "fixed",
        "escaped",
        "input",
        "nested-spec",
        "positional",
        "broken",
        "raises",
        "list",
    ],
)
def test_a_message_is_constant_only_when_no_call_can_change_it(
    template: t.Any, fixed: dict[str, t.Any], expected: str | None
) -> None:
    field: Field[t.Any] = fields.Raw(error_messages={"custom": template})

    assert constant_message(field, "custom", **fixed) == expected
    assert constant_message(field, "absent") is None


@pytest.mark.parametrize(
    ("partial", "name", "passed", "skipped"),
    [
        (None, "a", NOT_PASSED, False),
        (True, "a", True, True),
        (False, "a", False, False),
        (("a", "b.c", "b.d.e"), "b", ["c", "d.e"], False),
        (("a", "b.c"), "a", [], True),
        ((), "a", [], False),
    ],
    ids=["none", "all", "off", "nested", "named", "empty"],
)
def test_partial_is_passed_and_applied_as_marshmallow_does(
    partial: t.Any, name: str, passed: t.Any, skipped: bool
) -> None:
    assert partial_for(partial, name) == passed
    assert may_skip(partial, name) is skipped


def test_a_lenient_unknown_policy_compiles() -> None:
    assert load_refusal(Plain(), unknown=EXCLUDE, partial=("name",)) is None

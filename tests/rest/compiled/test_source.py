"""Generated source: only our own names and plain identifiers are written into it."""

from __future__ import annotations

import pytest

from restkit.rest.compiled.source import Module, comment


def test_values_reach_the_code_by_name_and_run() -> None:
    module = Module("sample", {"MISSING": None})
    code = module.function("pick", "data", "Pick two values.")
    with code.block("if data is MISSING:"):
        code("return None")
    key, odd = code.literal("name"), code.literal("two words")
    code(f"return data[{key}], data[{odd}], {code.bind([1, 2], 'numbers')}")

    pick = module.build()[code.name]

    assert pick({"name": "a", "two words": "b"}) == ("a", "b", [1, 2])
    assert pick(None) is None
    assert "'name'" in module.source
    assert "two words" not in module.source


@pytest.mark.parametrize("key", ["'); import os #", "a\nb", "ключ", "x y", "", 3, ("a",)], ids=repr)
def test_keys_that_are_not_plain_identifiers_are_bound_not_written(key: object) -> None:
    module = Module("sample", {})

    name = module.literal(key)

    assert module.namespace[name] is key
    assert name.startswith("key_")


def test_one_object_is_bound_once_and_names_never_clash() -> None:
    module = Module("sample", {"MISSING": None})
    value = object()

    first, again, other = module.bind(value, "v"), module.bind(value, "x"), module.bind([], "v")

    assert first == again == "v_0"
    assert other == "v_1"
    assert module.bind(None, "none") == "MISSING"


@pytest.mark.parametrize("hint", ["", "1x", "a-b", "a b", "é"])
def test_name_hints_are_checked(hint: str) -> None:
    with pytest.raises(ValueError, match="not a name hint"):
        Module("sample", {}).name(hint)


def test_a_function_started_for_nothing_is_left_out() -> None:
    module = Module("sample", {})
    kept = module.function("kept", "", "Kept.")
    kept("return 1")
    dropped = module.function("dropped", "", "Dropped.")

    module.drop(dropped)

    assert "dropped" not in module.source
    assert module.build()[kept.name]() == 1


def test_identical_sources_share_one_code_object() -> None:
    functions = []
    for value in (1, 2):
        module = Module("same", {})
        code = module.function("get", "", "Return the value.")
        code(f"return {code.bind(value, 'value')}")
        functions.append(module.build()[code.name])

    assert [function() for function in functions] == [1, 2]
    assert functions[0].__code__ is functions[1].__code__


@pytest.mark.parametrize(
    ("text", "shown"),
    [("Pet", "Pet"), ("load Pet (unknown=raise)", "load Pet (unknown=raise)"), ('x"""', None)],
)
def test_comments_show_plain_words_only(text: str, shown: str | None) -> None:
    assert comment(text) == (shown or "(name not shown)")
    assert comment("a\nimport os") == "(name not shown)"

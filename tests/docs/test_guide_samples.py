"""The guide's samples run: each page's ```python blocks, in order, in one namespace.

A block preceded by ``<!-- test: skip -->`` is not run (for code that cannot
run here); shell sessions are ```console blocks, which are never run. After a
page's blocks, the zero-argument ``test_*`` functions it defined are called,
as pytest would call them. Each block is compiled with the page's path and its
own line numbers, so a failing sample's traceback points into the Markdown.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Guides built around their samples: each has several, with assertions.
PAGES = ("tutorial.md", "arguments.md", "responses.md", "errors.md", "openapi.md")
#: Every page whose samples are run (the Flask migration guide has its own test).
RUNNABLE = (
    *PAGES,
    "json.md",
    "config.md",
    "sessions.md",
    "cli.md",
    "pipeline.md",
    "authentication.md",
)
BLOCK = re.compile(r"(?P<marker><!-- test: skip -->\n)?^```python\n(?P<code>.*?)^```$", re.S | re.M)


class Block(t.NamedTuple):
    line: int
    """The line of the page the code starts on."""
    code: str
    skipped: bool


def blocks_of(page: str) -> list[Block]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return [
        Block(text.count("\n", 0, match.start("code")) + 1, match["code"], bool(match["marker"]))
        for match in BLOCK.finditer(text)
    ]


def run_page(page: str) -> dict[str, t.Any]:
    """Run the page's blocks in order, as the body of one module; return its namespace."""
    # A real module in sys.modules, so dataclasses, pickling and the like work in samples.
    module = types.ModuleType(f"docs_{page.removesuffix('.md')}")
    path = str(ROOT / "docs" / page)
    sys.modules[module.__name__] = module
    try:
        for block in blocks_of(page):
            if not block.skipped:
                # Leading newlines keep the page's line numbers in tracebacks.
                code = compile("\n" * (block.line - 1) + block.code, path, "exec")
                exec(code, vars(module))
    finally:
        del sys.modules[module.__name__]
    return vars(module)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_runnable_samples(page):
    blocks = blocks_of(page)

    assert len([b for b in blocks if not b.skipped]) >= 4
    assert sum("assert " in b.code for b in blocks) >= 2


@pytest.mark.parametrize("page", RUNNABLE)
def test_the_pages_samples_run(page):
    namespace = run_page(page)

    tests = [
        value
        for name, value in namespace.items()
        if name.startswith("test_") and inspect.isfunction(value)
    ]
    for test in tests:
        assert not inspect.signature(test).parameters, f"{test.__name__} takes fixtures"
        test()


def test_blocks_are_found_with_their_line_numbers(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "# Page\n\n```python\nx = 1\n```\n\n<!-- test: skip -->\n```python\nraise SystemExit\n```\n"
        "\n```console\n$ exit 1\n```\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)

    assert blocks_of("page.md") == [
        Block(4, "x = 1\n", False),
        Block(9, "raise SystemExit\n", True),
    ]
    assert run_page("page.md")["x"] == 1

"""The guide's samples run: each page's ```python blocks, in order, in one namespace.

The README's samples run the same way. A block preceded by ``<!-- test: skip:
<why> -->`` is not run (for code that cannot run here, such as a file of a
project another test runs); the reason is required. Shell sessions are
```console blocks, which are never run. After a page's blocks, the
zero-argument ``test_*`` functions it defined are called, as pytest would call
them. Each block is compiled with the page's path and its own line numbers, so
a failing sample's traceback points into the Markdown.
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
#: Every page of the guide and the API reference, by path from the root.
GUIDE = tuple(sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").rglob("*.md")))
#: Guides built around their samples: each has several, with assertions.
PAGES = (
    "docs/tutorial.md",
    "docs/arguments.md",
    "docs/responses.md",
    "docs/errors.md",
    "docs/openapi.md",
    "docs/pagination.md",
)
#: Pages whose samples run in a test of their own.
OWN_TESTS = ("docs/migrating-from-flask.md", "docs/migrating-from-flask-smorest.md")
#: Every page whose samples are run: each page with Python samples, and the README.
RUNNABLE = tuple(
    page
    for page in (*GUIDE, "README.md")
    if page not in OWN_TESTS and "```python" in (ROOT / page).read_text(encoding="utf-8")
)
BLOCK = re.compile(
    r"(?P<marker><!-- test: skip(?:: (?P<reason>[^\n]*?))? -->\n)?^```python\n(?P<code>.*?)^```$",
    re.S | re.M,
)


class Block(t.NamedTuple):
    line: int
    """The line of the page the code starts on."""
    code: str
    skipped: bool
    reason: str | None = None
    """Why a skipped block is not run."""


def blocks_of(page: str) -> list[Block]:
    """Return the Python blocks of *page*, a path from the repository's root."""
    text = (ROOT / page).read_text(encoding="utf-8")
    return [
        Block(
            text.count("\n", 0, match.start("code")) + 1,
            match["code"],
            bool(match["marker"]),
            match["reason"],
        )
        for match in BLOCK.finditer(text)
    ]


def run_page(page: str) -> dict[str, t.Any]:
    """Run the page's blocks in order, as the body of one module; return its namespace."""
    # A real module in sys.modules, so dataclasses, pickling and the like work in samples.
    name = re.sub(r"\W", "_", page.removesuffix(".md"))
    module = types.ModuleType(f"docs_{name}")
    path = str(ROOT / page)
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


@pytest.mark.parametrize("page", [*GUIDE, "README.md"])
def test_every_skipped_sample_says_why(page):
    unexplained = [block.line for block in blocks_of(page) if block.skipped and not block.reason]

    assert not unexplained, (
        f"{page}: the samples on lines {unexplained} are skipped without a reason: run them, "
        "or write why they cannot run here as <!-- test: skip: <why> -->"
    )


def test_the_readme_quick_start_runs():
    assert "README.md" in RUNNABLE
    assert len([block for block in blocks_of("README.md") if not block.skipped]) >= 2


def test_blocks_are_found_with_their_line_numbers(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "# Page\n\n```python\nx = 1\n```\n\n<!-- test: skip: it exits -->\n"
        "```python\nraise SystemExit\n```\n\n<!-- test: skip -->\n```python\ny = 2\n```\n"
        "\n```console\n$ exit 1\n```\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)

    assert blocks_of("docs/page.md") == [
        Block(4, "x = 1\n", False),
        Block(9, "raise SystemExit\n", True, "it exits"),
        Block(14, "y = 2\n", True),
    ]
    assert run_page("docs/page.md")["x"] == 1

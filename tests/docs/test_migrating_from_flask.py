"""The Flask migration guide: its restkit blocks are its Flask blocks renamed, and they run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_python import ROOT, run_python

GUIDE = ROOT / "docs" / "migrating-from-flask.md"
#: A fenced Python block preceded by its marker, ``<!-- test: name -->``.
MARKED_BLOCK = re.compile(r"<!-- test: (?P<name>[\w-]+) -->\n```python\n(?P<code>.*?)\n```", re.S)


def guide_blocks() -> dict[str, str]:
    blocks: dict[str, str] = {}
    for match in MARKED_BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        assert match["name"] not in blocks, f"two blocks are marked {match['name']!r}"
        blocks[match["name"]] = match["code"] + "\n"
    return blocks


def port(flask_code: str) -> str:
    """Apply the only changes the guide promises: the imports, and ``Flask`` -> ``App``."""
    code = re.sub(r"^from flask(\.\w+)? import", r"from restkit\1 import", flask_code, flags=re.M)
    return re.sub(r"\bFlask\b", "App", code)


@pytest.fixture(scope="module")
def blocks() -> dict[str, str]:
    return guide_blocks()


@pytest.fixture
def ported_project(tmp_path: Path, blocks: dict[str, str]) -> Path:
    (tmp_path / "todo.py").write_text(blocks["ported-app"], encoding="utf-8")
    (tmp_path / "test_todo.py").write_text(blocks["ported-tests"], encoding="utf-8")
    return tmp_path


def test_guide_has_every_marked_block(blocks):
    assert set(blocks) == {
        "flask-app",
        "flask-tests",
        "ported-app",
        "ported-tests",
        "with-api",
        "flask-behaviour",
    }


@pytest.mark.parametrize(
    ("flask_block", "ported_block"),
    [
        pytest.param("flask-app", "ported-app", id="app"),
        pytest.param("flask-tests", "ported-tests", id="tests"),
    ],
)
def test_ported_block_only_changes_imports(blocks, flask_block, ported_block):
    flask_code, ported_code = blocks[flask_block], blocks[ported_block]

    assert "from flask import" in flask_code
    assert "flask" not in ported_code.lower()
    assert ported_code == port(flask_code)


def test_ported_app_passes_its_tests(ported_project, blocks):
    result = run_python(["-m", "pytest", "-q", "-p", "no:cacheprovider"], ported_project)

    test_count = len(re.findall(r"^def test_", blocks["ported-tests"], re.M))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{test_count} passed" in result.stdout
    assert test_count >= 5


def test_ported_app_with_an_api(ported_project, blocks):
    (ported_project / "with_api.py").write_text(blocks["with-api"], encoding="utf-8")

    result = run_python(["with_api.py"], ported_project)

    assert result.returncode == 0, result.stdout + result.stderr


def test_flask_behaviour_comes_back_as_the_guide_says(tmp_path, blocks):
    (tmp_path / "flask_behaviour.py").write_text(blocks["flask-behaviour"], encoding="utf-8")

    result = run_python(["flask_behaviour.py"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr

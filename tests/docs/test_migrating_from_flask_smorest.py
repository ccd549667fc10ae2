"""The flask-smorest migration guide: both apps pass the same tests, and the port is as told.

The flask-smorest app runs on flask-smorest itself (a test dependency), the
restkit app on restkit, each in a fresh Python process, each with the guide's
``test_library.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_python import ROOT, run_python

GUIDE = ROOT / "docs" / "migrating-from-flask-smorest.md"
MARKED_BLOCK = re.compile(r"<!-- test: (?P<name>[\w-]+) -->\n```python\n(?P<code>.*?)\n```", re.S)
#: The changes the guide's table promises, in order.
RENAMES = (
    ("from flask import Flask, current_app", "from restkit import App, current_app"),
    ("from flask.views import MethodView", "from restkit import MethodView"),
    (
        "from flask_smorest import Api, Blueprint, abort",
        "from restkit import Api, Blueprint, abort",
    ),
    ("Flask(__name__)", "App(__name__)"),
    ('API_VERSION="1.0.0",\n', 'API_VERSION="1.0.0",\n        API_ERROR_FORMAT="flask-smorest",\n'),
)


def guide_blocks() -> dict[str, str]:
    blocks: dict[str, str] = {}
    for match in MARKED_BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        assert match["name"] not in blocks, f"two blocks are marked {match['name']!r}"
        blocks[match["name"]] = match["code"] + "\n"
    return blocks


def port(smorest_code: str) -> str:
    """Apply the changes the guide lists to the flask-smorest app."""
    for before, after in RENAMES:
        assert before in smorest_code, f"the app has no {before!r} to change"
        smorest_code = smorest_code.replace(before, after)
    return smorest_code


@pytest.fixture(scope="module")
def blocks() -> dict[str, str]:
    return guide_blocks()


def project(folder: Path, app_code: str, tests: str) -> Path:
    folder.mkdir()
    (folder / "library.py").write_text(app_code, encoding="utf-8")
    (folder / "test_library.py").write_text(tests, encoding="utf-8")
    return folder


def test_the_guide_has_every_marked_block(blocks):
    assert set(blocks) == {"smorest-app", "app-tests", "restkit-app", "gains"}


def test_the_restkit_app_is_the_flask_smorest_app_with_the_listed_changes(blocks):
    assert "flask" not in blocks["restkit-app"].replace("flask-smorest", "")
    assert blocks["restkit-app"] == port(blocks["smorest-app"])


@pytest.mark.parametrize("app", ["smorest-app", "restkit-app"])
def test_both_apps_pass_the_apps_tests(tmp_path, blocks, app):
    folder = project(tmp_path / app, blocks[app], blocks["app-tests"])

    result = run_python(["-m", "pytest", "-q", "-p", "no:cacheprovider"], folder)

    test_count = len(re.findall(r"^def test_", blocks["app-tests"], re.M))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{test_count} passed" in result.stdout
    assert test_count >= 6


def test_the_gains_hold_for_the_port(tmp_path, blocks):
    folder = project(tmp_path / "port", blocks["restkit-app"], blocks["app-tests"])
    (folder / "gains.py").write_text(blocks["gains"], encoding="utf-8")

    result = run_python(["gains.py"], folder)

    assert result.returncode == 0, result.stdout + result.stderr

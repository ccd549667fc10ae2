"""The documents under ``openapi/`` are those the examples generate today.

Refresh them after changing an example or the spec builder with::

    RESTKIT_UPDATE_SPECS=1 .venv/bin/pytest tests/spec/test_committed_specs.py

and review the change in ``git diff openapi/``: it is what the API's clients see.
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import pathlib
import typing as t

import pytest
from openapi_spec_validator import validate

from restkit import App
from restkit.spec import documents_of
from restkit.spec.document import to_json_text

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
COMMITTED = ROOT / "openapi"
UPDATE = os.environ.get("RESTKIT_UPDATE_SPECS") == "1"
REFRESH = "RESTKIT_UPDATE_SPECS=1 .venv/bin/pytest tests/spec/test_committed_specs.py"


def example_app(name: str) -> App:
    module = importlib.import_module(f"examples.{name}")
    app = getattr(module, "app", None)
    return app if isinstance(app, App) else t.cast(App, module.create_app())


def file_name(example: str, config_prefix: str) -> str:
    suffix = f"-{config_prefix.strip('_').lower()}" if config_prefix else ""
    return f"{example}{suffix}.json"


def generated() -> dict[str, dict[str, t.Any]]:
    """Return the document of every Api of every example, by file name."""
    documents = {}
    for folder in sorted(EXAMPLES.iterdir()):
        if (folder / "__init__.py").is_file():
            for document in documents_of(example_app(folder.name)):
                name = file_name(folder.name, document.source.config_prefix)
                documents[name] = document.to_dict()
    return documents


DOCUMENTS = generated()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_committed_document_is_current(name):
    document = DOCUMENTS[name]
    validate(document)
    expected = to_json_text(document)
    path = COMMITTED / name
    if UPDATE:
        COMMITTED.mkdir(exist_ok=True)
        path.write_text(expected, encoding="utf-8")
    assert path.is_file(), f"openapi/{name} is missing: create it with {REFRESH}"
    committed = path.read_text(encoding="utf-8")
    if committed != expected:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                f"openapi/{name} (committed)",
                f"openapi/{name} (generated)",
            )
        )
        pytest.fail(f"openapi/{name} is stale: refresh it with {REFRESH}\n{diff}", pytrace=False)


def test_no_document_without_an_example():
    stale = sorted({path.name for path in COMMITTED.glob("*.json")} - set(DOCUMENTS))
    if UPDATE:
        for name in stale:
            (COMMITTED / name).unlink()
        stale = []
    assert not stale, f"These documents have no example any more; delete them: {stale}"


def test_committed_documents_are_valid_json():
    for path in COMMITTED.glob("*.json"):
        validate(json.loads(path.read_text(encoding="utf-8")))

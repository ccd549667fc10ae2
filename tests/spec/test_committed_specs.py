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


def example_names() -> list[str]:
    return sorted(
        folder.name for folder in EXAMPLES.iterdir() if (folder / "__init__.py").is_file()
    )


def documents_of_example(example: str) -> dict[str, dict[str, t.Any]]:
    """Return the document of every Api of *example*, by file name."""
    return {
        file_name(example, document.source.config_prefix): document.to_dict()
        for document in documents_of(example_app(example))
    }


def stale_report(name: str, committed: str, expected: str) -> str:
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        f"openapi/{name} (committed)",
        f"openapi/{name} (generated)",
    )
    return f"openapi/{name} is stale: refresh it with {REFRESH}\n{''.join(diff)}"


@pytest.mark.parametrize("example", example_names())
def test_committed_documents_are_current(example):
    problems = []
    for name, document in documents_of_example(example).items():
        validate(document)
        expected = to_json_text(document)
        path = COMMITTED / name
        if UPDATE:
            COMMITTED.mkdir(exist_ok=True)
            path.write_text(expected, encoding="utf-8")
        if not path.is_file():
            problems.append(f"openapi/{name} is missing: create it with {REFRESH}")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != expected:
            problems.append(stale_report(name, committed, expected))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_no_document_without_an_example():
    generated = {name for example in example_names() for name in documents_of_example(example)}
    stale = sorted({path.name for path in COMMITTED.glob("*.json")} - generated)
    if UPDATE:
        for name in stale:
            (COMMITTED / name).unlink()
        stale = []
    assert not stale, f"These documents have no example any more; delete them: {stale}"


def test_committed_documents_are_valid_json():
    for path in COMMITTED.glob("*.json"):
        validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["notes.json", "petstore.json"])
def test_each_example_document_describes_its_api_its_contact_and_license(name):
    info = json.loads((COMMITTED / name).read_text(encoding="utf-8"))["info"]

    assert info["description"]
    assert set(info["contact"]) == {"name", "url"}
    assert info["license"] == {
        "name": "BSD-3-Clause",
        "url": "https://opensource.org/license/bsd-3-clause",
    }


def test_the_notes_document_describes_the_sync_feed_for_offline_clients():
    document = json.loads((COMMITTED / "notes.json").read_text(encoding="utf-8"))
    sync = document["paths"]["/v1/sync"]["get"]
    body = sync["responses"]["200"]["content"]["application/json"]["schema"]

    assert {parameter["name"] for parameter in sync["parameters"]} == {"cursor", "page_size"}
    assert set(body["required"]) == {"items", "pagination"}
    assert "400" in sync["responses"]  # a tampered cursor
    assert sync["security"] == [{"BearerAuth": []}]

"""Every committed document passes the strictest OpenAPI linters users run.

Redocly CLI's ``recommended`` ruleset with no error and no warning, Spectral's
``spectral:oas`` with no error. Both come from npm (``make node-deps``, the
versions pinned in ``package-lock.json``); without them the tests skip, except
on CI, where they must be there.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = ROOT / "node_modules" / ".bin"
DOCUMENTS = sorted((ROOT / "openapi").glob("*.json"))
TIMEOUT = 120


def tool(name: str) -> pathlib.Path:
    """Return the path of an npm tool; skip (fail on CI) when it is not installed."""
    path = BIN / name
    if not path.is_file():
        message = f"{path} is missing: install the linters with `make node-deps`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def run(*args: str | pathlib.Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "REDOCLY_TELEMETRY": "off",
        "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_there_are_documents_to_lint():
    assert {"notes.json", "petstore.json"} <= {path.name for path in DOCUMENTS}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_redocly_recommended_finds_nothing(document):
    result = run(tool("redocly"), "lint", "--extends=recommended", "--format=json", document)

    report = json.loads(result.stdout)
    problems = [f"{p['ruleId']}: {p['message']}" for p in report["problems"]]
    assert report["totals"]["errors"] == report["totals"]["warnings"] == 0, problems
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_spectral_oas_finds_no_error(document):
    result = run(tool("spectral"), "lint", "-r", ROOT / ".spectral.yaml", "-f", "json", document)

    # With no finding at all, Spectral prints "[]" and then a sentence saying so.
    findings = json.JSONDecoder().raw_decode(result.stdout)[0] if result.stdout.strip() else []
    errors = [f"{f['code']} at {f['path']}: {f['message']}" for f in findings if f["severity"] == 0]
    assert errors == []
    assert result.returncode == 0, result.stderr


def test_the_linters_do_find_problems(tmp_path):
    document = json.loads((ROOT / "openapi" / "petstore.json").read_text(encoding="utf-8"))
    del document["security"], document["servers"]
    document["paths"]["/pets/"] = document["paths"].pop("/pets")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")

    redocly = json.loads(
        run(tool("redocly"), "lint", "--extends=recommended", "--format=json", broken).stdout
    )
    document["paths"]["/pets/"]["get"]["responses"]["200"] = {"content": {}}
    broken.write_text(json.dumps(document), encoding="utf-8")
    spectral = run(tool("spectral"), "lint", "-r", ROOT / ".spectral.yaml", "-f", "json", broken)

    assert {p["ruleId"] for p in redocly["problems"]} >= {
        "security-defined",
        "no-empty-servers",
        "no-path-trailing-slash",
    }
    assert spectral.returncode != 0
    assert any(finding["severity"] == 0 for finding in json.loads(spectral.stdout))

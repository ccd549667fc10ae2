"""The audit's ground: every example with an ``Api`` is audited, and documents every route.

Every example package under ``examples/`` that builds an ``Api`` must have an
entry in ``tests/example_apps.py`` (so the schemathesis runs, the hostile-input
corpus, the load tests and this audit cover it), and every route of its app
must be in its committed OpenAPI document with the same methods — and the
document must hold no operation the app does not serve. Left out: the routes
the ``Api`` serves itself (the documents, the docs pages and their assets) and
static files.
"""

from __future__ import annotations

import ast
import json
import re
import typing as t

import pytest

from tests.example_apps import EXAMPLES, ROOT

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit import App
    from tests.example_apps import ExampleApp

EXAMPLES_FOLDER = ROOT / "examples"
#: Endpoints the Api (``restkit/spec/serving.py``) and the core serve of themselves.
OWN_ENDPOINTS = frozenset(
    {
        "openapi.json",
        "openapi.yaml",
        "openapi.swagger_ui",
        "openapi.swagger_ui_assets",
        "openapi.redoc",
        "openapi.scalar",
        "static",
    }
)
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
#: A werkzeug placeholder, ``<int:note_id>`` or ``<name>``: OpenAPI's ``{note_id}``.
PLACEHOLDER = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")


def builds_an_api(package: Path) -> bool:
    """Whether a module of *package* calls ``Api(...)`` (or ``restkit.Api(...)``)."""
    for module in package.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(), str(module))):
            if isinstance(node, ast.Call):
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else None
                if isinstance(function, ast.Name):
                    name = function.id
                if name == "Api":
                    return True
    return False


def example_packages() -> dict[str, Path]:
    """Return the packages of ``examples/``, by module name."""
    return {
        f"examples.{folder.name}": folder
        for folder in sorted(EXAMPLES_FOLDER.iterdir())
        if (folder / "__init__.py").is_file()
    }


def served_operations(app: App) -> dict[str, set[str]]:
    """Return the methods of every route of *app* but its own, by OpenAPI path.

    The ``HEAD`` werkzeug adds to a ``GET`` and the ``OPTIONS`` the app answers
    by itself are not operations of the route.
    """
    served: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OWN_ENDPOINTS:
            continue
        methods = set(rule.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")
        if getattr(rule, "provide_automatic_options", False):
            methods.discard("OPTIONS")
        path = PLACEHOLDER.sub(r"{\1}", rule.rule)
        served.setdefault(path, set()).update(methods)
    return served


def documented_operations(document: dict[str, t.Any]) -> dict[str, set[str]]:
    """Return the methods of every path of an OpenAPI *document*."""
    return {
        path: {method.upper() for method in item if method in HTTP_METHODS}
        for path, item in document["paths"].items()
    }


# -- every example is audited -----------------------------------------------------------------


def test_the_scan_tells_examples_with_an_api_from_those_without(tmp_path: Path) -> None:
    (tmp_path / "with_api.py").write_text("import restkit\napi = restkit.Api(app)\n")
    (tmp_path / "without.py").write_text("from restkit import App\napp = App(__name__)\n")
    assert builds_an_api(tmp_path)
    (tmp_path / "with_api.py").unlink()
    assert not builds_an_api(tmp_path)


def test_every_example_with_an_api_has_an_entry_in_the_registry() -> None:
    packages = example_packages()
    assert "examples.hello" in packages  # scanned too: it has no Api, so no entry
    with_api = {module for module, folder in packages.items() if builds_an_api(folder)}

    assert with_api == {example.module for example in EXAMPLES}, (
        "tests/example_apps.py must list exactly the examples that build an Api: add an "
        "ExampleApp entry for each new one"
    )


def test_every_entry_has_its_committed_document() -> None:
    for example in EXAMPLES:
        assert example.document.is_file(), example.document


# -- every route is documented, and nothing more ----------------------------------------------


def test_every_route_of_the_example_is_in_its_committed_document(app: App, example: ExampleApp):
    document = json.loads(example.document.read_text())
    served = served_operations(app)
    documented = documented_operations(document)

    assert served, "the example serves no route of its own"
    missing = {
        path: sorted(methods - documented.get(path, set()))
        for path, methods in served.items()
        if methods - documented.get(path, set())
    }
    assert missing == {}, f"routes of {example.name} missing from {example.document.name}"
    assert documented == served


def test_the_audit_notices_an_undocumented_route(app: App, example: ExampleApp) -> None:
    app.add_url_rule("/undocumented/<int:n>", "undocumented", lambda n: {}, methods=["PATCH"])
    document = json.loads(example.document.read_text())

    served = served_operations(app)

    assert served["/undocumented/{n}"] == {"PATCH"}
    assert documented_operations(document) != served


def test_only_the_apis_own_routes_are_left_out(app: App) -> None:
    left_out = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint in OWN_ENDPOINTS}
    assert left_out == {"/openapi.json", "/openapi.yaml", "/docs", "/docs/assets/<path:filename>"}


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        pytest.param("/v1/notes/<int:note_id>", "/v1/notes/{note_id}", id="converter"),
        pytest.param("/a/<name>/b/<path:rest>", "/a/{name}/b/{rest}", id="plain-and-path"),
        pytest.param("/pets", "/pets", id="none"),
    ],
)
def test_placeholders_are_written_as_openapi_writes_them(rule: str, path: str) -> None:
    assert PLACEHOLDER.sub(r"{\1}", rule) == path

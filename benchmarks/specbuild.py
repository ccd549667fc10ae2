"""The spec-build suite: the OpenAPI document of a 500-endpoint app, built in fresh processes."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import typing as t
from pathlib import Path
from time import perf_counter_ns

from marshmallow import Schema, fields, validate

ROOT = Path(__file__).resolve().parents[1]
#: Things per blueprint; each thing is two endpoints (its collection and its items).
THINGS_PER_BLUEPRINT = 10
FRAMEWORKS = ("restkit", "smorest")
LABELS = {"restkit": "restkit", "smorest": "Flask + flask-smorest"}
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def thing_schemas(number: int) -> tuple[type[Schema], type[Schema]]:
    """Return thing *number*'s schema and its list query schema, named after it."""
    nested = Schema.from_dict(
        {"street": fields.Str(required=True), "city": fields.Str(required=True)},
        name=f"Thing{number}AddressSchema",
    )
    thing = Schema.from_dict(
        {
            "id": fields.Int(dump_only=True),
            "name": fields.Str(required=True, validate=validate.Length(min=1, max=100)),
            "count": fields.Int(validate=validate.Range(min=0)),
            "email": fields.Email(),
            "tags": fields.List(fields.Str()),
            "created_at": fields.DateTime(dump_only=True),
            "address": fields.Nested(nested),
        },
        name=f"Thing{number}Schema",
    )
    query = Schema.from_dict(
        {"name": fields.Str(), "limit": fields.Int(load_default=10)},
        name=f"Thing{number}QuerySchema",
    )
    return thing, query


def add_thing(blueprint: t.Any, method_view: type, number: int) -> None:
    """Add thing *number*'s two resources to *blueprint*: five operations in all.

    restkit's REST blueprint and flask-smorest's take the same decorators.
    """
    thing, query = thing_schemas(number)

    class Collection(method_view):  # type: ignore[misc]
        @blueprint.arguments(query, location="query")
        @blueprint.response(200, thing(many=True))
        def get(self, args: dict[str, t.Any]) -> list[t.Any]:
            """List things"""
            return []

        @blueprint.arguments(thing)
        @blueprint.response(201, thing)
        def post(self, data: dict[str, t.Any]) -> dict[str, t.Any]:
            """Create a thing"""
            return data

    class Item(method_view):  # type: ignore[misc]
        @blueprint.response(200, thing)
        def get(self, thing_id: int) -> dict[str, t.Any]:
            """Get a thing"""
            return {}

        @blueprint.arguments(thing)
        @blueprint.response(200, thing)
        def put(self, data: dict[str, t.Any], thing_id: int) -> dict[str, t.Any]:
            """Replace a thing"""
            return data

        @blueprint.response(204)
        def delete(self, thing_id: int) -> None:
            """Delete a thing"""

    blueprint.route(f"/things{number}", endpoint=f"things{number}")(Collection)
    blueprint.route(f"/things{number}/<int:thing_id>", endpoint=f"thing{number}")(Item)


def framework_parts(framework: str) -> tuple[t.Any, t.Any, t.Any, t.Any]:
    """Return *framework*'s app (configured alike), ``Api``, ``Blueprint`` and ``MethodView``."""
    if framework == "restkit":
        import restkit

        app: t.Any = restkit.App("specbench")
        app.config.update(API_TITLE="Spec benchmark", API_VERSION="1.0.0")
        return app, restkit.Api, restkit.Blueprint, restkit.MethodView
    import flask
    import flask.views
    import flask_smorest

    app = flask.Flask("specbench")
    app.config.update(API_TITLE="Spec benchmark", API_VERSION="1.0.0", OPENAPI_VERSION="3.1.0")
    return app, flask_smorest.Api, flask_smorest.Blueprint, flask.views.MethodView


def build_app(framework: str, endpoints: int) -> t.Any:
    """Build an app of *endpoints* endpoints with *framework*; return its ``Api``."""
    app, Api, Blueprint, MethodView = framework_parts(framework)
    api = Api(app)
    things = endpoints // 2
    for first in range(0, things, THINGS_PER_BLUEPRINT):
        group = first // THINGS_PER_BLUEPRINT
        blueprint = Blueprint(
            f"group{group}", __name__, url_prefix=f"/group{group}", description=f"Group {group}"
        )
        for number in range(first, min(first + THINGS_PER_BLUEPRINT, things)):
            add_thing(blueprint, MethodView, number)
        api.register_blueprint(blueprint)
    return api


def count_operations(document: dict[str, t.Any]) -> tuple[int, int]:
    """Return the paths and the operations of an OpenAPI document."""
    paths = document.get("paths", {})
    operations = sum(1 for item in paths.values() for key in item if key in HTTP_METHODS)
    return len(paths), operations


def probe(framework: str, endpoints: int) -> dict[str, float]:
    """Build the app and its document once, in this process; return the times and counts."""
    started = perf_counter_ns()
    api = build_app(framework, endpoints)
    built = perf_counter_ns()
    document = api.spec.to_dict()
    documented = perf_counter_ns()
    paths, operations = count_operations(document)
    return {
        "build_ms": (built - started) / 1e6,
        "document_ms": (documented - built) / 1e6,
        "total_ms": (documented - started) / 1e6,
        "paths": paths,
        "operations": operations,
    }


PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
import json
from benchmarks.specbuild import build_app, probe
build_app(sys.argv[2], 2)  # imports every module outside the clock
print(json.dumps(probe(sys.argv[2], int(sys.argv[3]))))
"""


def probe_in_fresh_process(framework: str, endpoints: int) -> dict[str, float]:
    """Run :func:`probe` in a new interpreter.

    :raise RuntimeError: the probe failed, or the document lacks endpoints.
    """
    command = [sys.executable, "-I", "-c", PROBE, str(ROOT), framework, str(endpoints)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{framework}: the spec probe failed:\n{completed.stderr}")
    figures = t.cast(dict[str, float], json.loads(completed.stdout))
    if figures["paths"] != endpoints or figures["operations"] != endpoints // 2 * 5:
        raise RuntimeError(
            f"{framework}: the document has {figures['paths']} paths and "
            f"{figures['operations']} operations, not {endpoints} and {endpoints // 2 * 5}"
        )
    return figures


def measure(endpoints: int, runs: int, log: t.Callable[[str], None]) -> dict[str, t.Any]:
    """Build each framework's document *runs* times, alternating, each in a fresh process."""
    samples: dict[str, list[dict[str, float]]] = {framework: [] for framework in FRAMEWORKS}
    for run in range(runs):
        log(f"  build {run + 1}/{runs}")
        for framework in FRAMEWORKS:
            samples[framework].append(probe_in_fresh_process(framework, endpoints))
    results: dict[str, t.Any] = {"endpoints": endpoints, "runs": runs, "frameworks": {}}
    for framework, figures in samples.items():
        results["frameworks"][framework] = {
            "label": LABELS[framework],
            **{
                name: statistics.median(run[name] for run in figures)
                for name in ("build_ms", "document_ms", "total_ms")
            },
            "paths": figures[0]["paths"],
            "operations": figures[0]["operations"],
            "runs": figures,
        }
    reference = results["frameworks"]["smorest"]
    for result in results["frameworks"].values():
        result["total_vs_reference"] = result["total_ms"] / reference["total_ms"]
    return results

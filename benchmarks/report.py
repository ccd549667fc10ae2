"""Tables of a run, as Markdown, from its JSON results (so the docs can be regenerated)."""

from __future__ import annotations

import typing as t

from .scenarios import SCENARIOS

SCENARIO_KEYS = [scenario.key for scenario in SCENARIOS]


def table(header: list[str], rows: list[list[str]]) -> str:
    """Return a Markdown table, first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * widths[0]] + ["-" * (width - 1) + ":" for width in widths[1:]]
    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *map(line, rows)])


def ratio(value: float) -> str:
    return f"{value:.2f}"


def render(results: dict[str, t.Any]) -> str:
    """Return every table of the run, with the facts of the machine first."""
    parts = [render_meta(results["meta"])]
    if "inprocess" in results:
        parts.append(render_inprocess(results["inprocess"]))
    if "startup" in results:
        parts.append(render_startup(results["startup"]))
    if "loopback" in results:
        parts.append(render_loopback(results["loopback"]))
    if "spec" in results:
        parts.append(render_spec(results["spec"]))
    return "\n\n".join(parts) + "\n"


def render_meta(meta: dict[str, t.Any]) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in meta["versions"].items())
    if meta["orjson"]:
        json_note = (
            "orjson IS installed: restkit encodes JSON with it, Flask, APIFlask, "
            "flask-smorest, Falcon and werkzeug with the json module"
        )
    else:
        json_note = "orjson is not installed: every app encodes JSON with the json module"
    return "\n".join(
        [
            f"Run of {meta['date']}, restkit commit {meta['commit']}, command `{meta['command']}`",
            f"- CPU: {meta['cpu']}",
            f"- OS: {meta['uname']}",
            f"- Python {meta['python']}; {json_note} (FastAPI: pydantic-core for response models)",
            f"- Packages: {versions}",
            f"- Load generator: {meta['wrk'] or 'wrk not installed'}",
            f"- Load average (1 / 5 / 15 min): {meta.get('load_at_start', '?')} at the start, "
            f"{meta.get('load_at_end', '?')} at the end",
        ]
    )


def scenario_legend() -> str:
    return "; ".join(f"{scenario.key} {scenario.title}" for scenario in SCENARIOS)


def refused_rows(results: dict[str, t.Any], width: int) -> tuple[list[list[str]], list[str]]:
    """Return a row of dashes for each refused contender, and the reasons, as footnotes."""
    rows, notes = [], []
    for result in results.values():
        if "error" in result:
            rows.append([f"{result['label']} (refused)"] + ["-"] * width)
            notes.append(f"- {result['label']}: {result['error']}")
    return rows, notes


def render_inprocess(suite: dict[str, t.Any]) -> str:
    settings, results = suite["settings"], suite["contenders"]
    measured = [result for result in results.values() if "scenarios" in result]
    refused, notes = refused_rows(results, len(SCENARIO_KEYS))
    header = ["app", *SCENARIO_KEYS]

    def grid(cell: t.Callable[[dict[str, t.Any]], str]) -> str:
        rows = [
            [result["label"], *(cell(result["scenarios"][key]) for key in SCENARIO_KEYS)]
            for result in measured
        ]
        return table(header, rows + refused)

    def microseconds(figure: dict[str, t.Any]) -> str:
        spread = (figure["q3"] - figure["q1"]) / 2 / figure["us"] * 100
        return f"{figure['us']:.1f} ±{spread:.0f}%"

    return "\n\n".join(
        [
            "## In-process",
            f"Scenarios: {scenario_legend()}.",
            f"Median of {settings['repeats']} timed blocks of about {settings['block_ms']:g} ms "
            "per app and scenario, apps interleaved round-robin; ± is half the interquartile "
            "range of the blocks.",
            "### Microseconds per request (lower is faster)",
            grid(microseconds),
            "### Ratio to Flask + flask-smorest with schema instances (lower is faster)",
            grid(lambda figure: ratio(figure["vs_reference"])),
            "### Ratio to the bare-WSGI floor",
            grid(lambda figure: f"{figure['vs_floor']:.0f}"),
            *notes,
        ]
    )


def render_startup(suite: dict[str, t.Any]) -> str:
    results = suite["contenders"]
    header = [
        "app",
        "import ms",
        "x ref",
        "build ms",
        "x ref",
        "first request ms",
        "RSS after import MiB",
        "x ref",
        "RSS ready MiB",
        "x ref",
    ]
    rows = [
        [
            result["label"],
            f"{result['import_ms']:.1f}",
            ratio(result["import_ms_vs_reference"]),
            f"{result['build_ms']:.1f}",
            ratio(result["build_ms_vs_reference"]),
            f"{result['first_request_ms']:.1f}",
            f"{result['rss_import_mib']:.1f}",
            ratio(result["rss_import_mib_vs_reference"]),
            f"{result['rss_ready_mib']:.1f}",
            ratio(result["rss_ready_mib_vs_reference"]),
        ]
        for result in results.values()
    ]
    return "\n\n".join(
        [
            "## Import, build and memory",
            f"Each figure is the median of {suite['runs']} fresh interpreters per app (after one "
            "untimed round). Import: the app's module with every framework it needs. Build: "
            "creating the app. First request: S1, lazy set-up included. RSS ready: resident "
            "memory after the first request. x ref: ratio to Flask + flask-smorest "
            "(schema instances).",
            table(header, rows),
        ]
    )


def render_loopback(suite: dict[str, t.Any]) -> str:
    settings, modes = suite["settings"], suite["modes"]
    header = ["server / app", *SCENARIO_KEYS]
    grids: dict[str, list[list[str]]] = {"rps": [], "ref": [], "floor": [], "latency": []}
    notes = []
    for mode_key, mode in modes.items():
        for result in mode["contenders"].values():
            label = f"{mode_key} / {result['label']}"
            if "error" in result:
                for rows in grids.values():
                    rows.append([f"{label} (refused)"] + ["-"] * len(SCENARIO_KEYS))
                notes.append(f"- {label}: {result['error']}")
                continue
            figures = [result["scenarios"][key] for key in SCENARIO_KEYS]
            grids["rps"].append([label, *(f"{f['rps']:.0f}" for f in figures)])
            grids["ref"].append([label, *(ratio(f["rps_vs_reference"]) for f in figures)])
            grids["floor"].append([label, *(ratio(f["rps_vs_floor"]) for f in figures)])
            grids["latency"].append(
                [label, *(f"{f['p50_ms']:.2f} / {f['p99_ms']:.2f}" for f in figures)]
            )
    errors = sum(
        figure["socket_errors"]
        for mode in modes.values()
        for result in mode["contenders"].values()
        for figure in result.get("scenarios", {}).values()
    )
    return "\n\n".join(
        [
            "## Loopback HTTP",
            f"wrk on 127.0.0.1: {settings['wrk_threads']} thread, "
            f"{settings['wrk_connections']} connections, {settings['duration_s']} s per app and "
            f"scenario after an untimed second; median of {settings['repeats']} rounds, servers "
            f"started afresh each round. Socket errors in the whole run: {errors}. "
            "The uvicorn row's ratios are to the gunicorn sync figures.",
            "### Requests per second (higher is faster)",
            table(header, grids["rps"]),
            "### Requests per second, ratio to Flask + flask-smorest (schema instances), "
            "same server (higher is faster)",
            table(header, grids["ref"]),
            "### Requests per second, ratio to the bare-WSGI floor, same server",
            table(header, grids["floor"]),
            "### Latency p50 / p99, ms",
            table(header, grids["latency"]),
            *notes,
        ]
    )


def render_spec(suite: dict[str, t.Any]) -> str:
    header = [
        "framework",
        "paths",
        "operations",
        "app build ms",
        "document ms",
        "total ms",
        "x ref",
    ]
    rows = [
        [
            result["label"],
            str(result["paths"]),
            str(result["operations"]),
            f"{result['build_ms']:.0f}",
            f"{result['document_ms']:.0f}",
            f"{result['total_ms']:.0f}",
            ratio(result["total_vs_reference"]),
        ]
        for result in suite["frameworks"].values()
    ]
    return "\n\n".join(
        [
            "## OpenAPI document of a 500-endpoint app",
            f"{suite['endpoints']} endpoints (MethodView resources on REST blueprints, "
            "with marshmallow schemas), median of "
            f"{suite['runs']} builds, each in a fresh interpreter. App build: creating the app "
            "and registering its blueprints. Document: `api.spec.to_dict()`. flask-smorest "
            "builds its document while blueprints are registered; restkit when it is asked for.",
            table(header, rows),
        ]
    )

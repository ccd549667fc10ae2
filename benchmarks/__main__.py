"""The benchmark command: ``python -m benchmarks [--quick] [--loopback] [--spec] [--all]``."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import typing as t
from datetime import UTC, datetime
from pathlib import Path

from . import inprocess, loopback, specbuild, startup
from .contenders import BY_KEY, select
from .machine import describe, load_average
from .report import render

RESULTS = Path(__file__).resolve().parent / "results"
SPEC_ENDPOINTS = 500


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure restkit against its peers. Without a suite option: "
        "--inprocess and --startup.",
    )
    parser.add_argument("--inprocess", action="store_true", help="requests in-process")
    parser.add_argument("--startup", action="store_true", help="import, build, memory")
    parser.add_argument("--loopback", action="store_true", help="HTTP on 127.0.0.1 with wrk")
    parser.add_argument("--spec", action="store_true", help="the 500-endpoint OpenAPI document")
    parser.add_argument("--all", action="store_true", help="every suite")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (rough figures)")
    parser.add_argument(
        "--only",
        help=f"comma-separated apps, among {','.join(BY_KEY)} "
        "(the reference and the floor always run)",
    )
    parser.add_argument("--output", type=Path, help="the JSON results file to write")
    parser.add_argument(
        "--report", type=Path, metavar="RESULTS_JSON", help="print the tables of a past run"
    )
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(arguments: argparse.Namespace, command: str) -> dict[str, t.Any]:
    """Run the chosen suites; return the results of the run."""
    chosen = {
        name
        for name in ("inprocess", "startup", "loopback", "spec")
        if getattr(arguments, name) or arguments.all
    } or {"inprocess", "startup"}
    contenders = select(arguments.only.split(",") if arguments.only else None)
    quick = arguments.quick
    results: dict[str, t.Any] = {"meta": {**describe(), "command": command, "quick": quick}}
    if "inprocess" in chosen:
        log("in-process suite")
        timing = inprocess.QUICK if quick else inprocess.FULL
        results["inprocess"] = {
            "settings": vars(timing),
            "contenders": inprocess.measure(contenders, timing, log),
        }
    if "startup" in chosen:
        log("import, build and memory")
        runs = 2 if quick else 9
        results["startup"] = {"runs": runs, "contenders": startup.measure(contenders, runs, log)}
    if "loopback" in chosen:
        log("loopback HTTP suite")
        load = loopback.QUICK if quick else loopback.FULL
        results["loopback"] = loopback.measure(contenders, load, log)
    if "spec" in chosen:
        log("spec-build suite")
        results["spec"] = specbuild.measure(SPEC_ENDPOINTS, 1 if quick else 5, log)
    results["meta"]["load_at_end"] = load_average()
    return results


def refusals(results: dict[str, t.Any]) -> int:
    """Return how many apps were refused for a wrong answer, over every suite."""
    suites = [results.get("inprocess", {}).get("contenders", {})]
    suites += [mode["contenders"] for mode in results.get("loopback", {}).get("modes", {}).values()]
    return sum("error" in result for suite in suites for result in suite.values())


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.report:
        results = json.loads(arguments.report.read_text())
        print(render(results), end="")
        return 0
    command = "python -m benchmarks " + shlex.join(sys.argv[1:] if argv is None else argv)
    try:
        results = run(arguments, command.strip())
    except (inprocess.ContenderSetupFailed, loopback.ServerFailed, RuntimeError) as exc:
        # The reference or the floor failed, or a tool is missing: no ratio can be given.
        log(f"the benchmark cannot be run: {exc}")
        return 2
    output = arguments.output
    if output is None:
        RESULTS.mkdir(exist_ok=True)
        output = RESULTS / f"run-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(results, indent=1) + "\n")
    print(render(results), end="")
    log(f"results written to {output}")
    failed = refusals(results)
    if failed:
        log(f"{failed} app(s) answered wrongly and have no figures: see the notes above.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

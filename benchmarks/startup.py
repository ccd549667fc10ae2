"""Import time, build time, first request and resident memory, each in a fresh process."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import typing as t
from pathlib import Path

from .contenders import REFERENCE

if t.TYPE_CHECKING:
    from .contenders import Contender

ROOT = Path(__file__).resolve().parents[1]

#: Run by ``python -I -c``: times the app's import, its build and its first request.
#: Only what the interpreter has already loaded is imported before the first clock.
PROBE = """
import sys
from time import perf_counter_ns
sys.path.insert(0, sys.argv[1])
module_name, factory, interface = sys.argv[2:5]

def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

started = perf_counter_ns()
module = __import__(module_name, fromlist=[factory])
imported = perf_counter_ns()
rss_imported = rss_kib()
app = getattr(module, factory)()
built = perf_counter_ns()

from benchmarks.scenarios import SCENARIOS
if interface == "asgi":
    import asyncio
    from benchmarks.drivers import ASGIDriver
    driver = ASGIDriver(app, SCENARIOS[0], asyncio.new_event_loop())
else:
    from benchmarks.drivers import WSGIDriver
    driver = WSGIDriver(app, SCENARIOS[0])
before_request = perf_counter_ns()
driver.answer()
answered = perf_counter_ns()

import json
print(json.dumps({
    "import_ms": (imported - started) / 1e6,
    "build_ms": (built - imported) / 1e6,
    "first_request_ms": (answered - before_request) / 1e6,
    "rss_import_mib": rss_imported / 1024,
    "rss_ready_mib": rss_kib() / 1024,
}))
"""
FIGURES = ("import_ms", "build_ms", "first_request_ms", "rss_import_mib", "rss_ready_mib")


def probe(contender: Contender) -> dict[str, float]:
    """Measure *contender* once, in a fresh interpreter."""
    command = [
        sys.executable,
        "-I",
        "-c",
        PROBE,
        str(ROOT),
        contender.module,
        contender.factory,
        contender.interface,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{contender.label}: the probe failed:\n{completed.stderr}")
    return t.cast(dict[str, float], json.loads(completed.stdout))


def measure(
    contenders: t.Sequence[Contender], runs: int, log: t.Callable[[str], None]
) -> dict[str, t.Any]:
    """Probe every contender *runs* times, interleaved; return the medians, by key.

    One untimed round comes first, so every app's bytecode is cached and its
    files are in the page cache before the first measured round.
    """
    samples: dict[str, list[dict[str, float]]] = {contender.key: [] for contender in contenders}
    for round_number in range(runs + 1):
        log(f"  round {round_number}/{runs}" + (" (untimed)" if round_number == 0 else ""))
        for contender in contenders:
            figures = probe(contender)
            if round_number:
                samples[contender.key].append(figures)
    results: dict[str, dict[str, t.Any]] = {
        contender.key: {
            "label": contender.label,
            **{
                name: statistics.median(run[name] for run in samples[contender.key])
                for name in FIGURES
            },
            "runs": samples[contender.key],
        }
        for contender in contenders
    }
    reference = results[REFERENCE]
    for result in results.values():
        for name in FIGURES:
            result[f"{name}_vs_reference"] = result[name] / reference[name]
    return results

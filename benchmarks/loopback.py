"""The loopback-HTTP suite: each app under a real server on 127.0.0.1, loaded by wrk."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

from .contenders import FLOOR, REFERENCE
from .scenarios import SCENARIOS, Answer, Scenario, WrongAnswer

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from .contenders import Contender

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
#: wrk's load, the same for every server: one thread, four connections.
WRK_THREADS, WRK_CONNECTIONS = 1, 4
GTHREAD_THREADS = 4


@dataclass(frozen=True)
class Settings:
    """How long to load each app.

    :param duration_s: wrk's duration per app and scenario, in whole seconds.
    :param repeats: rounds over every server; the median is reported.
    """

    duration_s: int
    repeats: int


FULL = Settings(duration_s=2, repeats=3)
QUICK = Settings(duration_s=1, repeats=1)


@dataclass(frozen=True)
class ServerMode:
    """A way of serving the apps: which server, which of them it can serve, with what options.

    :param reference_mode: the mode whose reference and floor figures this mode's
        ratios are taken against (itself, or gunicorn sync for the ASGI server).
    """

    key: str
    label: str
    interface: str
    reference_mode: str

    def command(self, contender: Contender, port: int) -> list[str]:
        """Return the command serving *contender* on *port*."""
        if self.interface == "asgi":
            return [
                *[sys.executable, "-m", "uvicorn", "--factory", contender.target],
                *["--host", HOST, "--port", str(port), "--workers", "1"],
                *["--log-level", "warning", "--no-access-log"],
            ]
        worker = ["--worker-class", "sync"]
        if self.key == "gunicorn-gthread":
            worker = ["--worker-class", "gthread", "--threads", str(GTHREAD_THREADS)]
        return [
            *[sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", "1"],
            *[*worker, "--log-level", "warning", f"{contender.target}()"],
        ]


MODES = (
    ServerMode("gunicorn-sync", "gunicorn, sync worker, 1 worker", "wsgi", "gunicorn-sync"),
    ServerMode(
        "gunicorn-gthread",
        f"gunicorn, gthread worker, 1 worker x {GTHREAD_THREADS} threads",
        "wsgi",
        "gunicorn-gthread",
    ),
    ServerMode("uvicorn", "uvicorn, 1 worker (ratios to gunicorn sync)", "asgi", "gunicorn-sync"),
)


class ServerFailed(Exception):
    """The server did not start, or an app answered a scenario wrongly over HTTP."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def request(port: int, scenario: Scenario, timeout: float = 10) -> Answer:
    """Send *scenario*'s request over HTTP and return the answer."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Accept": "application/json", **scenario.headers}
        connection.request(scenario.method, scenario.target, scenario.body or None, headers)
        response = connection.getresponse()
        names = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, names, response.read())
    finally:
        connection.close()


@contextlib.contextmanager
def serving(mode: ServerMode, contender: Contender, log_dir: Path) -> Iterator[int]:
    """Start *contender* under *mode*'s server on a free port; yield the port; stop it.

    The server runs in a session of its own, so stopping it stops its workers too.

    :raise ServerFailed: it did not answer within 30 s.
    """
    port = free_port()
    log_path = log_dir / f"{mode.key}-{contender.key}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            mode.command(contender, port),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(process, port, log_path)
        yield port
    finally:
        stop(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Return once the server answers a request.

    :raise ServerFailed: it exited, or did not answer within 30 s.
    """
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"the server exited: {log_path.read_text(errors='replace')}")
        try:
            request(port, SCENARIOS[0], timeout=2)
        except OSError:
            time.sleep(0.1)
        else:
            return
    raise ServerFailed(f"the server did not answer within 30 s: {log_path.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its workers: SIGTERM, then SIGKILL after 10 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def check_answers(port: int) -> None:
    """Check every scenario's answer over HTTP.

    :raise ServerFailed: an answer is wrong.
    """
    for scenario in SCENARIOS:
        try:
            scenario.check(request(port, scenario))
        except WrongAnswer as exc:
            raise ServerFailed(f"{scenario.key}: {exc}") from exc


def wrk_script(scenario: Scenario) -> str:
    """Return the wrk Lua script sending *scenario*'s method, headers and body."""
    lines = [f'wrk.method = "{scenario.method}"', 'wrk.headers["Accept"] = "application/json"']
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in scenario.headers.items()]
    if scenario.body:
        lines.append(f"wrk.body = [==[{scenario.body.decode()}]==]")
    return "\n".join(lines) + "\n"


LATENCY = re.compile(r"^\s+(?P<percent>50|99)%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m)\s*$", re.M)
RATE = re.compile(r"^Requests/sec:\s+(?P<value>[\d.]+)", re.M)
COUNT = re.compile(r"^\s+(?P<value>\d+) requests in", re.M)
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.M
)
MILLISECONDS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def parse_wrk(output: str) -> dict[str, float]:
    """Return requests/s, the p50 and p99 latencies (ms) and the socket errors of a wrk run.

    :raise ValueError: the output lacks one of them.
    """
    rate, count = RATE.search(output), COUNT.search(output)
    latencies = {
        match["percent"]: float(match["value"]) * MILLISECONDS[match["unit"]]
        for match in LATENCY.finditer(output)
    }
    if rate is None or count is None or set(latencies) != {"50", "99"}:
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = SOCKET_ERRORS.search(output)
    return {
        "rps": float(rate["value"]),
        "requests": int(count["value"]),
        "p50_ms": latencies["50"],
        "p99_ms": latencies["99"],
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def run_wrk(port: int, scenario: Scenario, duration_s: int, script: Path) -> dict[str, float]:
    """Load the server with *scenario*'s request for *duration_s*; return wrk's figures."""
    command = [
        *["wrk", "--threads", str(WRK_THREADS), "--connections", str(WRK_CONNECTIONS)],
        *["--duration", f"{duration_s}s", "--timeout", "5s", "--latency"],
        *["--script", str(script), f"http://{HOST}:{port}{scenario.target}"],
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + 30, check=True
    )
    return parse_wrk(completed.stdout)


def measure(
    contenders: t.Sequence[Contender], settings: Settings, log: t.Callable[[str], None]
) -> dict[str, t.Any]:
    """Serve each app under each server mode and load every scenario; return the figures.

    :raise ServerFailed: wrk is not installed, or the reference or floor failed.
    """
    if shutil.which("wrk") is None:
        raise ServerFailed("wrk is not installed: run `apt-get install -y wrk` (make bench-http)")
    with tempfile.TemporaryDirectory(prefix="restkit-bench-") as temporary:
        work = Path(temporary)
        scripts = {}
        for scenario in SCENARIOS:
            scripts[scenario.key] = work / f"{scenario.key}.lua"
            scripts[scenario.key].write_text(wrk_script(scenario))
        samples: dict[tuple[str, str], dict[str, list[dict[str, float]]]] = {}
        errors: dict[tuple[str, str], str] = {}
        for repeat in range(settings.repeats):
            for mode in MODES:
                served = [c for c in contenders if c.interface == mode.interface]
                # Each round starts one app further, so drift hits every app alike.
                shift = repeat % len(served)
                for contender in served[shift:] + served[:shift]:
                    pair = (mode.key, contender.key)
                    if pair in errors:
                        continue
                    log(f"  round {repeat + 1}/{settings.repeats}: {mode.key} {contender.key}")
                    try:
                        with serving(mode, contender, work) as port:
                            check_answers(port)
                            # Untimed: the first load of a fresh server warms its code paths.
                            run_wrk(port, SCENARIOS[0], 1, scripts[SCENARIOS[0].key])
                            figures = {
                                scenario.key: run_wrk(
                                    port, scenario, settings.duration_s, scripts[scenario.key]
                                )
                                for scenario in SCENARIOS
                            }
                    except ServerFailed as exc:
                        if contender.key in (REFERENCE, FLOOR):
                            raise
                        log(f"    refused, no figures: {exc}")
                        errors[pair] = str(exc)
                        continue
                    for key, figure in figures.items():
                        samples.setdefault(pair, {}).setdefault(key, []).append(figure)
    return {
        "settings": {
            "duration_s": settings.duration_s,
            "repeats": settings.repeats,
            "wrk_threads": WRK_THREADS,
            "wrk_connections": WRK_CONNECTIONS,
            "gthread_threads": GTHREAD_THREADS,
        },
        "modes": summarize(contenders, samples, errors),
    }


def summarize(
    contenders: t.Sequence[Contender],
    samples: dict[tuple[str, str], dict[str, list[dict[str, float]]]],
    errors: dict[tuple[str, str], str],
) -> dict[str, t.Any]:
    """Return the medians of every mode, app and scenario, with ratios from the same run."""
    modes: dict[str, t.Any] = {}
    for mode in MODES:
        served: dict[str, t.Any] = {}
        for contender in contenders:
            if contender.interface != mode.interface:
                continue
            pair = (mode.key, contender.key)
            if pair in errors:
                served[contender.key] = {"label": contender.label, "error": errors[pair]}
                continue
            served[contender.key] = {
                "label": contender.label,
                "scenarios": {
                    key: {
                        **{
                            name: statistics.median(run[name] for run in runs)
                            for name in ("rps", "p50_ms", "p99_ms")
                        },
                        "socket_errors": sum(run["socket_errors"] for run in runs),
                        "runs": runs,
                    }
                    for key, runs in samples[pair].items()
                },
            }
        modes[mode.key] = {"label": mode.label, "contenders": served}
    for mode in MODES:
        base = modes[mode.reference_mode]["contenders"]
        reference = base[REFERENCE]["scenarios"]
        floor = base[FLOOR]["scenarios"]
        for result in modes[mode.key]["contenders"].values():
            for key, figure in result.get("scenarios", {}).items():
                figure["rps_vs_reference"] = figure["rps"] / reference[key]["rps"]
                figure["rps_vs_floor"] = figure["rps"] / floor[key]["rps"]
                figure["p50_vs_reference"] = figure["p50_ms"] / reference[key]["p50_ms"]
    return modes

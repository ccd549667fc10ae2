"""The in-process suite: every app answers every scenario, timed round-robin, medians."""

from __future__ import annotations

import asyncio
import gc
import statistics
import traceback
import typing as t
from dataclasses import dataclass

from .contenders import FLOOR, REFERENCE
from .drivers import ASGIDriver, Driver, WSGIDriver
from .scenarios import SCENARIOS, WrongAnswer

if t.TYPE_CHECKING:
    from .contenders import Contender
    from .scenarios import Scenario


@dataclass(frozen=True)
class Settings:
    """How long to measure.

    :param repeats: timed blocks per app and scenario; the median is reported.
    :param block_ms: the target length of one timed block.
    :param warmup_ms: untimed requests per app and scenario before the first block.
    """

    repeats: int
    block_ms: float
    warmup_ms: float


FULL = Settings(repeats=21, block_ms=40, warmup_ms=100)
QUICK = Settings(repeats=3, block_ms=5, warmup_ms=10)


class ContenderSetupFailed(Exception):
    """The app could not be built, or answered a scenario wrongly."""


def make_drivers(contender: Contender, loop: asyncio.AbstractEventLoop) -> dict[str, Driver]:
    """Build the app once; return one driver per scenario, each checked to answer correctly.

    :raise ContenderSetupFailed: the app failed to build or answered a scenario wrongly.
    """
    try:
        app = contender.build()
    except Exception as exc:
        raise ContenderSetupFailed(f"the app failed to build: {exc!r}") from exc
    drivers: dict[str, Driver] = {}
    for scenario in SCENARIOS:
        driver: Driver = (
            ASGIDriver(app, scenario, loop)
            if contender.interface == "asgi"
            else WSGIDriver(app, scenario)
        )
        check_driver(driver, scenario)
        drivers[scenario.key] = driver
    return drivers


def check_driver(driver: Driver, scenario: Scenario) -> None:
    """Send *scenario*'s request once and check the answer.

    :raise ContenderSetupFailed: the answer is wrong, or the app raised.
    """
    try:
        scenario.check(driver.answer())
    except WrongAnswer as exc:
        raise ContenderSetupFailed(f"{scenario.key}: {exc}") from exc
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        raise ContenderSetupFailed(f"{scenario.key}: the app raised {detail}") from exc


def warm_up(driver: Driver, settings: Settings) -> int:
    """Send untimed requests for ``warmup_ms``; return the request count of one timed block."""
    count, spent = 1, 0
    while spent < settings.warmup_ms * 1e6:
        spent += driver.run(count)
        count *= 2
    per_request = spent / (count - 1)
    return max(5, round(settings.block_ms * 1e6 / per_request))


def measure(
    contenders: t.Sequence[Contender], settings: Settings, log: t.Callable[[str], None]
) -> dict[str, t.Any]:
    """Run the suite; return the results of every contender, by key.

    A contender that fails to build or answers wrongly, before or after timing,
    gets ``"error"`` and no figures.

    :raise ContenderSetupFailed: the reference or the floor failed, so no ratio can be given.
    """
    loop = asyncio.new_event_loop()
    errors: dict[str, str] = {}
    try:
        drivers = checked_drivers(contenders, loop, errors, log)
        log("  warming up")
        counts = {
            (key, scenario): warm_up(driver, settings)
            for key, by_scenario in drivers.items()
            for scenario, driver in by_scenario.items()
        }
        samples = time_round_robin(drivers, counts, settings.repeats, log)
        # Checked again after timing: an app whose answers changed is refused too.
        drivers = checked_drivers(contenders, loop, errors, log, drivers)
    finally:
        loop.close()
    results: dict[str, t.Any] = {}
    for contender in contenders:
        key = contender.key
        if key in errors:
            results[key] = {"label": contender.label, "error": errors[key]}
            continue
        figures = {
            scenario.key: summary(samples[key, scenario.key], counts[key, scenario.key])
            for scenario in SCENARIOS
        }
        results[key] = {"label": contender.label, "scenarios": figures}
    add_ratios(results)
    return results


def checked_drivers(
    contenders: t.Sequence[Contender],
    loop: asyncio.AbstractEventLoop,
    errors: dict[str, str],
    log: t.Callable[[str], None],
    built: dict[str, dict[str, Driver]] | None = None,
) -> dict[str, dict[str, Driver]]:
    """Return the drivers of every contender that answers every scenario correctly.

    Apps are built unless *built* has their drivers already; refusals go into *errors*.

    :raise ContenderSetupFailed: the reference or the floor answered wrongly.
    """
    drivers = {}
    for contender in contenders:
        if contender.key in errors:
            continue
        try:
            if built is None:
                drivers[contender.key] = make_drivers(contender, loop)
            else:
                for scenario in SCENARIOS:
                    check_driver(built[contender.key][scenario.key], scenario)
                drivers[contender.key] = built[contender.key]
        except ContenderSetupFailed as exc:
            if contender.key in (REFERENCE, FLOOR):
                raise
            log(f"  {contender.label}: refused, no figures: {exc}")
            errors[contender.key] = str(exc)
    return drivers


def time_round_robin(
    drivers: dict[str, dict[str, Driver]],
    counts: dict[tuple[str, str], int],
    repeats: int,
    log: t.Callable[[str], None],
) -> dict[tuple[str, str], list[float]]:
    """Time one block per app and scenario, *repeats* times; return µs/request, by pair.

    Within a repeat each scenario is timed across every app in turn, and each
    repeat starts one app further, so drift on the machine hits every app alike.
    """
    samples: dict[tuple[str, str], list[float]] = {pair: [] for pair in counts}
    keys = list(drivers)
    for repeat in range(repeats):
        log(f"  repeat {repeat + 1}/{repeats}")
        shift = repeat % len(keys)
        order = keys[shift:] + keys[:shift]
        for scenario in SCENARIOS:
            for key in order:
                gc.collect()
                count = counts[key, scenario.key]
                nanoseconds = drivers[key][scenario.key].run(count)
                samples[key, scenario.key].append(nanoseconds / count / 1000)
    return samples


def summary(samples: list[float], iterations: int) -> dict[str, t.Any]:
    """Return the median and quartiles of one app's timings of one scenario, in µs/request."""
    quartiles = statistics.quantiles(samples, n=4) if len(samples) > 1 else [samples[0]] * 3
    return {
        "us": statistics.median(samples),
        "q1": quartiles[0],
        "q3": quartiles[2],
        "iterations": iterations,
        "samples": samples,
    }


def add_ratios(results: dict[str, t.Any]) -> None:
    """Add each figure's ratio to the reference's and to the floor's, from the same run."""
    reference, floor = results[REFERENCE]["scenarios"], results[FLOOR]["scenarios"]
    for result in results.values():
        for key, figure in result.get("scenarios", {}).items():
            figure["vs_reference"] = figure["us"] / reference[key]["us"]
            figure["vs_floor"] = figure["us"] / floor[key]["us"]

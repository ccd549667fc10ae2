"""Time refusing hostile JSON bodies next to parsing valid bodies of the same size.

Run ``python benchmarks/json_refusal.py``; ``--baseline FILE`` also times another
version of ``restkit/core/json_decoding.py`` (for instance the one on ``main``:
``git show main:restkit/core/json_decoding.py > /tmp/old.py``) in the same run.
Each figure is the best CPU time of a few runs, measured in a child process
stopped after ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import multiprocessing
import sys
import time
import typing as t
from pathlib import Path

MAX_DEPTH = 64
REFERENCE = "valid: objects"


def objects_body(size: int) -> bytes:
    """A valid list of small objects, a typical API payload."""
    item = b'{"id": 12345, "name": "pet number 12345", "tag": "dog", "tags": ["a", "b"]}'
    return b"[" + b", ".join([item] * max(1, size // (len(item) + 2))) + b"]"


def long_strings_body(size: int) -> bytes:
    """A valid list of 1 kB strings, the cheapest body to parse per byte."""
    item = b'"' + b"x" * 1000 + b'"'
    return b"[" + b", ".join([item] * max(1, size // (len(item) + 2))) + b"]"


def escaped_quotes_body(size: int) -> bytes:
    """65 brackets, a quote, then escaped quotes: quadratic for a re-matching string regex."""
    head = b"[" * (MAX_DEPTH + 1) + b'"'
    return head + b'\\"' * ((size - len(head)) // 2)


def open_brackets_body(size: int) -> bytes:
    """Opening brackets only."""
    return b"[" * size


def deep_groups_body(size: int) -> bytes:
    """A valid list of arrays nested 65 deep."""
    group = b"[" * (MAX_DEPTH + 1) + b"1" + b"]" * (MAX_DEPTH + 1)
    return b"[" + b",".join([group] * max(1, size // (len(group) + 1))) + b"]"


def quoted_brackets_body(size: int) -> bytes:
    """65 brackets, then an unterminated string full of brackets."""
    head = b"[" * (MAX_DEPTH + 1) + b'"'
    return head + b"[" * (size - len(head))


SHAPES: dict[str, t.Callable[[int], bytes]] = {
    REFERENCE: objects_body,
    "valid: long strings": long_strings_body,
    "refused: escaped quotes": escaped_quotes_body,
    "refused: open brackets": open_brackets_body,
    "refused: deep groups": deep_groups_body,
    "refused: quoted brackets": quoted_brackets_body,
}


def load_decoder(path: str | None) -> t.Callable[[bytes, int], t.Any]:
    """Return ``decode_strictly`` from the module file *path*, or restkit's own."""
    if path is None:
        from restkit.core.json_decoding import decode_strictly

        return decode_strictly
    spec = importlib.util.spec_from_file_location("baseline_json_decoding", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Cannot load {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return t.cast(t.Callable[[bytes, int], t.Any], module.decode_strictly)


def best_time(decode: t.Callable[[bytes, int], t.Any], body: bytes, repeats: int) -> float:
    """Return the best of *repeats* CPU times of decoding *body*, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        with contextlib.suppress(ValueError):  # refused: that is the point
            decode(body, MAX_DEPTH)
        best = min(best, time.process_time() - start)
    return best


def _child(path: str | None, shape: str, size: int, repeats: int, results: t.Any) -> None:
    results.put(best_time(load_decoder(path), SHAPES[shape](size), repeats))


def measure(path: str | None, shape: str, size: int, repeats: int, timeout: float) -> float | None:
    """Time one shape and size in a child process; ``None`` when it ran past *timeout*."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_child, args=(path, shape, size, repeats, results))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return t.cast(float, results.get())


def parse_size(text: str) -> int:
    """Read ``32K``, ``4M`` or a plain byte count."""
    units = {"K": 1024, "M": 1024 * 1024}
    unit = units.get(text[-1:].upper(), 1)
    return int(text[:-1] if unit != 1 else text) * unit


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="32K,64K,1M,4M", help="body sizes, comma-separated")
    parser.add_argument("--baseline", help="another json_decoding.py to time in the same run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per measurement")
    parser.add_argument("--repeats", type=int, default=5, help="timings kept: the best one")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    columns = [("restkit", None)]
    if options.baseline:
        columns.append(("baseline", options.baseline))
    header = f"{'size':>8}  {'body':<26}" + "".join(
        f"{name + ' µs':>16}{'ratio':>9}" for name, _ in columns
    )
    print(header)
    for size in (parse_size(text) for text in options.sizes.split(",")):
        reference: dict[str, float | None] = {}
        for shape in SHAPES:
            row = f"{size // 1024:>6}Ki  {shape:<26}"
            for name, path in columns:
                seconds = measure(path, shape, size, options.repeats, options.timeout)
                if shape == REFERENCE:
                    reference[name] = seconds
                base = reference.get(name)
                if seconds is None:
                    row += f"{'> ' + format(options.timeout, 'g') + ' s':>16}{'-':>9}"
                else:
                    ratio = f"{seconds / base:.2f}" if base else "-"
                    row += f"{seconds * 1e6:>16,.0f}{ratio:>9}"
            print(row, flush=True)
    print(f"ratio: time / time of '{REFERENCE}' of the same size and column")


if __name__ == "__main__":
    main()

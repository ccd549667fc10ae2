"""The ``if``/``elif`` chain on a raw value that every field's load code is made of."""

from __future__ import annotations

import contextlib
import typing as t

from ..strict import TypeCheck, is_json_boolean, is_json_number

if t.TYPE_CHECKING:
    from .sinks import Sink
    from .source import Function

#: The exact types JSON decoding produces (``None`` is handled apart).
JSON_TYPES = (str, int, float, bool, list, dict)
#: The exact types restkit's JSON type checks let through unchanged.
ACCEPTED: dict[t.Callable[[t.Any], bool], frozenset[type]] = {
    is_json_number: frozenset({int, float}),
    is_json_boolean: frozenset({bool}),
}


class Branches:
    """Writes an ``if``/``elif`` chain on the raw value, ending with the field's own load.

    The field's JSON type checks (restkit's strict ``pre_load`` steps) are written
    as late as they can be: a branch for types every check is known to accept may
    come first, so the common case skips them.
    """

    def __init__(self, code: Function, sink: Sink, checks: list[TypeCheck]) -> None:
        self.code = code
        self.sink = sink
        self.started = False
        self.closed = False
        self.checks = checks
        self.accepted = frozenset(JSON_TYPES).intersection(
            *(ACCEPTED.get(check.accepts, frozenset()) for check in checks)
        )

    @contextlib.contextmanager
    def case(self, condition: str, kinds: t.Iterable[type] | None = None) -> t.Iterator[None]:
        """Write a branch taken when *condition* holds (and no earlier one did).

        *kinds* are the exact types of the values the branch takes, when known.
        """
        if kinds is None or not self.accepted.issuperset(kinds):
            self._write_checks()
        keyword = "elif" if self.started else "if"
        self.started = True
        with self.code.block(f"{keyword} {condition}:"):
            yield

    @contextlib.contextmanager
    def rest(self) -> t.Iterator[None]:
        """Write the branch for every value no earlier branch took."""
        self._write_checks()
        self.closed = True
        if not self.started:
            yield
            return
        with self.code.block("else:"):
            yield

    def _write_checks(self) -> None:
        checks, self.checks = self.checks, []
        for check in checks:
            with self.case(f"not {self.code.bind(check.accepts, 'accepts')}(v)"):
                message = check.message if isinstance(check.message, str) else None
                fail_or_delegate(self.code, self.sink, message)

    def types(self, kinds: t.Iterable[type], hint: str = "types") -> str:
        """Return a test of ``v`` having one of the exact types *kinds*."""
        names = [kind.__name__ for kind in kinds]
        if len(names) == 1:
            return f"type(v) is {names[0]}"
        return f"type(v) in {self.code.bind(frozenset(kinds), hint)}"

    @contextlib.contextmanager
    def typed(self, *kinds: type) -> t.Iterator[None]:
        """Write a branch taken by values of the exact types *kinds*."""
        with self.case(self.types(kinds), kinds):
            yield

    def refuse(self, kinds: t.Iterable[type], message: str | None) -> None:
        """Write a branch failing with the constant *message* for values of *kinds*."""
        if message is not None:
            kinds = tuple(kinds)
            with self.case(self.types(kinds, "wrong_types"), kinds):
                self.sink.fail(self.code, f"[{self.code.bind(message, 'message')}]")

    def close(self) -> None:
        """End the chain: whatever is left goes to the field's own ``deserialize``."""
        if not self.closed:
            with self.rest():
                self.sink.delegate(self.code, "v")


def fail_or_delegate(code: Function, sink: Sink, message: str | None) -> None:
    """Write a failure with the constant *message*, or (without one) the field's own load."""
    if message is None:
        sink.delegate(code, "v")
    else:
        sink.fail(code, f"[{code.bind(message, 'message')}]")

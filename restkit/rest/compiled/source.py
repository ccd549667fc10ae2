"""Write the Python source of generated functions, with every value they use bound by name."""

from __future__ import annotations

import functools
import re
import types
import typing as t

#: What a name hint may look like: names in generated code are ours, never the user's.
HINT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class Module:
    """The source of one generated module and the namespace it runs in.

    Values reach the code only through the namespace (:meth:`bind`); the only
    user-given text written into the source is a key that is a plain identifier,
    written with :func:`repr` (:meth:`literal`).
    """

    def __init__(self, title: str, prelude: dict[str, t.Any]) -> None:
        self.title = comment(title)
        self.namespace: dict[str, t.Any] = {}
        self.functions: list[Function] = []
        self._counts: dict[str, int] = {}
        self._bound: dict[int, str] = {}
        for name, value in prelude.items():
            self.namespace[name] = value
            self._bound[id(value)] = name

    def name(self, hint: str) -> str:
        """Return a fresh name built from *hint* (our own word, checked).

        Every such name ends with ``_<number>``, so it never takes the name of a
        local variable of the generated code, nor of the prelude.
        """
        if not HINT.fullmatch(hint):
            raise ValueError(f"{hint!r} is not a name hint")
        count = self._counts.get(hint, 0)
        self._counts[hint] = count + 1
        return f"{hint}_{count}"

    def bind(self, value: t.Any, hint: str) -> str:
        """Return the name under which the generated code sees *value* (bound once per object)."""
        known = self._bound.get(id(value))
        if known is not None and self.namespace[known] is value:
            return known
        name = self.name(hint)
        self.namespace[name] = value
        self._bound[id(value)] = name
        return name

    def literal(self, key: t.Any) -> str:
        """Return source for *key*: its ``repr`` if it is a plain identifier, else a bound name."""
        if type(key) is str and key.isascii() and key.isidentifier():
            return repr(key)
        return self.bind(key, "key")

    def function(self, hint: str, parameters: str, doc: str) -> Function:
        """Start a new function of the module and return it, to be written."""
        function = Function(self, self.name(hint))
        function(f"def {function.name}({parameters}):")
        function.depth = 1
        function(f'"""{comment(doc)}"""')
        self.functions.append(function)
        return function

    def drop(self, function: Function) -> None:
        """Leave out *function*, started but not needed after all."""
        self.functions.remove(function)

    @property
    def source(self) -> str:
        """The module's source text."""
        parts = [f"# {self.title}"]
        parts.extend("\n".join(function.lines) for function in self.functions)
        return "\n\n".join(parts) + "\n"

    def build(self) -> dict[str, t.Any]:
        """Run the module once and return its namespace, where the functions now are."""
        exec(compiled(self.source, f"<restkit compiled: {self.title}>"), self.namespace)
        return self.namespace


@functools.lru_cache(maxsize=512)
def compiled(source: str, filename: str) -> types.CodeType:
    """Compile *source*, once: schemas alike (one schema on several endpoints) share code.

    The code refers to values only by name, so one code object serves every
    namespace it runs in.
    """
    return compile(source, filename, "exec")


class Function:
    """The lines of one generated function; values and names come from its module."""

    def __init__(self, module: Module, name: str) -> None:
        self.module = module
        self.name = name
        self.lines: list[str] = []
        self.depth = 0

    def __call__(self, text: str) -> None:
        """Write one line at the current depth."""
        self.lines.append("    " * self.depth + text)

    def block(self, header: str) -> Indented:
        """Write *header* and indent what is written inside the ``with``."""
        self(header)
        return Indented(self)

    def bind(self, value: t.Any, hint: str) -> str:
        """Bind *value* in the module (see :meth:`Module.bind`)."""
        return self.module.bind(value, hint)

    def literal(self, key: t.Any) -> str:
        """Return source for *key* (see :meth:`Module.literal`)."""
        return self.module.literal(key)


class Indented:
    """Indents what a function's code writes inside a ``with`` block."""

    __slots__ = ("function",)

    def __init__(self, function: Function) -> None:
        self.function = function

    def __enter__(self) -> None:
        self.function.depth += 1

    def __exit__(self, *exc_info: object) -> None:
        self.function.depth -= 1


def comment(text: str) -> str:
    """Return *text* fit for a comment or docstring: identifiers and plain words only."""
    return text if re.fullmatch(r"[A-Za-z0-9_ .,:()'=\[\]-]*", text) else "(name not shown)"

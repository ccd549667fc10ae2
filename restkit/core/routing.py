"""URL map setup: the rule and map classes and the bounded integer converter."""

from __future__ import annotations

import re
import typing as t
import uuid

from werkzeug.routing import IntegerConverter, Map, RequestRedirect, Rule

if t.TYPE_CHECKING:
    from .wrappers import Request

_SLASHES = re.compile("/{2,}")
#: How many matched paths :meth:`RouteShortcuts.match_path` keeps.
KNOWN_PATHS = 1024
#: The types of URL values a kept match may hold: nothing a view could change.
IMMUTABLE_VALUES = frozenset({int, float, str, bool, uuid.UUID, type(None)})

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


class BoundedIntegerConverter(IntegerConverter):
    """The ``int`` converter, bounded to int64 unless told otherwise.

    A path segment past the bound does not match, so the client gets a 404
    rather than a number the database cannot hold. Only ASCII digits match:
    werkzeug's ``\\d`` takes every Unicode digit, so ``/pets/%D9%A1`` (an
    Arabic-Indic one) would be a second URL of ``/pets/1``, past any rule a
    proxy keeps on it.
    """

    regex = "[0-9]+"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        low = min if min is not None else (INT64_MIN if signed else 0)
        high = max if max is not None else INT64_MAX
        super().__init__(map, fixed_digits=fixed_digits, min=low, max=high, signed=signed)


def default_converters() -> dict[str, type[t.Any]]:
    """Return the converters every app starts with: werkzeug's, with ``int`` bounded."""
    converters = dict(Map.default_converters)
    converters["int"] = BoundedIntegerConverter
    return converters


class AppRule(Rule):
    """A URL rule that remembers whether the app answers OPTIONS for it."""

    provide_automatic_options: bool = False


class RouteShortcuts:
    """The URL rules without converters, found by path and method with one dict lookup;
    and paths no rule can match, told apart at once.

    Only paths werkzeug would match the same way are kept: every rule at the
    path has no converters, no defaults, no host or other subdomain, no
    redirect, no ``//``, is not build-only nor a websocket, lists its methods,
    and no two rules share a method. A request this finds nothing for goes to werkzeug's
    matcher, which stays the authority (404, 405, redirects).

    :param url_map: the app's URL map, bound without host or subdomain matching.
    """

    __slots__ = ("_by_path", "_default_subdomain", "_matched", "_prefixes", "_url_map")

    def __init__(self, url_map: Map) -> None:
        default_subdomain = url_map.default_subdomain or ""
        self._url_map = url_map
        self._default_subdomain = default_subdomain
        self._matched: dict[tuple[str, str], tuple[Rule, dict[str, t.Any]]] = {}
        by_path: dict[str, dict[str, Rule] | None] = {}
        for rule in url_map.iter_rules():
            path = rule.rule
            methods = by_path.setdefault(path, {})
            if methods is None:
                continue
            if (
                rule.arguments
                or rule.defaults
                or rule.build_only
                or rule.redirect_to is not None
                or rule.websocket
                or rule.host
                or rule.methods is None
                or (rule.subdomain or "") != default_subdomain
                or not path.isascii()
                or "//" in path
                or not rule.methods.isdisjoint(methods)
            ):
                by_path[path] = None
                continue
            methods.update(dict.fromkeys(rule.methods, rule))
        self._by_path = {path: methods for path, methods in by_path.items() if methods}
        #: The text every rule's path starts with, before its first converter (with
        #: runs of slashes merged too, as werkzeug merges them in rules).
        self._prefixes = tuple(
            {
                prefix
                for rule in url_map.iter_rules()
                for prefix in _prefixes_of(rule.rule.partition("<")[0])
            }
        )

    def match(self, environ: t.Mapping[str, t.Any]) -> Rule | None:
        """Return the rule for the request's path and method, or ``None`` to ask werkzeug."""
        methods = self._by_path.get(environ.get("PATH_INFO", ""))
        if methods is None or "HTTP_UPGRADE" in environ:
            return None
        return methods.get(environ.get("REQUEST_METHOD", ""))

    def no_rule_can_match(self, environ: t.Mapping[str, t.Any]) -> bool:
        """Tell whether no rule can match the request's path: werkzeug would answer 404.

        True only for a path that starts with no rule's fixed text (nor does it
        with a trailing slash added, as for a redirect to a rule ending in one),
        plain enough for werkzeug to match as it is (ASCII, no ``//``).
        """
        path = environ.get("PATH_INFO", "")
        prefixes = self._prefixes
        return (
            bool(path)
            and path.isascii()
            and "//" not in path
            and not path.startswith(prefixes)
            and not (path + "/").startswith(prefixes)
        )

    def match_path(self, request: Request) -> tuple[Rule, dict[str, t.Any]] | None:
        """Match the request with werkzeug on its path and method alone.

        Without host or subdomain matching, werkzeug matches on those alone; the
        host, script name and query only serve the URLs it builds, such as a
        redirect's: for one, as for a websocket upgrade or an empty path, this
        returns ``None`` and the caller matches the request's full binding. The
        answers for the most recent paths are kept (their values being immutable),
        so a path asked for again is not matched again.

        :raise HTTPException: werkzeug's 404 or 405.
        """
        environ = request.environ
        path = environ.get("PATH_INFO")
        if not path or "HTTP_UPGRADE" in environ:
            return None
        key = (path, request.method)
        # PERF: werkzeug's matcher is the largest cost of a request to a dynamic URL.
        known = self._matched.get(key)
        if known is not None:
            return known[0], dict(known[1])
        adapter = self._url_map.bind(
            "localhost",
            subdomain=self._default_subdomain,
            path_info=request.path,
            default_method=request.method,
        )
        try:
            rule, values = adapter.match(return_rule=True)
        except RequestRedirect:
            return None
        if all(type(value) in IMMUTABLE_VALUES for value in values.values()):
            if len(self._matched) >= KNOWN_PATHS:
                self._matched.clear()
            self._matched[key] = (rule, dict(values))
        return rule, dict(values)


def _prefixes_of(text: str) -> tuple[str, ...]:
    """Return *text*, and *text* with its runs of slashes merged when it has any."""
    return (text, _SLASHES.sub("/", text)) if "//" in text else (text,)

"""A griffe extension: restkit's Sphinx-style docstrings, as mkdocstrings renders them.

restkit's docstrings are reST (``:param:`` fields, ``:class:`Config``` roles,
``#:`` comments documenting attributes). The API reference renders them with
mkdocstrings, which parses the fields but knows nothing of the other two, so this
extension, once the package is loaded:

- gives each attribute without a docstring the ``#:`` comment above it (or after
  it, on its line), as Sphinx's autodoc does, or the ``doc=`` of the call that
  makes it (blinker's ``signal(name, doc=...)``);
- rewrites each role as a Markdown cross-reference to the object it names:
  ``:meth:`route``` in a method of ``App`` becomes
  ``[`route`][restkit.core.app.App.route]``. Names are resolved where the
  docstring is, as Sphinx does: the object's members (inherited ones too), then
  its parents' members and imports.

What a role becomes depends on where its name leads:

- A name that resolves inside restkit becomes a cross-reference, which
  ``mkdocs build --strict`` fails on when its target is not in the reference.
- A name outside restkit (``~werkzeug.http.parse_etags``, ``repr``,
  ``sys.get_int_max_str_digits``) stays code: the site is built offline, without
  other projects' inventories.
- A name that resolves nowhere (a typo, a renamed method) becomes a
  cross-reference to that name, so the build fails and says which.

Other packages' docstrings (werkzeug's, shown in inherited members) keep their
roles as code.

mkdocs.yml loads it by path: ``docs/reference/sphinx_roles.py:SphinxRoles``.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import re
import typing as t

import griffe

#: ``#: text`` comment lines.
DOC_COMMENT = re.compile(r"^\s*#: ?(?P<text>.*)$")
TRAILING_DOC_COMMENT = re.compile(r"\s#: ?(?P<text>.*)$")
#: ``:role:`target```, ``:py:role:`~target```, ``:role:`title <target>```.
ROLE = re.compile(
    r":(?:py:)?(?:class|meth|func|attr|data|exc|mod|obj|const):"
    r"`(?:(?P<title>[^`<]*?)\s*<(?P<explicit>[^`>]+)>|(?P<target>[^`]+))`"
)
#: A paragraph ending in ``::`` introduces a literal block in reST; Markdown shows ``:``.
LITERAL_BLOCK_INTRO = re.compile(r"(?<=\S)::$", re.M)
LONE_LITERAL_BLOCK_INTRO = re.compile(r"^\s*::\n", re.M)

Resolver = t.Callable[[str], str | None]


class SphinxRoles(griffe.Extension):
    """Rewrite the roles of every docstring in a package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: t.Any) -> None:
        """Rewrite the docstrings of *pkg* and everything it defines."""
        ours = pkg.name == "restkit"
        for obj in objects_of(pkg):
            if obj.is_attribute and obj.docstring is None:
                add_docstring(obj, like=pkg.docstring)
            if obj.docstring is not None:
                resolve = scoped_resolver(obj) if ours else no_resolver
                obj.docstring.value = rewrite(obj.docstring.value, resolve, strict=ours)


def objects_of(obj: griffe.Object) -> t.Iterator[griffe.Object]:
    """Yield *obj* and every object defined in it (not what it imports), depth first."""
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from objects_of(t.cast(griffe.Object, member))


def add_docstring(attribute: griffe.Object, like: griffe.Docstring | None) -> None:
    """Give *attribute* its ``#:`` comment or ``doc=``, parsed like the *like* docstring."""
    text = doc_argument(attribute)
    if text is None and attribute.lineno is not None and attribute.filepath is not None:
        text = comment_before(attribute.lines_collection[attribute.filepath], attribute.lineno)
    if text is None:
        return
    attribute.docstring = griffe.Docstring(
        text,
        lineno=attribute.lineno,
        parent=attribute,
        parser=like.parser if like else None,
        parser_options=like.parser_options if like else None,
    )


def doc_argument(attribute: griffe.Object) -> str | None:
    """Return the literal ``doc=`` string of the call whose result *attribute* is."""
    value = getattr(attribute, "value", None)
    for argument in getattr(value, "arguments", ()):
        if isinstance(argument, griffe.ExprKeyword) and argument.name == "doc":
            text = ast.literal_eval(str(argument.value))
            return text if isinstance(text, str) else None
    return None


def comment_before(lines: t.Sequence[str], lineno: int) -> str | None:
    """Return the ``#:`` comment of line *lineno* (from 1): the lines above it, or its end."""
    above: list[str] = []
    index = lineno - 2
    while index >= 0 and (match := DOC_COMMENT.match(lines[index])):
        above.insert(0, match["text"])
        index -= 1
    if above:
        return "\n".join(above)
    trailing = TRAILING_DOC_COMMENT.search(lines[lineno - 1])
    return trailing["text"] if trailing else None


def no_resolver(name: str) -> str | None:
    """Resolve nothing: another package's roles stay code."""
    return None


def rewrite(text: str, resolve: Resolver, *, strict: bool = True) -> str:
    """Return *text* with its roles as cross-references and ``::`` intros as ``:``.

    :param strict: an unresolved name becomes a cross-reference that fails the
        build; ``False``: code.
    """

    def replace(match: re.Match[str]) -> str:
        target = match["explicit"] or match["target"]
        if target.startswith("!"):
            return f"`{target[1:]}`"
        name = target.removeprefix("~")
        title = match["title"] or (name.rsplit(".", 1)[-1] if target.startswith("~") else name)
        if is_outside(name):
            return f"`{title}`"
        path = resolve(name)
        if path is None and strict:
            # Unresolved: a cross-reference to the bare name, which the strict build reports.
            return f"[`{title}`][{name}]"
        if path is None or not path.startswith("restkit."):
            return f"`{title}`"
        return f"[`{title}`][{path}]"

    text = ROLE.sub(replace, text)
    text = LONE_LITERAL_BLOCK_INTRO.sub("\n", text)
    return LITERAL_BLOCK_INTRO.sub(":", text)


def is_outside(name: str) -> bool:
    """Whether *name* is a builtin or lives in an importable package other than restkit."""
    head = name.split(".", 1)[0]
    if head == "restkit":
        return False
    if "." not in name:
        return hasattr(builtins, name)
    return importlib.util.find_spec(head) is not None


def scoped_resolver(obj: griffe.Object) -> Resolver:
    """Return a function resolving names as they are seen from *obj*'s docstring."""

    def resolve(name: str) -> str | None:
        head, _, rest = name.partition(".")
        scope: griffe.Object | None = obj
        while scope is not None:
            found = member_path(scope, head)
            if found is not None:
                return canonical(obj, f"{found}.{rest}" if rest else found)
            scope = scope.parent
        return None

    return resolve


def canonical(obj: griffe.Object, path: str) -> str | None:
    """Return where the object at *path* is defined (through re-exports), if it exists."""
    if not path.startswith("restkit."):
        return path
    try:
        found = obj.modules_collection[path]
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    if found.is_alias and not found.inherited:
        return str(found.final_target.path)
    # Inherited members are documented under the class that inherits them.
    return str(found.path)


def member_path(scope: griffe.Object, name: str) -> str | None:
    """Return the path *name* has in *scope*: a member (inherited too) or an import."""
    if scope.path == name or scope.name == name:
        return scope.path
    if scope.is_class and name in scope.all_members:
        return f"{scope.path}.{name}"
    try:
        return scope.resolve(name)
    except griffe.NameResolutionError:
        return None

"""The configuration reference lists exactly the config keys restkit reads, with their defaults.

The keys restkit reads are found three ways, so a new key cannot be missed:

1. the keys of ``DEFAULT_CONFIG``, which every app starts with;
2. a scan of the source of ``restkit/`` (its syntax tree, not its text): every
   string used as the key of a config read (``config["KEY"]``,
   ``config.get("KEY", default)``, ``api.config("KEY", default)``), and every
   string that is a whole ``API_*`` or ``OPENAPI_*`` key wherever it stands (the
   tables that name keys, such as the docs pages');
3. the keys an app asks its config for while it serves a REST endpoint, its
   documents and every docs page (for keys built at run time, such as
   ``OPENAPI_REDOC_INTEGRITY``).

Where the code states a default — a ``DEFAULT_CONFIG`` value, or a constant (or a
module constant) passed as the default of a read — the page's default column
must say the same, as a Python expression in its first code span.
"""

from __future__ import annotations

import ast
import re
import typing as t
from datetime import timedelta
from pathlib import Path

import pytest
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, Config
from restkit.core.options import DEFAULT_CONFIG
from restkit.spec import REDOC_CDN, SCALAR_CDN

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "config-reference.md"
PACKAGE = ROOT / "restkit"
#: A table row of the page: its key, and the rest of the row.
ROW = re.compile(r"^\| `(?P<key>[A-Z][A-Z0-9_]*)` \| (?P<default>[^|]*) \|", re.M)
FIRST_CODE_SPAN = re.compile(r"`([^`]+)`")
#: A whole config key of the REST or OpenAPI layer, wherever it stands in the source.
API_KEY = re.compile(r"(?:API|OPENAPI)_[A-Z0-9_]*[A-Z0-9]")  # a key, not a prefix such as API_CORS_
#: A key a config read names.
ANY_KEY = re.compile(r"[A-Z][A-Z0-9_]*")
NO_DEFAULT = object()


class Read(t.NamedTuple):
    key: str
    default: t.Any
    """The constant default of the read, or ``NO_DEFAULT``."""
    where: str


def documented() -> dict[str, str]:
    """Return the page's keys, each with its default cell."""
    rows: dict[str, str] = {}
    for match in ROW.finditer(PAGE.read_text(encoding="utf-8")):
        assert match["key"] not in rows, f"{match['key']} has two rows in {PAGE.name}"
        rows[match["key"]] = match["default"].strip()
    return rows


def is_config(node: ast.expr) -> bool:
    """Whether *node* names a config: ``config``, ``x.config``, ``self.app.config``..."""
    return (isinstance(node, ast.Name) and node.id == "config") or (
        isinstance(node, ast.Attribute) and node.attr == "config"
    )


def constant_of(node: ast.expr, constants: dict[str, t.Any]) -> t.Any:
    """Return the value of a literal, or of a name bound to one at module level."""
    if isinstance(node, ast.Name):
        return constants.get(node.id, NO_DEFAULT)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return NO_DEFAULT


def module_constants(tree: ast.Module) -> dict[str, t.Any]:
    constants: dict[str, t.Any] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            value = constant_of(statement.value, {})
            for target in targets:
                if isinstance(target, ast.Name) and value is not NO_DEFAULT:
                    constants[target.id] = value
    return constants


def reads_in(source: str, where: str) -> list[Read]:
    """Return the config reads of a module's *source*, and the API keys it names."""
    tree = ast.parse(source)
    constants = module_constants(tree)
    reads: list[Read] = []
    named_in_reads: set[int] = set()
    for node in ast.walk(tree):
        key_node: ast.expr | None = None
        default_node: ast.expr | None = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if is_config(node.value):
                key_node = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            getter = (
                isinstance(func, ast.Attribute) and func.attr == "get" and is_config(func.value)
            )
            if getter or is_config(func):
                key_node = node.args[0]
                default_node = node.args[1] if len(node.args) > 1 else None
        if (
            isinstance(key_node, ast.Constant)
            and isinstance(key_node.value, str)
            and ANY_KEY.fullmatch(key_node.value)
        ):
            default = NO_DEFAULT if default_node is None else constant_of(default_node, constants)
            reads.append(Read(key_node.value, default, f"{where}:{node.lineno}"))
            named_in_reads.add(id(key_node))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and API_KEY.fullmatch(node.value)
            and id(node) not in named_in_reads
        ):
            reads.append(Read(node.value, NO_DEFAULT, f"{where}:{node.lineno}"))
    return reads


def source_reads() -> list[Read]:
    reads: list[Read] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        reads += reads_in(path.read_text(encoding="utf-8"), where)
    return reads


class RecordingConfig(Config):
    """A config that remembers every key asked for."""

    asked: t.ClassVar[set[str]] = set()

    def __getitem__(self, key: str) -> t.Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: t.Any = None) -> t.Any:
        self.asked.add(key)
        return super().get(key, default)


class RecordingApp(App):
    config_class = RecordingConfig


def keys_asked_while_serving() -> set[str]:
    """Serve an endpoint, both documents and every docs page; return the keys asked for."""
    RecordingConfig.asked = set()
    app = RecordingApp(__name__)
    app.config.update(
        API_TITLE="Recorded",
        API_VERSION="1",
        SECRET_KEY="recorded",
        OPENAPI_REDOC_URL=REDOC_CDN.url,
        OPENAPI_SCALAR_URL=SCALAR_CDN.url,
    )
    api = Api(app)
    items = Blueprint("items", __name__, url_prefix="/items")

    class Item(Schema):
        name = fields.Str(required=True)

    @items.route("", methods=["POST"])
    @items.arguments(Item)
    @items.response(201, Item)
    def create(item: dict[str, str]) -> dict[str, str]:
        return item

    api.register_blueprint(items)
    client = app.test_client()
    assert client.post("/items", json={"name": "x"}).status_code == 201
    for path in ("/openapi.json", "/openapi.yaml", "/docs", "/redoc", "/scalar"):
        assert client.get(path).status_code == 200, path
    return set(RecordingConfig.asked)


@pytest.fixture(scope="module")
def reads() -> list[Read]:
    return source_reads()


@pytest.fixture(scope="module")
def keys_read(reads: list[Read]) -> set[str]:
    return set(DEFAULT_CONFIG) | {read.key for read in reads} | keys_asked_while_serving()


def test_every_key_read_is_documented(keys_read):
    missing = sorted(keys_read - set(documented()))

    assert not missing, (
        f"restkit reads config keys that docs/config-reference.md does not list: {missing}. "
        "Add a row for each (key, default, meaning) to the page's tables."
    )


def test_every_key_documented_is_read(keys_read):
    unknown = sorted(set(documented()) - keys_read)

    assert not unknown, (
        f"docs/config-reference.md lists keys restkit does not read: {unknown}. Remove their "
        "rows; a key built at run time is found by keys_asked_while_serving(): serve "
        "what reads it there."
    )


def stated_default(cell: str) -> t.Any:
    span = FIRST_CODE_SPAN.match(cell)
    assert span, f"the default {cell!r} does not start with a Python value in backticks"
    return eval(span[1], {"timedelta": timedelta})


def test_the_defaults_are_those_of_the_code(reads):
    rows = documented()
    defaults = {key: [(value, "DEFAULT_CONFIG")] for key, value in DEFAULT_CONFIG.items()}
    for read in reads:
        if read.default is not NO_DEFAULT:
            defaults.setdefault(read.key, []).append((read.default, read.where))

    wrong = [
        f"{key}: the page says {rows[key]!r}, {where} says {value!r}"
        for key, found in sorted(defaults.items())
        for value, where in found
        if stated_default(rows[key]) != value
    ]
    assert not wrong, "\n".join(wrong)
    assert len(defaults) > len(DEFAULT_CONFIG)  # the scan found the defaults of API keys too


def test_the_scan_finds_every_kind_of_read():
    source = """
FALLBACK = "f"
TABLE = ("OPENAPI_TABLE_PATH", "path")


def read(app, api, source, config):
    app.config["SUBSCRIPT_KEY"]
    app.config.get("GET_KEY", 3)
    api.config("API_CALLED", FALLBACK)
    source.config("OPENAPI_NO_DEFAULT")
    config("BARE_CONFIG", None)
    app.config["WRITTEN"] = 1
    other.get("NOT_CONFIG")
    app.config.get(computed)
    "API_TEXT is not a key"
"""

    found = {(read.key, read.default) for read in reads_in(source, "x.py")}

    assert found == {
        ("OPENAPI_TABLE_PATH", NO_DEFAULT),
        ("SUBSCRIPT_KEY", NO_DEFAULT),
        ("GET_KEY", 3),
        ("API_CALLED", "f"),
        ("OPENAPI_NO_DEFAULT", NO_DEFAULT),
        ("BARE_CONFIG", None),
    }


def test_keys_built_at_run_time_are_found():
    assert {"OPENAPI_REDOC_INTEGRITY", "OPENAPI_SCALAR_INTEGRITY"} <= keys_asked_while_serving()

"""The ``restkit`` command, and the CLI helpers where Flask users import them from."""

from __future__ import annotations

from .core.cli import (
    AppGroup,
    RestkitGroup,
    ScriptInfo,
    load_dotenv,
    make_cli,
    pass_script_info,
    with_appcontext,
)
from .spec.cli import openapi_group

__all__ = [
    "AppGroup",
    "RestkitGroup",
    "ScriptInfo",
    "load_dotenv",
    "main",
    "openapi_group",
    "pass_script_info",
    "with_appcontext",
]


def main() -> None:
    """Run the ``restkit`` command line."""
    make_cli(extra_commands=[openapi_group]).main(prog_name="restkit")

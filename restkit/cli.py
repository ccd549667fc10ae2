"""The ``restkit`` console command: the core's commands, plus those of the upper layers."""

from __future__ import annotations

from .core.cli import make_cli
from .spec.cli import openapi_group


def main() -> None:
    """Run the ``restkit`` command line."""
    make_cli(extra_commands=[openapi_group]).main(prog_name="restkit")

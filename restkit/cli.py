"""The ``restkit`` console command: the core's commands, plus those of the upper layers."""

from __future__ import annotations

from .core.cli import make_cli


def main() -> None:
    """Run the ``restkit`` command line."""
    make_cli().main(prog_name="restkit")

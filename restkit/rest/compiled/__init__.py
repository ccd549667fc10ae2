"""Schemas compiled into plain functions, equivalent to marshmallow's ``load`` and ``dump``."""

from __future__ import annotations

from .compilation import Compiled, compile_dumper, compile_loader

__all__ = ["Compiled", "compile_dumper", "compile_loader"]

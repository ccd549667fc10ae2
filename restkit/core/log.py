"""The app's logger: named after the app, writing to the WSGI server's error stream by default."""

from __future__ import annotations

import logging
import sys
import typing as t

from .globals import request_ctx_var

if t.TYPE_CHECKING:
    from .appsetup import AppSetup


class WSGIErrorsStream:
    """A text stream writing to the handled request's ``wsgi.errors``, else to ``sys.stderr``.

    So an app's log lines go where its WSGI server puts errors, as in Flask.
    """

    def _target(self) -> t.TextIO:
        ctx = request_ctx_var.get(None)
        if ctx is None:
            return sys.stderr
        return t.cast(t.TextIO, ctx.request.environ.get("wsgi.errors", sys.stderr))

    def write(self, text: str) -> int:
        """Write *text* to the current target."""
        return self._target().write(text)

    def flush(self) -> None:
        """Flush the current target."""
        self._target().flush()


#: The handler an app's logger gets when nothing would print its records.
default_handler = logging.StreamHandler(WSGIErrorsStream())
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def has_level_handler(logger: logging.Logger) -> bool:
    """Tell whether a handler on *logger* or its parents would print its records."""
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current is not None:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            return False
        current = current.parent
    return False


def create_logger(app: AppSetup) -> logging.Logger:
    """Return the logger named after *app*: debug level in debug mode, and
    :data:`default_handler` when no handler would print its records."""
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger

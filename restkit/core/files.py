"""Send files in responses: ``send_file`` and ``send_from_directory``, on werkzeug's."""

from __future__ import annotations

import os
import typing as t

from werkzeug.utils import send_file as werkzeug_send_file
from werkzeug.utils import send_from_directory as werkzeug_send_from_directory

from .globals import request_ctx_var

if t.TYPE_CHECKING:
    from datetime import datetime

    from .app import App
    from .ctx import RequestContext
    from .wrappers import Response

MaxAge = int | t.Callable[[str | None], int | None] | None


def send_file(
    path_or_file: os.PathLike[str] | str | t.IO[bytes],
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: MaxAge = None,
) -> Response:
    """Return a response sending a file; see werkzeug's ``send_file`` for the options.

    Never pass a path a client chose: use :func:`send_from_directory` for that.

    :param path_or_file: a path, relative to the app's ``root_path``, or a
        binary file object.
    :param max_age: seconds the client may cache the file, or a function of
        the file's path returning them; ``app.get_send_file_max_age`` (which
        reads ``SEND_FILE_MAX_AGE_DEFAULT``) by default.
    """
    ctx = _request_context("send_file")
    app = ctx.app
    if isinstance(path_or_file, str | os.PathLike):
        path_or_file = os.path.join(app.root_path, path_or_file)
    options = {
        "mimetype": mimetype,
        "as_attachment": as_attachment,
        "download_name": download_name,
        "conditional": conditional,
        "etag": etag,
        "last_modified": last_modified,
        "max_age": max_age,
    }
    response = werkzeug_send_file(
        path_or_file, ctx.request.environ, **_with_app_options(app, options)
    )
    return t.cast("Response", response)


def send_from_directory(
    directory: os.PathLike[str] | str, path: os.PathLike[str] | str, **kwargs: t.Any
) -> Response:
    """Return a response sending the file *path* of *directory*; 404 if there is none.

    *path* may come from the client: a path leading out of *directory* is a 404.

    :param directory: a folder, relative to the app's ``root_path``; never a
        value the client chose.
    :param kwargs: the options of :func:`send_file`.
    """
    ctx = _request_context("send_from_directory")
    app = ctx.app
    response = werkzeug_send_from_directory(
        os.path.join(app.root_path, directory),
        path,
        ctx.request.environ,
        **_with_app_options(app, kwargs),
    )
    return t.cast("Response", response)


def _request_context(caller: str) -> RequestContext:
    ctx = request_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError(f"{caller}() can only be used while a request is handled.")
    return ctx


def _with_app_options(app: App, options: dict[str, t.Any]) -> dict[str, t.Any]:
    """Add the app's response class and its resolved file options to *options*."""
    if options.get("max_age") is None:
        # werkzeug calls it with the file's path (None for a file object), as Flask does.
        options["max_age"] = app.get_send_file_max_age
    return {
        **options,
        "use_x_sendfile": app.options.use_x_sendfile,
        "response_class": app.response_class,
    }

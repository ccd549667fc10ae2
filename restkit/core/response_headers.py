"""Check that response header fields can be sent, while the app can still answer an error."""

from __future__ import annotations

import re
import typing as t

from .errors import RestkitError

if t.TYPE_CHECKING:
    from werkzeug.datastructures import Headers

# RFC 9110: a field name is a token; a field value holds visible characters, spaces,
# tabs and obs-text (bytes 0x80-0xFF, which WSGI carries as Latin-1 text).
_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")


class UnsendableHeaderError(RestkitError, ValueError):
    """A response header field cannot be sent as it is (see :func:`drop_unsendable_headers`)."""


#: Header names found to be tokens, so the next response need not check them again.
_TOKENS: set[str] = set()
#: How many names :data:`_TOKENS` keeps: an app sends few distinct header names.
_TOKENS_KEPT = 256


def is_token(name: str) -> bool:
    """Tell whether *name* is an HTTP token, as a header name must be."""
    if name in _TOKENS:
        return True
    if _FIELD_NAME.fullmatch(name) is None:
        return False
    if len(_TOKENS) < _TOKENS_KEPT:
        _TOKENS.add(name)
    return True


def is_sendable(name: str, value: str) -> bool:
    """Tell whether a WSGI server can send the header field *name*: *value* as it is."""
    # PERF: the usual value is printable ASCII, told in C without the regex.
    return is_token(name) and (
        (value.isascii() and value.isprintable()) or _FIELD_VALUE.fullmatch(value) is not None
    )


def drop_unsendable_headers(headers: Headers) -> None:
    """Remove the header fields of *headers* that cannot be sent, and raise naming them.

    A name must be an HTTP token; a value may hold neither line breaks nor other
    control characters (tabs aside), nor text outside Latin-1. Run on the
    finished response, before the server writes it: the app answers with a 500
    instead, and should that error response be refused too, it goes out without
    the fields rather than with them.

    :raise UnsendableHeaderError: *headers* held such fields (now removed).
    """
    for name, value in headers:
        # PERF: the usual field — a name seen before, a printable ASCII value — costs
        # two C calls and a set lookup.
        if not (value.isascii() and value.isprintable() and name in _TOKENS):
            break
    else:
        return
    refused = [name for name, value in headers if not is_sendable(name, value)]
    if not refused:
        return
    for name in refused:
        del headers[name]
    names = ", ".join(repr(name) for name in dict.fromkeys(refused))
    raise UnsendableHeaderError(
        f"Response header {names} cannot be sent: a header name must be an HTTP token, and a"
        " value may hold no line break, no other control character but tabs, and no text"
        " outside Latin-1 (encode such text, for instance as in RFC 8187)."
    )

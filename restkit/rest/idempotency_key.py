"""Read the ``Idempotency-Key`` request header: one Structured Field string (RFC 9651 §3.3.3).

The draft (``draft-ietf-httpapi-idempotency-key-header``) makes the field an
Item whose value is an ``sf-string``: printable ASCII in double quotes, with
``\\"`` and ``\\\\`` the only escapes — ``Idempotency-Key: "8e03978e-..."``.
restkit also refuses parameters (the draft defines none), an empty key and a
key longer than :data:`MAX_KEY_LENGTH`. The parser reads each character once.
"""

from __future__ import annotations

import typing as t

from .errors import error_class

if t.TYPE_CHECKING:
    from ..core.wrappers import Request

HEADER = "Idempotency-Key"
#: The longest key accepted, in characters (after unescaping).
MAX_KEY_LENGTH = 255
FORMAT = f'{HEADER} takes one string in double quotes, e.g. {HEADER}: "<a fresh UUID>"'


def parse_key(field: str) -> str:
    """Return the string an ``Idempotency-Key`` field value holds.

    :raises ValueError: the field is not one ``sf-string`` (surrounding spaces
        aside), or the string is empty or too long.
    """
    end = len(field)
    start = 0
    while start < end and field[start] == " ":
        start += 1
    while end > start and field[end - 1] == " ":
        end -= 1
    if start == end or field[start] != '"':
        raise ValueError(f"{FORMAT}.")
    characters: list[str] = []
    index = start + 1
    while True:
        if index >= end:
            raise ValueError(f"{FORMAT}: the closing double quote is missing.")
        character = field[index]
        index += 1
        if character == '"':
            break
        if character == "\\":
            if index >= end or field[index] not in '"\\':
                raise ValueError(f'{FORMAT}: only \\" and \\\\ may be escaped in it.')
            character = field[index]
            index += 1
        elif not " " <= character <= "~":
            raise ValueError(f"{FORMAT}: it may hold printable ASCII characters only.")
        characters.append(character)
    if index < end:
        if field[index] == ";":
            raise ValueError(f"{FORMAT}, without parameters.")
        raise ValueError(f"{FORMAT}: send one key, and nothing after its closing quote.")
    if not characters:
        raise ValueError(f"{FORMAT}: the key is empty.")
    if len(characters) > MAX_KEY_LENGTH:
        raise ValueError(f"{FORMAT}: the key is longer than {MAX_KEY_LENGTH} characters.")
    return "".join(characters)


def idempotency_key(request: Request) -> str | None:
    """Return the request's idempotency key, or ``None`` when it sends none.

    A field sent twice reaches the app as one value, ``"a", "b"`` (WSGI joins
    them), which is not one string.

    :raises HTTPException: 400 when the field is malformed or repeated.
    """
    field = request.headers.get(HEADER)
    if field is None:
        return None
    try:
        return parse_key(field)
    except ValueError as exc:
        raise error_class(400)(str(exc)) from exc

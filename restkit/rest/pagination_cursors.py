"""Feed cursors: the key value of the last item sent, signed with the app's secret keys."""

from __future__ import annotations

import hashlib
import typing as t

from itsdangerous import BadData, URLSafeSerializer

from ..core.errors import SetupError
from .errors import error_class

if t.TYPE_CHECKING:
    from ..core.app import App
    from .pagination import CursorValue

#: Prefix of the signature's salt; the endpoint and the key complete it.
SALT = "restkit.cursor"
INVALID_CURSOR = "The cursor is not one this list gave out: start again from the first page."


class CursorSigner:
    """Writes and reads the cursors of one feed (one endpoint sorted by one key).

    Cursors are signed with the newest of the app's secret keys and accepted when
    signed with any of them (``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``). The
    endpoint and the key are part of the signature's salt, so a cursor of another
    feed is refused like a tampered one.

    :param secret_keys: the signing keys, oldest first.
    :param endpoint: the feed's endpoint.
    :param key: the key the feed is sorted by.
    """

    def __init__(self, secret_keys: t.Sequence[str | bytes], endpoint: str, key: str) -> None:
        self.salt = f"{SALT}:{endpoint}:{key}"
        self.serializer = URLSafeSerializer(
            [secret.encode() if isinstance(secret, str) else secret for secret in secret_keys],
            salt=self.salt,
            signer_kwargs={"digest_method": hashlib.sha256},
        )
        self.bad_request = error_class(400)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.salt!r}>"

    @classmethod
    def for_app(cls, app: App, endpoint: str, key: str) -> CursorSigner:
        """Return the signer of a feed of *app*, signing with its ``SECRET_KEY``.

        :raises SetupError: the app has no ``SECRET_KEY``.
        """
        secret = app.config.get("SECRET_KEY")
        if not secret:
            raise SetupError(
                f"{endpoint} is paginated with CursorPage, whose cursors are signed with the "
                "app's SECRET_KEY: set app.config['SECRET_KEY'] to a long random string."
            )
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
        return cls([*fallbacks, secret], endpoint, key)

    def dumps(self, value: CursorValue | None) -> str:
        """Return the cursor of the page after the item whose key is *value*.

        :param value: ``None`` for the feed's start (a resumable feed's empty first page).
        """
        return self.serializer.dumps(value)

    def loads(self, cursor: str) -> CursorValue | None:
        """Return the key value *cursor* carries (``None``: the feed's start).

        :raises HTTPError: a 400 for a tampered, foreign or malformed cursor.
        """
        try:
            value = self.serializer.loads(cursor)
        except BadData as exc:
            raise self.bad_request(INVALID_CURSOR) from exc
        if value is not None and type(value) not in (int, str):
            raise self.bad_request(INVALID_CURSOR)
        return t.cast("CursorValue | None", value)

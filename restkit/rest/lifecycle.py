"""The lifecycle of an API version: a blueprint deprecated on a date, retired (sunset) on another.

``Blueprint(..., deprecated=..., sunset=..., deprecation_link=...)`` makes every
response of the blueprint carry ``Deprecation`` (RFC 9745: ``@<epoch seconds>``),
``Sunset`` (RFC 8594: an HTTP date) and ``Link: <url>; rel="deprecation"``,
errors included; with ``sunset_gone=True`` requests after the sunset are
answered 410. The blueprint's own hooks do it, so its plain routes are covered
too; the innermost blueprint with a lifecycle wins. See ``docs/versioning.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
import typing as t

from werkzeug.http import http_date

from ..core.errors import SetupError
from ..core.globals import request_ctx_var
from .errors import error_class

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.blueprints import Blueprint
    from ..core.wrappers import Response

Moment = datetime.date | datetime.datetime | str
#: The attribute of a blueprint holding its lifecycle.
LIFECYCLE_ATTRIBUTE = "lifecycle"
#: Printable ASCII a URI in a ``Link`` header may still not contain (RFC 8288 §3:
#: ``<`` URI-Reference ``>``).
UNLINKABLE = frozenset(" <>")

GONE = error_class(410)


def can_link(url: str) -> bool:
    """Whether *url* can stand in a ``Link`` header: printable ASCII without ``<>`` or spaces."""
    return bool(url) and url.isascii() and url.isprintable() and UNLINKABLE.isdisjoint(url)


def moment(value: Moment, name: str) -> datetime.datetime:
    """Return *value* (a date, a datetime or ISO 8601 text) as an aware UTC datetime.

    A date is its midnight UTC; a naive datetime is read as UTC.

    :param name: the option, for the error message.
    """
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise SetupError(
                f"{name}={value!r} is not an ISO 8601 date or datetime ('2026-06-30', "
                "'2026-06-30T12:00:00+00:00')."
            ) from exc
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)
    raise SetupError(f"{name}={value!r}: give a date, a datetime or ISO 8601 text.")


@dataclasses.dataclass(frozen=True, slots=True)
class Lifecycle:
    """When a blueprint's API version was deprecated and when it is retired.

    :raises SetupError: for a sunset before the deprecation, a link without a
        deprecation, ``sunset_gone`` without a sunset, or a link a header cannot carry.
    """

    deprecated: datetime.datetime | None = None
    sunset: datetime.datetime | None = None
    link: str | None = None
    """Where humans read about the deprecation (``Link: <url>; rel="deprecation"``)."""
    sunset_gone: bool = False
    """Whether requests after the sunset are answered 410 Gone."""

    def __post_init__(self) -> None:
        if self.link is not None and self.deprecated is None:
            raise SetupError("deprecation_link=... needs deprecated=<the date of the deprecation>.")
        if self.link is not None and not can_link(self.link):
            raise SetupError(
                f"deprecation_link={self.link!r} cannot be sent in a Link header: give a URL "
                "without spaces, angle brackets or non-ASCII characters (percent-encode them)."
            )
        if self.sunset_gone and self.sunset is None:
            raise SetupError("sunset_gone=True needs sunset=<the date the version is retired>.")
        if self.deprecated and self.sunset and self.sunset < self.deprecated:
            raise SetupError(
                f"sunset ({self.sunset.isoformat()}) is before deprecated "
                f"({self.deprecated.isoformat()}): a version is deprecated first, retired later."
            )

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The ``Deprecation``, ``Sunset`` and ``Link`` fields its responses carry."""
        fields = []
        if self.deprecated is not None:
            fields.append(("Deprecation", f"@{int(self.deprecated.timestamp())}"))
        if self.sunset is not None:
            fields.append(("Sunset", http_date(self.sunset)))
        if self.link is not None:
            fields.append(("Link", f'<{self.link}>; rel="deprecation"'))
        return fields

    @property
    def gone_detail(self) -> str:
        """The ``detail`` of the 410 sent after the sunset."""
        detail = f"This version of the API was retired on {http_date(self.sunset)}."
        if self.link is not None:
            detail += f" See {self.link} for what replaces it."
        return detail


def lifecycle_from_options(
    deprecated: Moment | None,
    sunset: Moment | None,
    deprecation_link: str | None,
    sunset_gone: bool,
) -> Lifecycle | None:
    """Return the lifecycle of a blueprint's options; ``None`` when none is given."""
    if deprecated is None and sunset is None and deprecation_link is None and not sunset_gone:
        return None
    return Lifecycle(
        None if deprecated is None else moment(deprecated, "deprecated"),
        None if sunset is None else moment(sunset, "sunset"),
        deprecation_link,
        sunset_gone,
    )


def lifecycle_of(app: App, blueprints: t.Iterable[str]) -> Lifecycle | None:
    """Return the lifecycle of the innermost of *blueprints* (dotted names) that has one."""
    for name in blueprints:
        found: Lifecycle | None = getattr(app.blueprints.get(name), LIFECYCLE_ATTRIBUTE, None)
        if found is not None:
            return found
    return None


def install_lifecycle(blueprint: Blueprint, lifecycle: Lifecycle) -> None:
    """Register the hooks sending *lifecycle*'s fields, and its 410, on *blueprint*."""
    fields = lifecycle.headers
    sunset = lifecycle.sunset.timestamp() if lifecycle.sunset is not None else None

    def current_request_is_ours() -> bool:
        # A blueprint's hooks run for its nested blueprints too: the innermost lifecycle wins.
        ctx = request_ctx_var.get()
        return lifecycle_of(ctx.app, ctx.request.blueprints) is lifecycle

    def add_lifecycle_fields(response: Response) -> Response:
        if current_request_is_ours():
            for name, value in fields:
                if name == "Link":
                    response.headers.add(name, value)
                else:
                    response.headers[name] = value
        return response

    def refuse_after_sunset() -> None:
        # A preflight still passes, so a browser can read the 410 of the request itself.
        if (
            sunset is not None
            and time.time() >= sunset
            and request_ctx_var.get().request.method != "OPTIONS"
            and current_request_is_ours()
        ):
            raise GONE(lifecycle.gone_detail)

    blueprint.after_request(add_lifecycle_fields)
    if lifecycle.sunset_gone:
        blueprint.before_request(refuse_after_sunset)

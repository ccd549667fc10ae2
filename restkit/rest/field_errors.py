"""Bound the field errors a 422 lists, so a huge invalid body cannot make a huger answer."""

from __future__ import annotations

import typing as t

#: The field errors a 422 lists per location; the rest are counted in one line.
MAX_LISTED_ERRORS = 50
#: Where the count goes: marshmallow's key for errors that concern no one field.
SUMMARY_KEY = "_schema"


def capped_errors(errors: dict[str, t.Any], limit: int = MAX_LISTED_ERRORS) -> dict[str, t.Any]:
    """Return *errors* (location -> field -> messages) listing at most *limit* fields per location.

    Fields nested in objects and lists count one by one. The fields past *limit*
    are dropped, and one line of the location's ``_schema`` messages says how many.
    """
    capped: dict[str, t.Any] = {}
    for location, fields in errors.items():
        if not isinstance(fields, dict):
            capped[location] = fields
            continue
        kept, _listed, dropped = _first_fields(fields, limit)
        if dropped:
            summary = f"{dropped} more errors are not listed (the first {limit} are)."
            kept[SUMMARY_KEY] = [*kept.get(SUMMARY_KEY, ()), summary]
        capped[location] = kept
    return capped


def _first_fields(errors: dict[t.Any, t.Any], limit: int) -> tuple[dict[t.Any, t.Any], int, int]:
    """Return the first *limit* fields of *errors*, how many that is, and how many were left out.

    A field is an entry whose messages are a list (or a string); a dict is a
    nested object or list, whose own fields count.
    """
    kept: dict[t.Any, t.Any] = {}
    listed = dropped = 0
    for key, value in errors.items():
        if isinstance(value, dict):
            inner, inner_listed, inner_dropped = _first_fields(value, limit - listed)
            if inner:
                kept[key] = inner
            listed += inner_listed
            dropped += inner_dropped
        elif listed < limit:
            kept[key] = value
            listed += 1
        else:
            dropped += 1
    return kept, listed, dropped

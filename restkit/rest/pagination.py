"""Pagination records: the pagers (``Page``, ``CursorPage``), what views get, the metadata sent."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import typing as t
from collections.abc import Sequence

from marshmallow import Schema, fields, missing, validate
from marshmallow.utils import get_value

from ..core.errors import RestkitError, SetupError

if t.TYPE_CHECKING:
    from .operation import ResponseDoc

#: The largest SQL ``OFFSET`` (a signed 64-bit integer).
INT64_MAX = 2**63 - 1
#: The keyword argument a paginated view receives.
PARAMETERS_ARGUMENT = "pagination_parameters"
#: The response header holding the pagination metadata, as JSON.
METADATA_HEADER = "X-Pagination"
#: What a cursor may carry: the key value of an item.
CursorValue = int | str
PAGE_SIZE = "The number of items on a page."


class PaginationParameters:
    """The page a request asks for: what a page-number paginated view receives.

    flask-smorest's ``pagination_parameters``: a view that selects the page itself
    (SQL ``LIMIT page_size OFFSET first_item``) sets :attr:`item_count`.

    :param page: the page number, from 1.
    :param page_size: the number of items on a page.
    """

    __slots__ = ("item_count", "page", "page_size")

    def __init__(self, page: int, page_size: int) -> None:
        self.page = page
        self.page_size = page_size
        #: The number of items in the whole collection; ``None`` until counted.
        self.item_count: int | None = None

    @property
    def first_item(self) -> int:
        """The index of the page's first item, from 0: the SQL ``OFFSET``."""
        return (self.page - 1) * self.page_size

    @property
    def last_item(self) -> int:
        """The index of the page's last item (past the collection's end on a short page)."""
        return self.first_item + self.page_size - 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}(page={self.page!r}, page_size={self.page_size!r})"


class Page:
    """Pages through a list or tuple; subclass it to page through another collection.

    ``paginate(Page)`` (or a subclass) pages what the view returns. A subclass
    for, say, a SQL query object overrides :attr:`items` (the requested page)
    and :attr:`item_count` (the size of the whole collection).

    :param collection: what the view returned.
    :param page_params: the requested page; its ``item_count`` is set here.
    """

    def __init__(self, collection: t.Any, page_params: PaginationParameters) -> None:
        self.collection = collection
        self.page_params = page_params
        page_params.item_count = self.item_count

    @property
    def items(self) -> list[t.Any]:
        """The items of the requested page."""
        params = self.page_params
        return list(self.collection[params.first_item : params.last_item + 1])

    @property
    def item_count(self) -> int:
        """The number of items in the whole collection."""
        return len(self.collection)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(collection={self.collection!r}, page_params={self.page_params!r})"


class CursorParameters:
    """Where a feed page starts: what a cursor-paginated view receives.

    :param after: the key value of the last item the client has seen; ``None`` on
        the first page.
    :param page_size: the number of items on a page.
    """

    __slots__ = ("after", "page_size")

    def __init__(self, after: CursorValue | None, page_size: int) -> None:
        self.after = after
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"{type(self).__name__}(after={self.after!r}, page_size={self.page_size!r})"


@dataclasses.dataclass(frozen=True)
class CursorPage:
    """Pages through a feed sorted by *key*, with opaque signed cursors.

    ``paginate(CursorPage(key="id"))``: the view returns the feed sorted by the
    key (the whole of it, or the ``page_size + 1`` items after
    ``pagination_parameters.after`` it selected itself). Subclass it to read
    keys another way (:meth:`key_of`) or to page another collection
    (:meth:`select`).

    :param key: the item key or attribute the feed is sorted by; its values are
        unique ints or strings.
    :param resumable: give a ``next_cursor`` on every page, the last one too, and
        say with ``has_more`` whether more items follow now: a client keeps the
        last cursor and resumes from it later, for what the feed gained since (a
        sync feed of changes, sorted by a change sequence).
    """

    key: str
    resumable: bool = dataclasses.field(default=False, kw_only=True)

    def key_of(self, item: t.Any) -> CursorValue:
        """Return the key value of *item* (an ``int`` or a ``str``)."""
        value = get_value(item, self.key)
        if value is missing:
            raise RestkitError(f"An item of a feed paginated by {self.key!r} has no {self.key!r}.")
        if type(value) not in (int, str):
            raise RestkitError(
                f"The {self.key!r} of an item of a feed is {value!r}: a cursor holds an int or a "
                "str, so sort the feed by such a key (an ISO 8601 string for a date)."
            )
        return t.cast(CursorValue, value)

    def select(self, collection: t.Any, parameters: CursorParameters) -> tuple[list[t.Any], bool]:
        """Return the page of *collection* after the cursor, and whether more items follow.

        :param collection: the feed, sorted by the key: a sequence (searched by
            bisection) or any iterable (read up to one item past the page).
        """
        # Any: ints and strs compare only among themselves, as the feed's keys do.
        after: t.Any = parameters.after
        size = parameters.page_size
        if isinstance(collection, Sequence):
            start = 0 if after is None else bisect.bisect_right(collection, after, key=self.key_of)
            return list(collection[start : start + size]), len(collection) - start > size
        rest: t.Iterator[t.Any] = iter(collection)
        if after is not None:
            rest = itertools.dropwhile(lambda item: self.key_of(item) <= after, rest)
        found = list(itertools.islice(rest, size + 1))
        return found[:size], len(found) > size


Pager = type[Page] | CursorPage


class ResumableCursorPaginationMetadataSchema(Schema):
    """The pagination metadata of a resumable feed's response: always a cursor to go on from."""

    page_size = fields.Int(required=True, metadata={"description": PAGE_SIZE})
    next_cursor = fields.Str(
        required=True,
        metadata={
            "description": "The `cursor` of the next page; on the last page, the cursor to "
            "resume from later, for the items added since."
        },
    )
    has_more = fields.Bool(
        required=True,
        metadata={"description": "Whether more items follow now: ask for the next page at once."},
    )


class PaginationMetadataSchema(Schema):
    """The pagination metadata of a page-number paginated response."""

    total = fields.Int(required=True, metadata={"description": "The number of items."})
    total_pages = fields.Int(required=True, metadata={"description": "The number of pages."})
    page = fields.Int(metadata={"description": "This page; absent past the last page."})
    page_size = fields.Int(required=True, metadata={"description": PAGE_SIZE})
    first_page = fields.Int(metadata={"description": "The first page, when there are items."})
    last_page = fields.Int(metadata={"description": "The last page, when there are items."})
    previous_page = fields.Int(metadata={"description": "The previous page, if any."})
    next_page = fields.Int(metadata={"description": "The next page, if any."})


class CursorPaginationMetadataSchema(Schema):
    """The pagination metadata of a cursor-paginated response."""

    page_size = fields.Int(required=True, metadata={"description": PAGE_SIZE})
    next_cursor = fields.Str(
        metadata={"description": "The `cursor` of the next page; absent on the last page."}
    )


@dataclasses.dataclass(frozen=True)
class Pagination:
    """One ``paginate`` declaration: the pager, and the page parameters' defaults and bounds."""

    pager: Pager | None = None
    """``None`` (the view pages or returns a list), a :class:`Page` class, a :class:`CursorPage`."""
    page: int = 1
    """The page number when the request gives none."""
    page_size: int = 10
    """The page size when the request gives none."""
    max_page_size: int = 100
    """The largest page size a request may ask for."""
    envelope: bool = False
    """Send ``{"items": [...], "pagination": {...}}`` rather than headers."""
    query_schema: Schema = dataclasses.field(init=False, repr=False, compare=False)
    """Loads (and documents) the query parameters."""

    def __post_init__(self) -> None:
        pager = self.pager
        if not (
            pager is None
            or isinstance(pager, CursorPage)
            or (isinstance(pager, type) and issubclass(pager, Page))
        ):
            raise SetupError(
                f"paginate({pager!r}): pass a Page class (or subclass), a CursorPage(key=...) "
                "or nothing."
            )
        if not 1 <= self.page_size <= self.max_page_size:
            raise SetupError(
                f"paginate(page_size={self.page_size}, max_page_size={self.max_page_size}): the "
                "default page size must be between 1 and max_page_size."
            )
        if not 1 <= self.page <= self.max_page:
            raise SetupError(
                f"paginate(page={self.page}): the default page must be between 1 and "
                f"{self.max_page}."
            )
        if self.is_cursor and self.page != 1:
            raise SetupError(
                f"paginate({pager!r}, page={self.page}): a feed paged by cursor has no page "
                "numbers; drop page=."
            )
        schema = self.cursor_query_schema() if self.is_cursor else self.page_query_schema()
        object.__setattr__(self, "query_schema", schema)

    @property
    def is_cursor(self) -> bool:
        """Whether pages are found by cursor rather than by number."""
        return isinstance(self.pager, CursorPage)

    @property
    def max_page(self) -> int:
        """The largest page number: its SQL ``OFFSET`` still fits in 64 bits at any page size."""
        return INT64_MAX // self.max_page_size + 1

    @property
    def metadata_schema(self) -> type[Schema]:
        """The schema of the metadata this pagination sends."""
        if isinstance(self.pager, CursorPage):
            if self.pager.resumable:
                return ResumableCursorPaginationMetadataSchema
            return CursorPaginationMetadataSchema
        return PaginationMetadataSchema

    def page_size_field(self) -> fields.Int:
        """Return the field of the ``page_size`` query parameter."""
        return fields.Int(
            load_default=self.page_size,
            validate=validate.Range(min=1, max=self.max_page_size),
            metadata={"description": PAGE_SIZE},
        )

    def page_query_schema(self) -> Schema:
        """Return the schema of the ``page`` and ``page_size`` query parameters."""
        page = fields.Int(
            load_default=self.page,
            validate=validate.Range(min=1, max=self.max_page),
            metadata={"description": "The page number, from 1."},
        )
        return Schema.from_dict({"page": page, "page_size": self.page_size_field()})()

    def cursor_query_schema(self) -> Schema:
        """Return the schema of the ``cursor`` and ``page_size`` query parameters."""
        cursor = fields.Str(
            validate=validate.Length(min=1),
            metadata={
                "description": "Where the page starts: the `next_cursor` of the previous page; "
                "absent for the first page."
            },
        )
        return Schema.from_dict({"cursor": cursor, "page_size": self.page_size_field()})()

    def check_response(self, success: ResponseDoc | None, where: str) -> None:
        """Refuse a success response that is not a list of a marshmallow schema.

        :param where: names the view, for the message.
        """
        if success is None or success.schema is None:
            return
        schema = success.schema
        if not isinstance(schema, Schema) or not schema.many:
            raise SetupError(
                f"{where} is paginated, so its response is a list: declare it with a "
                "marshmallow schema and many=True, as @blp.response(200, ItemSchema(many=True))."
            )

    def enveloped(self, success: ResponseDoc) -> ResponseDoc:
        """Return *success* as sent: its schema wrapped in the envelope when there is one."""
        if not self.envelope:
            return success
        schema = success.schema
        items: fields.Field[t.Any] = (
            fields.Nested(schema, required=True)
            if isinstance(schema, Schema)
            else fields.List(fields.Raw(), required=True)
        )
        envelope = Schema.from_dict(
            {"items": items, "pagination": fields.Nested(self.metadata_schema, required=True)}
        )
        return dataclasses.replace(success, schema=envelope())

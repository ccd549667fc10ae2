"""The pagination stage: reads the page asked for, pages the view's value, links the others.

It runs inside the respond stage, on what the view returned: the page's items
go on to be dumped, and the metadata goes into the ``X-Pagination`` and ``Link``
headers, or with the items into an envelope.
"""

from __future__ import annotations

import typing as t
from urllib.parse import quote, urlencode

from marshmallow import ValidationError
from werkzeug.wrappers import Response as WerkzeugResponse

from ..core.errors import RestkitError
from ..core.return_values import split_return_value, status_code
from .errors import error_class
from .loaders import Loader
from .operation import Argument
from .pagination import (
    METADATA_HEADER,
    PARAMETERS_ARGUMENT,
    CursorPage,
    CursorParameters,
    Page,
    PaginationParameters,
)
from .pagination_cursors import CursorSigner
from .stages import VALIDATION_FAILED

if t.TYPE_CHECKING:
    from ..core.return_values import Status
    from ..core.wrappers import Request
    from .pagination import Pagination
    from .pipeline import Call, StageSetup, Step

#: The ``Link`` relations of a numbered page, with the metadata key of their page.
PAGE_RELATIONS = (
    ("first", "first_page"),
    ("prev", "previous_page"),
    ("next", "next_page"),
    ("last", "last_page"),
)
#: Characters left as they are in a path written into a ``Link`` (RFC 3986 ``pchar``, and ``/``).
PATH_SAFE = "/!$&'()*+,;=:@"


def paginate(setup: StageSetup, next_step: Step) -> Step:
    """Page what the view returns, as its ``paginate`` declaration says."""
    pagination = setup.operation.pagination
    if pagination is None:
        return next_step
    pagination.check_response(setup.operation.success, f"{setup.endpoint} ({setup.method})")
    loader = Loader(Argument(pagination.query_schema, "query"))
    dumps = setup.app.json.dumps
    if isinstance(pagination.pager, CursorPage):
        signer = CursorSigner.for_app(setup.app, setup.endpoint, pagination.pager.key)
        return feed_step(pagination, pagination.pager, signer, loader, dumps, next_step)
    return page_step(pagination, loader, dumps, next_step)


def page_step(
    pagination: Pagination, loader: Loader, dumps: t.Callable[[t.Any], str], next_step: Step
) -> Step:
    """Return the step of page-number pagination."""
    pager = t.cast("type[Page] | None", pagination.pager)
    envelope = pagination.envelope

    def paginate_pages(call: Call) -> t.Any:
        query = load_query(loader, call.request)
        parameters = PaginationParameters(query["page"], query["page_size"])
        if pager is None:
            call.kwargs = {**call.kwargs, PARAMETERS_ARGUMENT: parameters}
        rv = next_step(call)
        body, status, _headers = split_return_value(rv)
        if not is_page(body, status):
            return rv
        items = page_items(body, parameters, pager)
        metadata = page_metadata(parameters)
        if envelope:
            return with_body(rv, {"items": items, "pagination": metadata})
        call.response_headers.append((METADATA_HEADER, dumps(metadata)))
        links = page_links(PageLinks(call.request, ("page", "page_size")), metadata)
        if links:
            call.response_headers.append(("Link", links))
        return with_body(rv, items)

    return paginate_pages


def feed_step(
    pagination: Pagination,
    pager: CursorPage,
    signer: CursorSigner,
    loader: Loader,
    dumps: t.Callable[[t.Any], str],
    next_step: Step,
) -> Step:
    """Return the step of cursor pagination.

    A resumable feed's last page gives a cursor too: after its last item, or
    where the request started when the page is empty.
    """
    envelope = pagination.envelope
    resumable = pager.resumable

    def paginate_feed(call: Call) -> t.Any:
        query = load_query(loader, call.request)
        cursor = query.get("cursor")
        after = None if cursor is None else signer.loads(cursor)
        parameters = CursorParameters(after, query["page_size"])
        call.kwargs = {**call.kwargs, PARAMETERS_ARGUMENT: parameters}
        rv = next_step(call)
        body, status, _headers = split_return_value(rv)
        if not is_page(body, status):
            return rv
        items, more = pager.select(body, parameters)
        metadata: dict[str, t.Any] = {"page_size": parameters.page_size}
        if more or resumable:
            metadata["next_cursor"] = signer.dumps(pager.key_of(items[-1]) if items else after)
        if resumable:
            metadata["has_more"] = more
        if envelope:
            return with_body(rv, {"items": items, "pagination": metadata})
        call.response_headers.append((METADATA_HEADER, dumps(metadata)))
        if more:
            # PERF: a signed cursor is URL-safe (base64url and dots): nothing to quote.
            next_page = f"cursor={metadata['next_cursor']}&page_size={parameters.page_size}"
            url = PageLinks(call.request, ("cursor", "page_size")).url(next_page)
            call.response_headers.append(("Link", f'<{url}>; rel="next"'))
        return with_body(rv, items)

    return paginate_feed


def load_query(loader: Loader, request: Request) -> dict[str, t.Any]:
    """Return the pagination query parameters; a 422 lists what is wrong with them."""
    try:
        return t.cast(dict[str, t.Any], loader.load(request, {}))
    except ValidationError as exc:
        raise error_class(422)(VALIDATION_FAILED, errors={"query": exc.messages}) from exc


def is_page(body: t.Any, status: Status | None) -> bool:
    """Whether a view's *body*, returned with *status*, is a page to be paged.

    A response object, and a body sent with a status other than 2xx, go out as
    they are.
    """
    if isinstance(body, WerkzeugResponse):
        return False
    return status is None or 200 <= status_code(status) < 300


def with_body(rv: t.Any, body: t.Any) -> t.Any:
    """Return the view's value *rv* with its body replaced by *body*."""
    return (body, *rv[1:]) if type(rv) is tuple else body


def page_items(body: t.Any, parameters: PaginationParameters, pager: type[Page] | None) -> t.Any:
    """Return the items of the requested page of *body*; count them if the view did not.

    With a pager, the pager pages *body*. Without one, a view that set
    ``item_count`` returned the page itself; a list or tuple is paged here.
    """
    if pager is not None:
        return pager(body, parameters).items
    count = parameters.item_count
    if count is None:
        if not isinstance(body, (list, tuple)):
            raise RestkitError(
                f"A paginated view returned a {type(body).__name__} and left "
                "pagination_parameters.item_count unset: return a list to be paged, or return "
                "one page and set item_count, or paginate with a Page subclass."
            )
        return Page(body, parameters).items
    if type(count) is not int or count < 0:
        raise RestkitError(
            f"pagination_parameters.item_count is {count!r}: set it to the number of items "
            "in the whole collection."
        )
    return body


def page_metadata(parameters: PaginationParameters) -> dict[str, int]:
    """Return the ``X-Pagination`` members of a numbered page (flask-smorest's, and ``page_size``).

    ``first_page`` and ``last_page`` are there when there are items; ``page``,
    ``previous_page`` and ``next_page`` when the page is within them.
    """
    total, page, size = t.cast(int, parameters.item_count), parameters.page, parameters.page_size
    last = (total + size - 1) // size
    metadata = {"total": total, "total_pages": last}
    if total and page <= last:
        metadata["page"] = page
    metadata["page_size"] = size
    if total:
        metadata["first_page"] = 1
        metadata["last_page"] = last
        if 1 < page <= last:
            metadata["previous_page"] = page - 1
        if page < last:
            metadata["next_page"] = page + 1
    return metadata


class PageLinks:
    """Builds the URLs of other pages from the request's own path and query string.

    Only the pagination parameters change; the URLs are relative references
    (path and query), never built from the ``Host`` header.

    :param replaced: the parameters each URL sets, dropped from the request's query.
    """

    __slots__ = ("prefix",)

    def __init__(self, request: Request, replaced: tuple[str, ...]) -> None:
        path = quote(request.script_root + request.path, safe=PATH_SAFE)
        pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in replaced]
        self.prefix = f"{path}?{urlencode(pairs)}&" if pairs else f"{path}?"

    def url(self, query: str) -> str:
        """Return the URL of the request with the pagination parameters of *query*.

        :param query: the parameters, already URL-safe (numbers, signed cursors).
        """
        return self.prefix + query


def page_links(links: PageLinks, metadata: dict[str, int]) -> str:
    """Return the ``Link`` header (RFC 8288) of a numbered page: first, prev, next, last."""
    size = metadata["page_size"]
    return ", ".join(
        f'<{links.url(f"page={metadata[name]}&page_size={size}")}>; rel="{relation}"'
        for relation, name in PAGE_RELATIONS
        if name in metadata
    )

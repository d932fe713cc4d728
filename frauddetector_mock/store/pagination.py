"""Pages and nextToken for every listing operation (docs/behaviour.md, "Pagination").

A token names the last item of the page it ends, so items created or deleted between two pages
neither repeat nor vanish. It is signed for its store, operation and filters: a token from another
listing, another region or edited by hand is refused with ValidationException, as AWS does.
"""

from __future__ import annotations

import base64
import bisect
import functools
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from frauddetector_mock.errors import ResourceNotFoundException, ValidationException
from frauddetector_mock.messages import common
from frauddetector_mock.spec import operation_model

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

T = TypeVar("T")

_SIGNATURE_BYTES = 12


def _signature(secret: str, operation: str, scope: Sequence[Any], last_key: str) -> str:

    payload = json.dumps([operation, list(scope), last_key], separators=(",", ":"))
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.blake2s).digest()
    return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).decode().rstrip("=")


def encode_token(secret: str, operation: str, scope: Sequence[Any], last_key: str) -> str:
    body = base64.urlsafe_b64encode(last_key.encode()).decode().rstrip("=")
    return f"{body}.{_signature(secret, operation, scope, last_key)}"


def decode_token(secret: str, operation: str, scope: Sequence[Any], token: str) -> str:
    body, _, signature = token.partition(".")
    try:
        last_key = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValidationException(common.invalid_next_token()) from None
    if signature != _signature(secret, operation, scope, last_key):
        raise ValidationException(common.invalid_next_token())
    return last_key


@functools.cache
def default_page_size(operation: str) -> int:
    """The documented default page of a listing is the top of its ``maxResults`` range."""
    shape = operation_model(operation).input_shape.members["maxResults"]
    return int(shape.metadata["max"])


def paginate(
    items: Sequence[T],
    key: Callable[[T], str],
    params: dict[str, Any],
    *,
    secret: str,
    operation: str,
    default_size: int,
    scope: Sequence[Any] = (),
) -> tuple[list[T], str | None]:
    """One page of ``items`` (already in their listing order, ``key`` ascending).

    ``scope`` holds the request's filters: a token is only good for the same filters.
    """
    size = params.get("maxResults") or default_size
    token = params.get("nextToken")
    start = 0
    if token:
        last_key = decode_token(secret, operation, scope, token)
        start = bisect.bisect_right(items, last_key, key=key)
    page = list(items[start : start + size])
    more = start + size < len(items)
    next_token = encode_token(secret, operation, scope, key(page[-1])) if more and page else None
    return page, next_token


def listing(
    store: Store,
    params: dict[str, Any],
    operation: str,
    member: str,
    items: Iterable[T],
    key: Callable[[T], str],
    render: Callable[[T], Any],
    *,
    scope: Sequence[Any] = (),
    ordered: bool = False,
) -> dict[str, Any]:
    """The result of a listing operation: the requested page of ``items`` in ``key`` order under
    ``member``, and ``nextToken`` only when more pages follow. ``ordered`` says that ``items``
    is a sequence in that order already."""
    page, next_token = paginate(
        cast("Sequence[T]", items) if ordered else sorted(items, key=key),
        key,
        params,
        secret=store.arn(""),
        operation=operation,
        default_size=default_page_size(operation),
        scope=scope,
    )
    result: dict[str, Any] = {member: [render(item) for item in page]}
    if next_token is not None:
        result["nextToken"] = next_token
    return result


def get_or_list(
    store: Store,
    params: dict[str, Any],
    operation: str,
    member: str,
    records: Mapping[str, T],
    render: Callable[[T], Any],
    *,
    filter_member: str = "name",
    noun: str,
) -> dict[str, Any]:
    """``Get<Things>``: with the filter, the one record it names or ResourceNotFoundException;
    without it, every record in name order, a page at a time."""
    name = params.get(filter_member)
    if name is not None:
        record = records.get(name)
        if record is None:
            raise ResourceNotFoundException(common.not_found(noun, name))
        return {member: [render(record)]}
    return listing(
        store,
        params,
        operation,
        member,
        sorted(records.items()),
        _first,
        lambda pair: render(pair[1]),
        ordered=True,
    )


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]

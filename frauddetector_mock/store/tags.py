"""Tags (§4.16): TagResource, UntagResource, ListTagsForResource on the ARN of any record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

HANDLERS: dict[str, Any] = {}

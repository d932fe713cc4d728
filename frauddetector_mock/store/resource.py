"""What every taggable record shares: an ARN, its two timestamps and its tags (docs/behaviour.md,
"Resources")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

Params = dict[str, Any]
Handler = Callable[["Store", Params], dict[str, Any]]
"""An operation's behaviour: validated params in, the result dict out; errors are raised."""


@dataclass(eq=False, kw_only=True)
class Resource:
    arn: str
    created_time: str
    last_updated_time: str
    tags: dict[str, str] = field(default_factory=dict)


def tags_from(params: Params) -> dict[str, str]:
    """The ``tags`` list of a request as a dict; a repeated key keeps its last value."""
    return {tag["key"]: tag["value"] for tag in params.get("tags") or ()}

"""Account settings without an ARN (§4.15): GetKMSEncryptionKey, PutKMSEncryptionKey."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

HANDLERS: dict[str, Any] = {}

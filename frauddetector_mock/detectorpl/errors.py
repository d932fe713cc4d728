"""The one exception of the rule language.

Every problem found in an expression (syntax, names, types, limits) surfaces as a `RuleError`, so
the service layer has a single class to turn into a ValidationException.
"""

from __future__ import annotations

PREFIX = "Rule expression is invalid"

Fix = tuple[int, int, str]
_State = tuple[str, int | None, str | None, tuple[str, str] | None, Fix | None]


class RuleError(Exception):
    """An expression that the service would refuse.

    `column` is 1-based and counts characters from the start of the expression (newlines included);
    `token` is the text of the offending token. Both are None when the problem has no single place.
    `unknown` is `("variable", name)` or `("list", name)` when a name does not exist, so that a
    tool can offer the names that do. `fix` is `(start, end, text)`: replacing the 0-based span
    `[start, end)` of the expression with `text` corrects it, when the correction is certain.
    """

    def __init__(
        self,
        message: str,
        column: int | None = None,
        token: str | None = None,
        unknown: tuple[str, str] | None = None,
        fix: Fix | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.token = token
        self.unknown = unknown
        self.fix = fix

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[RuleError], _State]:
        return (RuleError, (self.message, self.column, self.token, self.unknown, self.fix))


def invalid_at(
    position: int,
    token: str | None,
    detail: str,
    *,
    unknown: tuple[str, str] | None = None,
    fix: Fix | None = None,
) -> RuleError:
    """An error located at a 0-based character offset."""
    column = position + 1
    return RuleError(f"{PREFIX} at column {column}: {detail}", column, token, unknown, fix)


def quoted(text: str) -> str:
    """A token as shown in messages: single quotes unless the token holds one."""
    return f'"{text}"' if "'" in text else f"'{text}'"

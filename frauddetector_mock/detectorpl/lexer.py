"""Characters to tokens.

Hand-written rather than regex-driven: it keeps import free of `re`, and it lets each bad character
get a message that says what was probably meant (`=` for `==`, `&&` for `and`, single quotes).
"""

from __future__ import annotations

from .errors import invalid_at, quoted

VAR = "VAR"  # $name
LIST = "LIST"  # @name
NAME = "NAME"  # keywords and function names
STRING = "STRING"
INTEGER = "INTEGER"
FLOAT = "FLOAT"
OP = "OP"
END = "END"

# Longest first, so that `>=` is not read as `>` then `=`.
_OPERATORS = ("==", "!=", ">=", "<=", *"><!+-*/%()[],")
# Far beyond any 64-bit value, and below the size at which int() refuses to parse a string.
_MAX_DIGITS = 400
_WHITESPACE = frozenset(" \t\r\n")
_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME_PART = _NAME_START | _DIGITS
_HINTS = {
    "=": "use '==' to compare",
    "&": "use 'and'",
    "|": "use 'or'",
    "'": "strings are written in double quotes",
    "#": "comments are not part of the language",
}


class Token:
    """One token; `value` holds the decoded string or the number, `pos` the 0-based offset."""

    __slots__ = ("kind", "pos", "text", "value")

    def __init__(self, kind: str, text: str, pos: int, value: object = None) -> None:
        self.kind = kind
        self.text = text
        self.pos = pos
        self.value = value

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.pos})"


def tokenize(source: str) -> list[Token]:
    """All tokens of `source`, ending with an END token placed just past the last character."""
    tokens: list[Token] = []
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if c in _WHITESPACE:
            i += 1
        elif c == '"':
            i = _string(source, i, tokens)
        elif c in _DIGITS:
            i = _number(source, i, tokens)
        elif c in _NAME_START:
            j = _name_end(source, i + 1)
            tokens.append(Token(NAME, source[i:j], i))
            i = j
        elif c == "$" or c == "@":
            j = _name_end(source, i + 1)
            if j == i + 1:
                what = "a variable" if c == "$" else "a list"
                raise invalid_at(i, c, f"{quoted(c)} must be followed by {what} name")
            tokens.append(Token(VAR if c == "$" else LIST, source[i:j], i, source[i + 1 : j]))
            i = j
        else:
            for op in _OPERATORS:
                if source.startswith(op, i):
                    tokens.append(Token(OP, op, i))
                    i += len(op)
                    break
            else:
                hint = _HINTS.get(c)
                detail = f"unexpected character {quoted(c)}"
                raise invalid_at(i, c, f"{detail}; {hint}" if hint else detail)
    tokens.append(Token(END, "", n))
    return tokens


def _name_end(source: str, i: int) -> int:
    n = len(source)
    while i < n and source[i] in _NAME_PART:
        i += 1
    return i


def _string(source: str, start: int, tokens: list[Token]) -> int:
    # Only \" and \\ are escapes. Any other backslash stays in the text, which is what makes the
    # documented regex literals such as ".*@gmail\.com" and ".*\+1" mean what they say.
    chars: list[str] = []
    i = start + 1
    n = len(source)
    while i < n:
        c = source[i]
        if c == '"':
            tokens.append(Token(STRING, source[start : i + 1], start, "".join(chars)))
            return i + 1
        if c == "\\" and i + 1 < n and source[i + 1] in '"\\':
            chars.append(source[i + 1])
            i += 2
        else:
            chars.append(c)
            i += 1
    raise invalid_at(start, '"', "unterminated string (a closing '\"' is missing)")


def _number(source: str, start: int, tokens: list[Token]) -> int:
    n = len(source)
    i = start
    while i < n and source[i] in _DIGITS:
        i += 1
    kind = INTEGER
    if i < n and source[i] == ".":
        i += 1
        digits_from = i
        while i < n and source[i] in _DIGITS:
            i += 1
        if i == digits_from:
            raise invalid_at(start, source[start:i], f"invalid number {quoted(source[start:i])}")
        kind = FLOAT
    if i < n and (source[i] in _NAME_PART or source[i] == "."):
        j = i
        while j < n and (source[j] in _NAME_PART or source[j] == "."):
            j += 1
        raise invalid_at(start, source[start:j], f"invalid number {quoted(source[start:j])}")
    text = source[start:i]
    if len(text) > _MAX_DIGITS:
        raise invalid_at(start, text, f"number {quoted(_short(text))} is too large")
    if kind == INTEGER:
        tokens.append(Token(INTEGER, text, start, int(text)))
    else:
        value = float(text)
        if value == float("inf"):
            raise invalid_at(start, text, f"number {quoted(_short(text))} is too large")
        tokens.append(Token(FLOAT, text, start, value))
    return i


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:17] + "..."

"""The parts of a value a model learns from beyond the value itself, by the variable's
``variableType`` (docs/models.md, "What the model reads of a variable").

A part is text: the same value always gives the same part, and a value the part cannot be read
from gives ``""``, which the model learns like any other part. Training and scoring both read
values through here, so what a model learned and what it scores with cannot drift apart.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from types import MappingProxyType

# Country calling codes of two digits (ITU-T E.164); 1 and 7 are the only one-digit codes, and
# every other code has three digits. Codes are prefix-free, so the first digits say which.
_TWO_DIGITS = (
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 "
    "55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
)
_TWO_DIGIT_CODES = frozenset(_TWO_DIGITS.split())
_PHONE_PUNCTUATION = str.maketrans("", "", " -().\t")
# Browser families, tested in order: later browsers copy the tokens of earlier ones into their
# user agents (Edge says Chrome and Safari, Chrome says Safari), so the more specific go first.
_AGENT_FAMILIES = (
    (("edg/", "edge/", "edga/", "edgios/"), "Edge"),
    (("opr/", "opera"), "Opera"),
    (("samsungbrowser/",), "Samsung Internet"),
    (("chrome/", "crios/", "chromium/"), "Chrome"),
    (("firefox/", "fxios/"), "Firefox"),
    (("msie ", "trident/"), "Internet Explorer"),
    (("bot", "crawl", "spider"), "Bot"),
    (("safari/",), "Safari"),
)
_SHAPES = str.maketrans(
    string.ascii_letters + string.digits, "a" * len(string.ascii_letters) + "9" * len(string.digits)
)
_SHAPE_LENGTH = 16  # characters of a local part's shape kept: longer shapes say nothing more


def _ip_prefixes(text: str) -> tuple[str, str, str]:
    """An IPv4 address's /8, /16 and /24 networks; an IPv6 address's /32, /48 and /64 in their
    place; ``""`` for text that is not an address."""
    octets = text.strip().split(".")
    if len(octets) == 4 and "".join(octets).isdigit():
        a, b, c = octets[0], octets[1], octets[2]
        if a[0] == "0" or b[0] == "0" or c[0] == "0":  # "010" and "10" are one octet
            a, b, c = (o.lstrip("0") or "0" for o in (a, b, c))
        return a + "/8", a + "." + b + "/16", a + "." + b + "." + c + "/24"
    if ":" in text:
        # ipaddress only for IPv6 addresses, rarer than IPv4: kept off the first IPv4 read.
        import ipaddress

        try:
            groups = ipaddress.IPv6Address(text.strip()).exploded.split(":")
        except ValueError:
            return "", "", ""
        short, middle, long = (":".join(groups[:n]) + f"::/{16 * n}" for n in (2, 3, 4))
        return short, middle, long
    return "", "", ""


def _email_domain(text: str) -> str:
    local, at, domain = text.strip().lower().rpartition("@")
    return domain if at and local and "." in domain else ""


def _email_shape(text: str) -> str:
    """The local part's shape: ASCII letters as ``a``, digits as ``9``, other characters kept,
    each run written once: ``john.smith42`` is ``a.a9``."""
    local, at, _ = text.strip().rpartition("@")
    if not at or not local:
        return ""
    marks = local.translate(_SHAPES)
    shape = marks[0]
    for mark in marks[1:]:
        if mark != shape[-1]:
            shape += mark
            if len(shape) == _SHAPE_LENGTH:
                break
    return shape


def _phone_country(text: str) -> str:
    """The country calling code of an international number (``+44 20 ...``, ``0044 20 ...``);
    ``""`` for a number written without one."""
    number = text.strip().translate(_PHONE_PUNCTUATION)
    if number.startswith("+"):
        digits = number[1:]
    elif number.startswith("00"):
        digits = number[2:]
    else:
        return ""
    if not digits.isdigit():
        return ""
    if digits[0] in "17":
        return "+" + digits[0]
    if digits[:2] in _TWO_DIGIT_CODES:
        return "+" + digits[:2]
    return "+" + digits[:3] if len(digits) >= 3 else ""


def _agent_family(text: str) -> str:
    """The browser family of a user agent, else its first product name (``curl``,
    ``python-requests``)."""
    agent = text.strip().lower()
    for tokens, family in _AGENT_FAMILIES:
        if any(token in agent for token in tokens):
            return family
    return agent.split("/", 1)[0].split(" ", 1)[0]


def _card_bin(text: str) -> str:
    """The first six digits of a card number or BIN, whatever separates them."""
    digits = "".join(character for character in text if character.isdigit())
    return digits[:6] if len(digits) >= 6 else ""


def _email(text: str) -> tuple[str, str, str]:
    domain = _email_domain(text)
    return domain, domain.rpartition(".")[2] if domain else "", _email_shape(text)


PARTS_OF: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "IP_ADDRESS": ("ip_prefix_8", "ip_prefix_16", "ip_prefix_24"),
        "EMAIL_ADDRESS": ("email_domain", "email_tld", "email_local_shape"),
        "PHONE_NUMBER": ("phone_country_code",),
        "BILLING_PHONE": ("phone_country_code",),
        "SHIPPING_PHONE": ("phone_country_code",),
        "USERAGENT": ("useragent_family",),
        "CARD_BIN": ("card_bin",),
    }
)
"""The parts read from the values of each variable type, by name; other types have none."""

_READERS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "IP_ADDRESS": _ip_prefixes,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": lambda text: (_phone_country(text),),
    "BILLING_PHONE": lambda text: (_phone_country(text),),
    "SHIPPING_PHONE": lambda text: (_phone_country(text),),
    "USERAGENT": lambda text: (_agent_family(text),),
    "CARD_BIN": lambda text: (_card_bin(text),),
}


def read_parts(variable_type: str, text: str) -> tuple[str, ...]:
    """Every part of ``text`` a variable of ``variable_type`` has, in the order of
    ``PARTS_OF[variable_type]``: read once, whatever number of them a model uses."""
    reader = _READERS.get(variable_type)
    return () if reader is None else reader(text)

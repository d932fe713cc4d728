"""The timestamp forms of stored events (docs/behaviour.md, "Stored events"): ``eventTimestamp``
and ``labelTimestamp`` of SendEvent and UpdateEventLabel.

The service documents four forms, all in UTC:

    2019-11-30T13:01:01Z     ISO 8601, no fraction of a second
    2019/11/30 13:01:01      also 2019/11/30 1:01:01 PM
    11/30/2019 13:01:01      also 11/30/2019 1:01:01 PM
    11/30/19 13:01:01        also 11/30/19 1:01:01 PM
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

FORMATS = (
    "yyyy-mm-ddTHH:MM:SSZ, yyyy/mm/dd HH:MM:SS, mm/dd/yyyy HH:MM:SS or mm/dd/yy HH:MM:SS "
    "(UTC; the last three also with AM or PM)"
)

_TIME = r"([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?: ([AaPp][Mm]))?"
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z", re.ASCII)
_YMD = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2}) " + _TIME, re.ASCII)
_MDY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2}) " + _TIME, re.ASCII)


def parse_event_timestamp(text: str) -> datetime:
    """The instant ``text`` names, as an aware UTC datetime; ValueError when it is in none of the
    documented forms or names no real date."""
    match = _ISO.fullmatch(text)
    if match is not None:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return _instant(year, month, day, hour, minute, second)
    match = _YMD.fullmatch(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups()[:3])
        return _clock_time(year, month, day, match.groups()[3:])
    match = _MDY.fullmatch(text)
    if match is not None:
        month, day, year = (int(part) for part in match.groups()[:3])
        if len(match.group(3)) == 2:
            # The POSIX pivot of strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
            year += 1900 if year >= 69 else 2000
        return _clock_time(year, month, day, match.groups()[3:])
    raise ValueError(f"it is not in one of the forms {FORMATS}")


def _clock_time(year: int, month: int, day: int, time: tuple[str | None, ...]) -> datetime:
    hour_text, minute, second, meridiem = time
    assert hour_text is not None and minute is not None and second is not None
    hour = int(hour_text)
    if meridiem is not None:
        # A 12-hour clock: 12 AM is midnight, 12 PM noon.
        if not 1 <= hour <= 12:
            raise ValueError(f"the hour {hour} does not exist on a 12-hour clock")
        hour = hour % 12 + (12 if meridiem.upper() == "PM" else 0)
    return _instant(year, month, day, hour, int(minute), int(second))


def _instant(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError as error:
        raise ValueError(f"it names no real instant ({error})") from None

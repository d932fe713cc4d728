"""The timestamp forms of stored events (docs/behaviour.md, "Stored events"): ``eventTimestamp``
and ``labelTimestamp`` of SendEvent and UpdateEventLabel, EVENT_TIMESTAMP and LABEL_TIMESTAMP of
a batch import, and EVENT_TIMESTAMP of a batch prediction's rows.

AWS's page "Store event data using the SendEvent API operation" documents four forms, all in UTC:

    2019-11-30T13:01:01Z     ISO 8601, exactly so: no fraction of a second
    2019/11/30 13:01:01      also 2019/11/30 1:01:01 PM
    11/30/2019 13:01:01      also 11/30/2019 1:01:01 PM
    11/30/19 13:01:01        also 11/30/19 1:01:01 PM

and, for the last three, some freedom: '/' or '-' between the parts of the date, one or two
digits for its month and day, the date alone, or a time of hours and minutes only (not of the
hour alone, and never with milliseconds); AM or PM means a 12-hour clock.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

FORMATS = (
    "yyyy-mm-ddTHH:MM:SSZ, yyyy/mm/dd, mm/dd/yyyy or mm/dd/yy ('-' may stand for '/'), the last "
    "three alone or followed by HH:MM:SS or HH:MM and optionally AM or PM (UTC)"
)

# The time after a date: H:MM or H:MM:SS, then AM or PM; every group None when there is none.
_TIME = r"(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?: ([AaPp][Mm]))?)?"
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z", re.ASCII)
# The same separator twice: 2019/11-30 is no date.
_YMD = re.compile(r"([0-9]{4})([/-])([0-9]{1,2})\2([0-9]{1,2})" + _TIME, re.ASCII)
_MDY = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})" + _TIME, re.ASCII)


def parse_event_timestamp(text: str) -> datetime:
    """The instant ``text`` names, as an aware UTC datetime; ValueError when it is in none of the
    documented forms or names no real date."""
    match = _ISO.fullmatch(text)
    if match is not None:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return _instant(year, month, day, hour, minute, second)
    match = _YMD.fullmatch(text)
    if match is not None:
        year_text, _, month_text, day_text = match.groups()[:4]
        return _clock_time(int(year_text), int(month_text), int(day_text), match.groups()[4:])
    match = _MDY.fullmatch(text)
    if match is not None:
        month_text, _, day_text, year_text = match.groups()[:4]
        year = int(year_text)
        if len(year_text) == 2:
            # The POSIX pivot of strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
            year += 1900 if year >= 69 else 2000
        return _clock_time(year, int(month_text), int(day_text), match.groups()[4:])
    raise ValueError(f"it is not in one of the forms {FORMATS}")


def _clock_time(year: int, month: int, day: int, time: tuple[str | None, ...]) -> datetime:
    hour_text, minute, second, meridiem = time
    if hour_text is None or minute is None:  # the date alone: its midnight
        return _instant(year, month, day, 0, 0, 0)
    hour = int(hour_text)
    if meridiem is not None:
        # A 12-hour clock: 12 AM is midnight, 12 PM noon.
        if not 1 <= hour <= 12:
            raise ValueError(f"the hour {hour} does not exist on a 12-hour clock")
        hour = hour % 12 + (12 if meridiem.upper() == "PM" else 0)
    return _instant(year, month, day, hour, int(minute), int(second or 0))


def _instant(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError as error:
        raise ValueError(f"it names no real instant ({error})") from None

"""Dates and times read from files, turned into values and text that never fail (no Qt).

A session's log, a lock file or a file system may hold a moment at the very
edge of what `datetime` holds: 0001-01-01 at +14:00 is in the year 0 in UTC,
9999-12-31 at -05:00 in the year 10000, and a file's time can be any number.
Converting one to local time or UTC then raises OverflowError, whatever the
time zone of the machine. These helpers give the moment as written instead
(or the nearest moment that exists), so a start screen, `list`, a lock prompt
or a calendar file never fails on one. Text is zero-padded by hand, because
`strftime("%Y")` writes the year 10 as "10" on some platforms.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST = datetime.min.replace(tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC, microsecond=0)


def parse(text: object) -> datetime | None:
    """An ISO date and time as an aware datetime (one without a zone is taken as UTC); None if it is not one."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """The moment as a naive local time; outside the range local time can hold, its own wall-clock time."""
    try:
        return moment.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):
        return moment.replace(tzinfo=None)


def utc(moment: datetime) -> datetime:
    """The moment in UTC; one that falls before year 1 or after year 9999 there is the first or last that exists."""
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return FIRST if moment.year < 2 else LAST


def from_timestamp(seconds: float) -> datetime:
    """A file time as naive local time; one no calendar can hold is the start of 1970 (UTC)."""
    try:
        return datetime.fromtimestamp(seconds)
    except (OverflowError, ValueError, OSError):
        return datetime(1970, 1, 1)


def minute_text(moment: datetime) -> str:
    """`YYYY-MM-DD HH:MM`, with four digits for every year."""
    return f"{day_text(moment)} {moment.hour:02d}:{moment.minute:02d}"


def day_text(day: date) -> str:
    """`YYYY-MM-DD`, with four digits for every year."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def local_text(stamp: object) -> str:
    """An ISO date and time from a file as local `YYYY-MM-DD HH:MM`; '' when it is not one."""
    moment = parse(stamp)
    return minute_text(local(moment)) if moment else ""


def next_day(day: date) -> date | None:
    """The day after, or None after 9999-12-31."""
    try:
        return day + timedelta(days=1)
    except OverflowError:
        return None

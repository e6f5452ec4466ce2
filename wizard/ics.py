"""Calendar entries (RFC 5545) for the due dates of a review's actions and its review-again date (no Qt).

The output depends on the session alone: each event's UID is the review's id
and the finding id, and DTSTAMP is the time of the session's last recorded
change, so exporting the same session twice gives the same bytes and a
calendar updates its entries instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from wizard import __version__, moments
from wizard.counsel_vocabulary import vocabulary
from wizard.derive import derive, last_change
from wizard.flows import FlowSet
from wizard.session import Session

CRLF = "\r\n"
FOLD_OCTETS = 75
UID_DOMAIN = "bedrock-terms-wizard"
PRODID = f"-//Bedrock Terms Wizard//{__version__}//EN"
REVIEW_UID = "review-again"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # all but tab and line breaks


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped, no control character.

    Sessions refuse control characters, so none should reach here; one that did
    could end the value early in a calendar reader, so it is dropped.
    """
    text = _CONTROLS.sub("", text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    pieces, start, limit = [], 0, FOLD_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while (data[end] & 0xC0) == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, FOLD_OCTETS - 1  # a folded line begins with one space
    pieces.append(data[start:].decode("utf-8"))
    return (CRLF + " ").join(pieces)


def calendar(flowset: FlowSet, session: Session) -> str:
    """The VCALENDAR text (CRLF line endings) with one all-day event per due date and the review-again date."""
    vocab = vocabulary()
    derived = derive(flowset, session)
    view = derived.counsel
    moment = last_change(session)
    stamp = f"{_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"
    base = session.id or hashlib.sha256(f"{session.created}{session.flows_digest}".encode()).hexdigest()[:32]
    events = []
    for item in view.actions:
        if not item.due:
            continue
        lines = [item.text]
        if item.owner:
            lines.append(vocab.say("calendar_owner", owner=item.owner))
        events.append((item.due, item.id, vocab.say("calendar_due", title=item.title.rstrip(".")), "\n".join(lines)))
    if view.review_by:
        events.append(
            (view.review_by, REVIEW_UID, vocab.say("calendar_review", project=derived.findings.project), view.cover_line)
        )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for day, key, title, description in sorted(events):
        start = date.fromisoformat(day)
        end = moments.next_day(start)  # none after 9999-12-31: an all-day DTSTART alone lasts one day (3.6.1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{base}-{_uid_part(key)}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(start)}",
            *([f"DTEND;VALUE=DATE:{_date(end)}"] if end else []),
            f"SUMMARY:{escape(title)}",
            f"DESCRIPTION:{escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def _uid_part(finding_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", finding_id)


def _date(day: date) -> str:
    """A DATE value: always eight digits (strftime writes the year 999 as three)."""
    return moments.day_text(day).replace("-", "")

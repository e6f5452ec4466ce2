"""The session format: every answer, note and audit entry of one review, and its limits (no Qt, no files).

A session comes from files the user may have been sent (a session JSON, a
report PDF), so reading one checks every field's type, count and length and
refuses text that could not be written back (lone surrogates, control
characters). Writing runs the same checks, so whatever the app writes it can
read again. File reading and writing live in `wizard.fsio`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the counsel modules read their vocabulary through yamlsource, which reads files through fsio
    from wizard import counsel as handoff
    from wizard.conditions import AnswerValue
    from wizard.continuation import Previous

FORMAT = "bedrock-wizard-session"
VERSION = 2  # 2: counsel sections present (wizard.counsel); files without them are still written as 1
PROFILE = "profile"

# Limits; README "Limits" lists them. The window's own limits are the same or tighter.
MAX_BYTES = 20 * 1024 * 1024  # the file, as written (indented JSON)
MAX_ID = 200  # a flow, question or choice id
MAX_ANSWER_CHARS = 10_000  # a text answer (the flows' own max_length is usually far less)
MAX_NOTE_CHARS = 2_000  # a note: the window's note field takes at most this
MAX_REASON_CHARS = 2_000  # why an answer was set aside
MAX_CHOICES = 100  # choice ids in one multiple-choice answer
MAX_FLOWS = 100  # flow ids under answers, notes or stale
MAX_ENTRIES = 200  # answers and set-aside answers together; notes, too
MAX_LOG = 20_000  # audit log entries
MAX_LOG_FIELDS = 20  # fields of one counsel entry in the audit log
MAX_LOG_TEXT = MAX_ANSWER_CHARS  # one text field of a counsel entry in the audit log: as long as a text answer
MAX_LOG_LIST = 4 * MAX_ENTRIES  # one list of a counsel entry: conditions, or every answer and note changed
MAX_STAMP_CHARS = 64  # a date and time
LOG_KEYS = ("at", "event", "flow", "question", "value")

# Not storable or not printable: C0 controls but tab, line feed and carriage return; DEL and C1 controls;
# surrogates (only ever lone in a Python string); the two non-characters XML forbids.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACING = re.compile("[\t\n\r]")


class SessionError(ValueError):
    """A session that cannot be read or written; the message is one line naming the file."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def text_problem(text: str, limit: int) -> str:
    """Why `text` cannot be stored in a session ("" if it can): too long, or a character that cannot be written."""
    if len(text) > limit:
        return f"longer than {limit:,} characters"
    bad = _UNWRITABLE.search(text)
    if bad:
        kind = "an invalid character" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        return f"contains {kind} (U+{ord(bad.group()):04X}) that cannot be saved"
    return ""


def new_review_id() -> str:
    """A new review's identity (a random UUID, as hex); `uuid` is imported here, not at start-up (3 ms)."""
    import uuid

    return uuid.uuid4().hex


@dataclass
class Session:
    """Answers by flow (the profile's under `profile`), notes, and an append-only log."""

    flows_digest: str = ""
    profile: dict[str, AnswerValue] = field(default_factory=dict)
    answers: dict[str, dict[str, AnswerValue]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    # Notes the team marked "ask counsel": {flow: [question, ...]}; other notes are context, not questions.
    ask_counsel: dict[str, list[str]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)
    created: str = field(default_factory=now)
    finished: bool = False
    # Answers set aside because the flows changed: {flow: {question: {"value": ..., "reason": ...}}}
    stale: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # The review's identity across opens and saves (it names the autosave); "" in files from before it existed.
    id: str = field(default_factory=new_review_id)
    # Counsel's answer and the actions' owners and dates, keyed by finding id (wizard.counsel).
    counsel: handoff.Counsel | None = None
    actions: dict[str, handoff.Action] = field(default_factory=dict)
    review_by: str = ""
    # The fingerprint of the question each answer answered (wizard.fingerprint); none in files from before it existed.
    asked: dict[str, dict[str, str]] = field(default_factory=dict)
    # Not part of the file: why the file it was read from does not vouch for it (a report PDF whose
    # pages were made from another session), shown with counsel's decision; "" when nothing is wrong.
    source_problem: str = field(default="", compare=False)
    # The review this one was continued from (wizard.continuation); None for most.
    previous: Previous | None = None

    def answers_of(self, flow_id: str) -> dict[str, AnswerValue]:
        """The live answer dict of a flow (created on first use)."""
        if flow_id == PROFILE:
            return self.profile
        return self.answers.setdefault(flow_id, {})

    def all_answers(self) -> dict[str, dict[str, AnswerValue]]:
        return {PROFILE: self.profile, **self.answers}

    def note(self, flow_id: str, question_id: str) -> str:
        return self.notes.get(flow_id, {}).get(question_id, "")

    def asks_counsel(self, flow_id: str, question_id: str) -> bool:
        """Whether the team marked the note on this answer as a question for counsel."""
        return question_id in self.ask_counsel.get(flow_id, ())

    def mark_ask(self, flow_id: str, question_id: str, ask: bool) -> bool:
        """Mark or unmark a note as a question for counsel; True when that changed anything."""
        marked = self.ask_counsel.setdefault(flow_id, [])
        if ask == (question_id in marked):
            return False
        if ask:
            marked.append(question_id)
        else:
            marked.remove(question_id)
        self.record("ask_counsel", flow_id, question_id, "yes" if ask else "no")
        return True

    def record(self, event: str, flow_id: str, question_id: str, value: Any = None, at: str | None = None) -> None:
        entry = {"at": at or now(), "event": event, "flow": flow_id, "question": question_id}
        if value is not None:
            entry["value"] = list(value) if isinstance(value, tuple) else value
        self.log.append(entry)

    def answered_at(self, flow_id: str, question_id: str) -> str:
        """When the current answer was given: the last answer entry for it."""
        for entry in reversed(self.log):
            if entry.get("flow") == flow_id and entry.get("question") == question_id and entry.get("event") == "answer":
                return str(entry.get("at", ""))
        return ""

    def to_json(self) -> dict[str, Any]:
        def plain(values: dict[str, AnswerValue]) -> dict[str, Any]:
            return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

        from wizard import continuation, counsel_json

        extra = counsel_json.to_json(self)
        return {
            "format": FORMAT,
            "version": VERSION if extra else 1,  # an older app refuses rather than drops counsel's answer
            **({"id": self.id} if self.id else {}),
            "flows_digest": self.flows_digest,
            "created": self.created,
            "finished": self.finished,
            "profile": plain(self.profile),
            "answers": {f: plain(a) for f, a in self.answers.items() if a},
            "notes": {f: dict(n) for f, n in self.notes.items() if n},
            **({"ask_counsel": {f: list(q) for f, q in self.ask_counsel.items() if q}} if any(self.ask_counsel.values()) else {}),
            "stale": {f: dict(q) for f, q in self.stale.items() if q},
            **({"asked": {f: dict(q) for f, q in self.asked.items() if q}} if any(self.asked.values()) else {}),
            **extra,
            **({"previous": continuation.to_json(self.previous)} if self.previous else {}),
            "log": list(self.log),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    def encode(self, target: str) -> bytes:
        """The file's bytes, checked by the rules a read applies, so what is written can be read back.

        A SessionError names `target` and the field: text typed in the window
        that cannot be stored, or a session grown past a limit.
        """
        Session.from_json(self.to_json(), target)
        data = self.dumps().encode("utf-8")
        if len(data) > MAX_BYTES:
            raise SessionError(
                f"{target}: cannot be saved: the review has grown to {megabytes(len(data))}; "
                f"a session file holds at most {megabytes(MAX_BYTES)}"
            )
        return data

    @classmethod
    def from_json(cls, data: Any, source: str = "session") -> Session:
        """Validate the shape, counts and text; every problem is one line naming the source and the place."""
        from wizard import continuation, counsel_json

        check = _Checker(source)
        check.header(data)
        profile = check.answers(data.get("profile", {}), PROFILE)
        answers = check.flows_of_answers(data.get("answers", {}))
        stale = check.stale(data.get("stale", {}))
        check.count(
            len(profile) + sum(len(a) for a in answers.values()) + sum(len(q) for q in stale.values()),
            "answers and set-aside answers together",
        )
        return cls(
            flows_digest=check.text(data.get("flows_digest", ""), "flows_digest", 128),
            profile=profile,
            answers=answers,
            notes=check.notes(data.get("notes", {})),
            ask_counsel=check.asks(data.get("ask_counsel", {})),
            log=check.log(data.get("log", [])),
            created=check.created(data.get("created")),
            finished=check.flag(data.get("finished", False), "finished"),
            stale=stale,
            id=check.review_id(data.get("id", "")),
            asked=check.asked(data.get("asked", {})),
            **counsel_json.from_json(data, check.fail),
            previous=continuation.from_json(data, check),
        )

    @classmethod
    def loads(cls, text: str, source: str) -> Session:
        """Parse and validate JSON text; refuse a session that would be too large once saved."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SessionError(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise SessionError(f"{source}: not valid JSON (nested too deeply)") from None
        except ValueError as exc:  # e.g. a number with thousands of digits
            reason = "a number has too many digits" if "digits" in str(exc) else " ".join(str(exc).split())[:120]
            raise SessionError(f"{source}: not valid JSON ({reason})") from None
        session = cls.from_json(data, source)
        size = len(session.dumps().encode("utf-8"))
        if size > MAX_BYTES:  # a compact file can grow a lot once indented; it could never be saved again
            raise SessionError(
                f"{source}: too large for a session file once saved ({megabytes(size)}; the limit is {megabytes(MAX_BYTES)})"
            )
        return session


def megabytes(size: int) -> str:
    """A file size for a message: MB, or KB below one megabyte."""
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class _Checker:
    """The validation rules of `Session.from_json`, one small method per field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> SessionError:
        return SessionError(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}")

    def review_id(self, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{0,32}", value):
            raise self.fail("id", "expected up to 32 lowercase hexadecimal digits")
        return value

    def header(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise self.fail("", "not a session file (expected a JSON object)")
        if data.get("format") != FORMAT:
            raise self.fail("format", f'not a session file (expected "{FORMAT}")')
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise self.fail("version", "missing or not a whole number")
        if version > VERSION:
            raise self.fail("version", f"written by a newer version of the app (format {version}; this app reads {VERSION})")
        if version < 1:
            raise self.fail("version", f"unknown format version {version}")

    def text(self, value: Any, where: str, limit: int) -> str:
        if not isinstance(value, str):
            raise self.fail(where, "expected text")
        problem = text_problem(value, limit)
        if problem:
            raise self.fail(where, problem)
        return value

    def key(self, value: str, where: str) -> str:
        """An id used as a key: short text on one line that can be written (JSON object keys are always text)."""
        problem = text_problem(value, MAX_ID) or ("contains a line break or tab" if _SPACING.search(value) else "")
        if problem:
            raise self.fail(where, f"the id {clip(value)} is {problem}" if "longer" in problem else problem)
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "expected true or false")
        return value

    def created(self, value: Any) -> str:
        """The creation time: fixed in the file, so a report of it never depends on today's date."""
        if not isinstance(value, str) or len(value) > MAX_STAMP_CHARS:
            raise self.fail("created", "missing or not a date and time")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise self.fail("created", f"not a date and time ({clip(value)})") from None
        return value

    def mapping(self, obj: Any, where: str, what: str, limit: int) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise self.fail(where, f"expected an object of {what}")
        if len(obj) > limit:
            raise self.fail(where, f"more than {limit:,} entries (the most a session holds)")
        for key in obj:
            self.key(key, f"{where}.{clip(key)}" if where else clip(key))
        return obj

    def value(self, value: Any, where: str, limit: int = MAX_ANSWER_CHARS) -> AnswerValue:
        """An answer: text, or a list of choice ids (kept as a tuple)."""
        if isinstance(value, str):
            return self.text(value, where, limit)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            if len(value) > MAX_CHOICES:
                raise self.fail(where, f"more than {MAX_CHOICES} choices")
            return tuple(self.text(v, where, MAX_ID) for v in value)
        raise self.fail(where, "an answer must be text or a list of choice ids")

    def answers(self, obj: Any, where: str) -> dict[str, AnswerValue]:
        values = self.mapping(obj, where, "question id to answer", MAX_ENTRIES)
        return {k: self.value(v, f"{where}.{k}") for k, v in values.items()}

    def flows_of_answers(self, obj: Any) -> dict[str, dict[str, AnswerValue]]:
        flows = self.mapping(obj, "answers", "flow id to answers", MAX_FLOWS)
        if PROFILE in flows:  # would shadow the profile's answers, which then escape every check
            raise self.fail(f"answers.{PROFILE}", f'the profile\'s answers belong under "{PROFILE}"')
        return {f: self.answers(a, f"answers.{f}") for f, a in flows.items()}

    def asks(self, obj: Any) -> dict[str, list[str]]:
        """The notes marked "ask counsel": flow id to a list of question ids."""
        flows = self.mapping(obj, "ask_counsel", "flow id to a list of question ids", MAX_FLOWS)
        result: dict[str, list[str]] = {}
        for flow_id, ids in flows.items():
            where = f"ask_counsel.{flow_id}"
            if not isinstance(ids, list) or len(ids) > MAX_ENTRIES:
                raise self.fail(where, f"expected a list of at most {MAX_ENTRIES} question ids")
            result[flow_id] = [self.key(q if isinstance(q, str) else "", where) for q in ids if isinstance(q, str)]
            if len(result[flow_id]) != len(ids):
                raise self.fail(where, "expected question ids (text)")
        return result

    def notes(self, obj: Any) -> dict[str, dict[str, str]]:
        shape = "flow id to {question id: text}"
        flows = self.mapping(obj, "notes", shape, MAX_FLOWS)
        result: dict[str, dict[str, str]] = {}
        for flow_id, notes in flows.items():
            texts = self.mapping(notes, f"notes.{flow_id}", "question id to text", MAX_ENTRIES)
            result[flow_id] = {q: self.text(t, f"notes.{flow_id}.{q}", MAX_NOTE_CHARS) for q, t in texts.items()}
        self.count(sum(len(n) for n in result.values()), "notes")
        return result

    def asked(self, obj: Any) -> dict[str, dict[str, str]]:
        flows = self.mapping(obj, "asked", "flow id to {question id: fingerprint}", MAX_FLOWS)
        result: dict[str, dict[str, str]] = {}
        for flow_id, prints in flows.items():
            where = f"asked.{flow_id}"
            result[flow_id] = {
                q: self.text(p, f"{where}.{q}", MAX_ID)
                for q, p in self.mapping(prints, where, "question id to fingerprint", MAX_ENTRIES).items()
            }
        self.count(sum(len(n) for n in result.values()), "asked")
        return result

    def stale(self, obj: Any) -> dict[str, dict[str, dict[str, Any]]]:
        flows = self.mapping(obj, "stale", "flow id to {question id: {value, reason}}", MAX_FLOWS)
        result: dict[str, dict[str, dict[str, Any]]] = {}
        for flow_id, entries in flows.items():
            where = f"stale.{flow_id}"
            result[flow_id] = {
                q: self.set_aside(e, f"{where}.{q}")
                for q, e in self.mapping(entries, where, "question id to {value, reason}", MAX_ENTRIES).items()
            }
        return result

    def set_aside(self, entry: Any, where: str) -> dict[str, Any]:
        if not isinstance(entry, dict) or "value" not in entry or not set(entry) <= {"value", "reason"}:
            raise self.fail(where, "expected {value, reason}")
        value = self.value(entry["value"], f"{where}.value")
        return {
            "value": list(value) if isinstance(value, tuple) else value,
            "reason": self.text(entry.get("reason", ""), f"{where}.reason", MAX_REASON_CHARS),
        }

    def count(self, total: int, where: str) -> None:
        if total > MAX_ENTRIES:
            raise self.fail(where, f"{total:,} entries; a session holds at most {MAX_ENTRIES:,}")

    def log(self, obj: Any) -> list[dict[str, Any]]:
        if not isinstance(obj, list) or not all(isinstance(e, dict) for e in obj):
            raise self.fail("log", "expected a list of entries")
        if len(obj) > MAX_LOG:
            raise self.fail("log", f"more than {MAX_LOG:,} entries (the most a session holds)")
        return [self.log_entry(entry, f"log[{i}]") for i, entry in enumerate(obj)]

    def log_entry(self, entry: dict[str, Any], where: str) -> dict[str, Any]:
        unknown = set(entry) - set(LOG_KEYS)
        if unknown:
            raise self.fail(where, f"unknown field '{clip(sorted(unknown)[0])}'")
        out: dict[str, Any] = {}
        for key in LOG_KEYS[:4]:
            if key in entry:
                out[key] = self.text(entry[key], f"{where}.{key}", MAX_STAMP_CHARS if key == "at" else MAX_ID)
        if "value" in entry:
            out["value"] = self.log_value(entry["value"], f"{where}.value")
        return out

    def log_value(self, value: Any, where: str) -> Any:
        """An answer, or a counsel entry: a small flat object of text, flags and lists of text (nothing nested deeper)."""
        if not isinstance(value, dict):
            answer = self.value(value, where)
            return list(answer) if isinstance(answer, tuple) else answer
        if len(value) > MAX_LOG_FIELDS:
            raise self.fail(where, f"more than {MAX_LOG_FIELDS} fields")
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = self.text(key, where, MAX_ID)
            if isinstance(item, bool):
                out[name] = item
            elif isinstance(item, list):
                if len(item) > MAX_LOG_LIST:
                    raise self.fail(f"{where}.{name}", f"more than {MAX_LOG_LIST:,} items")
                out[name] = [self.text(v, f"{where}.{name}", MAX_LOG_TEXT) for v in item]  # flat: the app logs lists of text
            else:
                out[name] = self.text(item, f"{where}.{name}", MAX_LOG_TEXT)
        return out


def clip(text: str, size: int = 40) -> str:
    """A piece of untrusted text (an id, a value) for a one-line message: short, and with line breaks shown as \\n."""
    shown = text if len(text) <= size else text[: size - 1] + "…"
    return shown.encode("unicode_escape").decode("ascii") if _UNWRITABLE.search(shown) or "\n" in shown else shown

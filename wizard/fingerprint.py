"""What a question asked, as a short digest: its text, kind and choices, never its help text (no Qt).

Each answer records the fingerprint of the question it answered
(`Session.asked`), so a later version of the flows flags exactly the answers
whose question changed ("reworded since answered"); rewording a help text, or
any other question, flags nothing.
"""

from __future__ import annotations

import hashlib
import json

from wizard.flows import Question

FINGERPRINT_CHARS = 16  # hex digits kept: a change detector, not a security measure


def question_fingerprint(question: Question) -> str:
    """The digest of what the user answered: the question's text, its kind, and its choices' ids and labels."""
    asked = {"text": question.text, "kind": question.kind, "choices": [[c.id, c.label] for c in question.choices]}
    data = json.dumps(asked, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_CHARS]

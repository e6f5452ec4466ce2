"""Bring a session answered against other flows up to the current ones, once, when it is opened.

Rendering and exporting never call this: they show the set-aside answers that
`wizard.derive` sees, and embed the session exactly as it was given.
"""

from __future__ import annotations

from wizard.derive import accepted
from wizard.flows import FlowSet
from wizard.session import Session


def migrate(flowset: FlowSet, session: Session) -> bool:
    """Move answers the flows no longer accept under `stale` (logged), normalize the rest; True if anything changed.

    Nothing is dropped: an old answer stays in the file, flagged, while the
    changed question is asked again. An answer still accepted keeps the
    fingerprint of the question it answered, so `derive` flags it "reworded
    since answered" until it is answered again; nothing here restamps it.
    """
    kept, aside = accepted(flowset, session)
    known = {(s.flow, s.question) for s in aside}
    changed = False
    for flow_id, answers in list(session.all_answers().items()):
        for qid, value in list(answers.items()):
            if (flow_id, qid) in known:
                del answers[qid]
                plain = list(value) if isinstance(value, tuple) else value
                reason = next(s.reason for s in aside if (s.flow, s.question) == (flow_id, qid))
                session.stale.setdefault(flow_id, {})[qid] = {"value": plain, "reason": reason}
                session.asked.get(flow_id, {}).pop(qid, None)
                session.record("flag", flow_id, qid, value)
                changed = True
            elif kept[flow_id][qid] != value:
                answers[qid] = kept[flow_id][qid]
                changed = True
        if not flowset.has(flow_id):
            del session.answers[flow_id]
            session.asked.pop(flow_id, None)
    if session.flows_digest != flowset.digest:
        if session.flows_digest:
            session.record("flows", "", "", flowset.digest)
        session.flows_digest = flowset.digest
        changed = True
    return changed

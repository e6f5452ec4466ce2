"""A report rendered before it is asked for, so Create PDF only writes bytes (no Qt).

Rendering the same session with the same flows and paper gives the same bytes
(`tests/test_design_holds.py`), so a render made while the user reads the
review page is exactly the file Create PDF would make. The cache keeps the
bytes of the last render with the key they were made from; any change to the
answers, counsel's entries, the flows or the paper gives another key, and the
old bytes are simply never used. Safe to use from the window's thread and a
worker thread at once.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.flows import FlowSet
    from wizard.session import Session


@dataclass(frozen=True)
class RenderKey:
    """What a report's bytes follow from: the flows, the session as it would be attached, and the paper."""

    flows: str
    session: str
    paper: str


def key_of(flowset: FlowSet, session: Session, paper: str) -> RenderKey:
    return RenderKey(flowset.digest, hashlib.sha256(session.dumps().encode("utf-8")).hexdigest(), paper)


class RenderCache:
    """The bytes of the last report rendered, under the key they were made from."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[RenderKey, bytes] | None = None

    def get(self, key: RenderKey) -> bytes | None:
        with self._lock:
            return self._entry[1] if self._entry is not None and self._entry[0] == key else None

    def put(self, key: RenderKey, data: bytes) -> None:
        with self._lock:
            self._entry = (key, data)

    def render(self, flowset: FlowSet, session: Session, paper: str) -> bytes:
        """The report's bytes for this session: from the cache when it has them, else rendered and kept."""
        from wizard.report import render_pdf

        key = key_of(flowset, session, paper)
        data = self.get(key)
        if data is None:
            data = render_pdf(flowset, session, paper)
            self.put(key, data)
        return data

"""Scenarios may leave a part out (`skip: [part]`): it stays not started, and mistakes are one line with a place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from wizard.derive import NOT_STARTED, derive
from wizard.scenario import ScenarioError, run_scenario
from wizard.summary import summary

SKIPPED = "beyond_summary"


def with_skip(tmp_path: Path, skip: object, drop: str | None = SKIPPED) -> Path:
    data = yaml.safe_load((EXAMPLES / "internal-code-assistant.yaml").read_text(encoding="utf-8"))
    if drop:
        data.pop(drop, None)
    data["skip"] = skip
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_skipped_part_stays_not_started_and_the_rest_is_answered(flowset, tmp_path: Path) -> None:
    session = run_scenario(flowset, with_skip(tmp_path, [SKIPPED]))
    derived = derive(flowset, session)
    assert derived.part(SKIPPED).progress == NOT_STARTED and not session.answers_of(SKIPPED)
    assert all(p.done for f, p in derived.parts.items() if f != SKIPPED), "every other part is answered in full"
    full = derive(flowset, run_scenario(flowset, EXAMPLES / "internal-code-assistant.yaml"))
    assert {f: p.answers for f, p in derived.parts.items() if f != SKIPPED} == {
        f: p.answers for f, p in full.parts.items() if f != SKIPPED
    }
    assert not session.finished and not derived.complete
    assert summary(flowset, session), "a review with a part left out still reads as one"


@pytest.mark.parametrize(
    ("skip", "drop", "message"),
    [
        (["nowhere"], SKIPPED, "cannot skip 'nowhere': not a part (parts: ownership"),
        (["profile"], SKIPPED, "cannot skip 'profile': not a part"),
        ("beyond_summary", SKIPPED, "'skip' takes a list of part ids"),
        ([SKIPPED], None, "'beyond_summary' is answered here but listed under 'skip'"),
    ],
)
def test_a_wrong_skip_is_one_line_naming_the_place(flowset, tmp_path: Path, skip, drop, message) -> None:
    path = with_skip(tmp_path, skip, drop)
    with pytest.raises(ScenarioError) as caught:
        run_scenario(flowset, path)
    text = str(caught.value)
    assert text.startswith(f"{path}:") and message in text and "\n" not in text

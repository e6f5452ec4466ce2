"""The libyaml loader used for speed reads every shipped file exactly as the pure-Python one."""

from __future__ import annotations

import pytest
import yaml
from conftest import EXAMPLES, FIXTURES, ROOT

from wizard import yamlsource
from wizard.yamlsource import LineDict, LineList, YamlSyntaxError, load_text


def _shape(value: object) -> object:
    if isinstance(value, LineDict):
        return ("map", value.line, dict(value.key_lines), {k: _shape(v) for k, v in value.items()})
    if isinstance(value, LineList):
        return ("seq", value.line, list(value.item_lines), [_shape(v) for v in value])
    return (type(value).__name__, value)


def test_both_loaders_agree_on_lines_and_values() -> None:
    files = [*(ROOT / "flows").glob("*.yaml"), *EXAMPLES.glob("*.yaml"), *FIXTURES.rglob("*.yaml")]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=yamlsource._FastLoader)  # noqa: S506 - safe rules
        slow = yaml.load(text, Loader=yamlsource._Loader)  # noqa: S506 - safe rules
        assert _shape(fast) == _shape(slow), path


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: 1\na: 2\n", "x.yaml:2: invalid YAML: duplicate key 'a'"),
        ("a: [1, 2\nb: 3\n", "x.yaml:2: invalid YAML: expected ',' or ']', but got ':'"),
    ],
)
def test_errors_keep_the_pure_python_wording(text: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_text(text, "x.yaml")
    assert str(caught.value) == message


def test_yaml_12_booleans_still_apply() -> None:
    assert load_text("label: No\nflag: true\n", "x.yaml") == {"label": "No", "flag": True}

"""The collector pause used around report rendering restores the collector's state."""

from __future__ import annotations

import gc

import pytest

from wizard.gcpause import left_to_exit, paused_gc


def test_pause_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_left_to_exit_only_when_the_process_ends(monkeypatch) -> None:
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))
    with left_to_exit(False):
        assert gc.isenabled()
    assert frozen == []
    with pytest.raises(RuntimeError), left_to_exit(True):
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert frozen == [False] and gc.isenabled()  # frozen before the collector is back on

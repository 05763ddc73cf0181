"""The cache's tests turn it on, with its folder and secret in throwaway folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The cache on (the suite turns it off), its secret under ``tmp_path/xdg``; returns tmp_path."""
    monkeypatch.delenv("GPUFLEET_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path

from __future__ import annotations

import types
from pathlib import Path

import pytest
import tenacity
from hypothesis import settings
from paths import SEED

# Examples that once failed are not kept in a .hypothesis folder inside the checkout.
settings.register_profile("newsstruct", database=None)
settings.load_profile("newsstruct")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """No real API keys, no shared cache, no Hub access, no tenacity sleeping."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "NEWSSTRUCT_API_KEY",
        "NEWSSTRUCT_BASE_URL",
        "NEWSSTRUCT_MODEL",
        "NEWSSTRUCT_BACKEND",
        "NEWSSTRUCT_MODEL_PATH",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSSTRUCT_CACHE_DIR", str(tmp_path / "cache"))
    if request.node.get_closest_marker("slow") is None:
        # A fast test that reaches the embedded default by mistake fails at once, instead of
        # assembling the 1 GB model and running it for minutes.
        monkeypatch.setenv("NEWSSTRUCT_MODEL_PATH", str(tmp_path / "no-model-in-fast-tests.gguf"))
    monkeypatch.setenv("NEWSSTRUCT_OFFLINE", "1")
    monkeypatch.setattr(tenacity.nap, "time", types.SimpleNamespace(sleep=lambda seconds: None))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")

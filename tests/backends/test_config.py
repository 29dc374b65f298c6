"""Settings from the environment."""

from __future__ import annotations

import pytest

from newsstruct.config import load_settings
from newsstruct.errors import ConfigurationError


def test_an_endpoint_in_the_environment_selects_the_openai_backend_unless_one_is_named() -> None:
    assert load_settings({}).backend == "embedded"
    assert load_settings({"NEWSSTRUCT_BASE_URL": "http://127.0.0.1:8080/v1"}).backend == "openai"
    named = {"NEWSSTRUCT_BASE_URL": "http://127.0.0.1:8080/v1", "NEWSSTRUCT_BACKEND": "embedded"}
    assert load_settings(named).backend == "embedded"


def test_settings_repr_hides_the_key_and_bad_values_are_named() -> None:
    settings = load_settings({"NEWSSTRUCT_API_KEY": "sk-hidden-123", "NEWSSTRUCT_THREADS": "2"})
    assert settings.api_key == "sk-hidden-123" and "sk-hidden-123" not in repr(settings)
    with pytest.raises(ConfigurationError, match="NEWSSTRUCT_THREADS"):
        load_settings({"NEWSSTRUCT_THREADS": "two"})
    with pytest.raises(ConfigurationError, match="NEWSSTRUCT_BACKEND"):
        load_settings({"NEWSSTRUCT_BACKEND": "gpu"})


def test_the_results_cache_path_comes_from_the_settings_alone() -> None:
    """The one place environment variables are read: the results cache's too."""
    from pathlib import Path

    settings = load_settings({"NEWSSTRUCT_CACHE_DIR": "/data/ns"})
    assert settings.results_cache_path == Path("/data/ns/results.sqlite")
    explicit = load_settings({"NEWSSTRUCT_CACHE_DIR": "/data/ns", "NEWSSTRUCT_RESULTS_CACHE": "/elsewhere/r.sqlite"})
    assert explicit.results_cache_path == Path("/elsewhere/r.sqlite")


def test_no_module_but_the_settings_reads_the_environment() -> None:
    import ast
    from pathlib import Path

    import newsstruct

    readers = []
    for path in Path(newsstruct.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(path.name)
    assert set(readers) == {"config.py"}


def test_embedded_batches_start_on_tiles_and_the_last_is_never_short() -> None:
    """How a prompt is split into llama.cpp batches decides how its sums round: every split of a
    prompt must start on a multiple of four tokens and leave the last batch at least 16 long,
    whatever prefix the cache held."""
    from newsstruct.backends._embedded import _aligned_start, _evaluate

    class Recorder:
        n_tokens = 0

        def __init__(self) -> None:
            self.batches: list[tuple[int, int]] = []

        def eval(self, tokens: list[int]) -> None:
            self.batches.append((self.n_tokens, len(tokens)))
            self.n_tokens += len(tokens)

    for length in (20, 355, 530, 1030, 1300):
        for cached in (0, 3, 17, length - 30, length - 5, length - 1):
            start = _aligned_start(max(cached, 0), length)
            assert start % 4 == 0 and start <= max(cached, 0) and length - start >= 16
            llama = Recorder()
            _evaluate(llama, list(range(length)), start)
            assert llama.n_tokens == length
            assert all(begin % 4 == 0 and size <= 512 for begin, size in llama.batches)
            assert llama.batches[-1][1] >= 16

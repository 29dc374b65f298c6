"""The newsstruct command run as a real process, the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(
    args: list[str], base_url: str | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``newsstruct ARGS`` with a stub model name and key; ``base_url`` points it at an endpoint."""
    env = dict(os.environ, NEWSSTRUCT_MODEL="stub-model", NEWSSTRUCT_API_KEY="sk-test-secret")
    if base_url:
        env["NEWSSTRUCT_BASE_URL"] = base_url
        env["NEWSSTRUCT_BACKEND"] = "openai"
    return subprocess.run(
        [sys.executable, "-m", "newsstruct.cli", *args], input=stdin, capture_output=True, env=env, timeout=120
    )

"""newsstruct on a real local Ray runtime, against the stub server on 127.0.0.1.

The Ray runtime is started once for the module (``ray.init(num_cpus=2)``); each run builds its
actors anew, so a run costs a few seconds of actor start-up on top of its articles.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT, SEED
from scripted import answers, questions_asked
from stub_server import StubServer

from newsstruct.cli import main
from newsstruct.errors import ConfigurationError, EmptyTextError, MissingExtraError
from newsstruct.scale import ParseBatch, run_batch, run_ray_batch

SEED_TEXT = SEED.read_text(encoding="utf-8")
OPTIONS: dict[str, Any] = {"model": "stub-model", "api_key": "sk-test", "cache": False, "retries": 0, "progress": False}


def _require(module: str) -> Any:
    """Ray and pyarrow: installed by the dev extra; missing under CI is a failure, not a skip."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed (scripts/install.sh dev installs it)")
        pytest.skip(f"{module} is not installed")


def _ray() -> Any:
    _require("ray.data")
    return _require("ray")


def _variant(n: int) -> str:
    return SEED_TEXT + f"\n\nUpdate {n}: the situation in the region remains tense.\n"


def _write_input(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _user_text(body: dict[str, Any]) -> str:
    return " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


# -- without a Ray runtime -----------------------------------------------------------------------


def test_parse_batch_turns_every_row_into_one_output_line_without_ray() -> None:
    with StubServer([], default=answers()) as server:
        udf = ParseBatch(base_url=server.base_url, model="stub-model", api_key="sk-test", concurrency=2)
        out = udf({"id": ["a", "b", "c"], "text": [_variant(1), "  ", None], "metadata": ['{"n": 1}', "", None]})
    assert out["id"] == ["a", "b", "c"] and out["ok"] == [True, False, False]
    assert set(out["worker"]) == {os.getpid()}
    rows = [json.loads(line) for line in out["line"]]
    assert rows[0]["metadata"] == {"n": 1} and rows[0]["report"]["incidents"]
    assert rows[1]["error"] == {
        "type": EmptyTextError.__name__,
        "message": rows[1]["error"]["message"],
        "retryable": False,
    }
    assert rows[2]["error"]["type"] == "InputError" and 'no "text" string' in rows[2]["error"]["message"]


def test_the_ray_engine_refuses_a_backend_object_and_names_a_missing_model(tmp_path: Path) -> None:
    source = _write_input(tmp_path / "in.jsonl", [{"id": "a", "text": "x"}])
    with pytest.raises(ConfigurationError, match="builds a backend in each worker"):
        run_ray_batch(source, tmp_path / "out.jsonl", backend=_backend_object())
    with pytest.raises(ConfigurationError, match="needs a model name"):
        run_ray_batch(source, tmp_path / "out.jsonl", backend="openai", base_url="http://127.0.0.1:9/v1")
    assert not (tmp_path / "out.jsonl").exists()  # refused before anything was read or written
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--workers", "2"]) == 2  # Ray options need Ray


def test_an_address_nobody_listens_on_fails_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _ray()
    source = _write_input(tmp_path / "in.jsonl", [{"id": "a", "text": "x"}])
    command = ["batch", str(source), str(tmp_path / "out.jsonl"), "--engine", "ray", "--address", "127.0.0.1:9"]
    assert main([*command, "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]) == 2
    assert "could not join the Ray cluster at 127.0.0.1:9" in capsys.readouterr().err


def test_without_ray_installed_the_engine_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write_input(tmp_path / "in.jsonl", [{"id": "a", "text": "x"}])
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'newsstruct\[ray\]'"):
        run_ray_batch(source, tmp_path / "out.jsonl", base_url="http://127.0.0.1:9/v1", model="m")
    assert not (tmp_path / "out.jsonl").exists()
    command = [
        "batch",
        str(source),
        str(tmp_path / "out.jsonl"),
        "--engine",
        "ray",
        "--base-url",
        "http://127.0.0.1:9/v1",
    ]
    assert main([*command, "--model", "m"]) == 2


def _backend_object() -> Any:
    import newsstruct

    return newsstruct.OpenAIBackend(model="m", base_url="http://127.0.0.1:9/v1")


# -- the CLI starting its own local runtime (before the module's runtime exists) -----------------


def test_cli_batch_on_a_local_ray_runtime_reads_parquet(tmp_path: Path) -> None:
    _ray()
    pa, pq = _require("pyarrow"), _require("pyarrow.parquet")

    ids = [f"p{n}" for n in range(6)]
    pq.write_table(pa.table({"id": ids, "text": [_variant(n) for n in range(6)]}), tmp_path / "in.parquet")
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test", NEWSSTRUCT_MODEL="stub-model")
    with StubServer([], default=answers()) as server:
        command = [sys.executable, "-m", "newsstruct.cli", "batch", str(tmp_path / "in.parquet"),
                   str(tmp_path / "out.jsonl"), "--engine", "ray", "--workers", "2", "--base-url", server.base_url,
                   "--no-cache", "--no-progress"]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert sorted(r["id"] for r in _lines(tmp_path / "out.jsonl")) == ids
    assert "batch: 6 items · 0 already done · 6 extracted · 0 failed" in done.stderr.decode()


# -- on the module's Ray runtime -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ray = _ray()
    with pytest.MonkeyPatch.context() as env:  # what the workers inherit: no keys, a throwaway cache
        for name in ("OPENAI_API_KEY", "NEWSSTRUCT_API_KEY", "NEWSSTRUCT_BASE_URL", "NEWSSTRUCT_BACKEND"):
            env.delenv(name, raising=False)
        env.setenv("NEWSSTRUCT_CACHE_DIR", str(tmp_path_factory.mktemp("ray-cache")))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _clients_of(port: int) -> set[int]:
    """The processes (other than this one) holding an open connection to 127.0.0.1:``port``.

    A worker opens its endpoint connections for one batch and closes them when the batch ends,
    so a worker holding one is inside a batch."""
    sockets = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[2].split(":")[1], 16) == port and fields[3] == "01":  # remote port, ESTABLISHED
            sockets.add(f"socket:[{fields[9]}]")
    found = set()
    for fds in Path("/proc").glob("[0-9]*/fd"):
        try:
            if int(fds.parent.name) != os.getpid() and any(os.readlink(fd) in sockets for fd in fds.iterdir()):
                found.add(int(fds.parent.name))
        except OSError:
            continue
    return found


def test_fifty_articles_survive_a_killed_worker_and_a_rerun_writes_nothing(ray_runtime: Any, tmp_path: Path) -> None:
    ids = [f"doc-{n:02d}" for n in range(50)]
    source = _write_input(tmp_path / "in.jsonl", [{"id": i, "text": _variant(n)} for n, i in enumerate(ids)])
    out = tmp_path / "out.jsonl"
    pids: list[int] = []  # the worker of each line, in the order the lines were written
    killed: dict[str, Any] = {}
    once = threading.Lock()

    def kill_a_worker_mid_batch(body: dict[str, Any]) -> str:
        """Answer as the model would; a third of the way in, SIGKILL a worker with a request in flight."""
        with once:
            if not killed and len(server.requests) >= 45:
                busy = _clients_of(int(server.base_url.rsplit(":", 1)[1].split("/")[0]))
                if busy:
                    os.kill(min(busy), signal.SIGKILL)
                    killed.update(pid=min(busy), at_line=len(pids), requests=len(server.requests))
        return str(answers()(body))

    with StubServer([], default=kill_a_worker_mid_batch, delay=0.1) as server:
        summary = run_ray_batch(
            source, out, workers=2, concurrency=5, batch_size=5, base_url=server.base_url,
            on_row=lambda item_id, ok, worker: pids.append(worker), **OPTIONS,
        )  # fmt: skip
        asked = len(server.requests)
        first = out.read_bytes()
        again = run_ray_batch(source, out, workers=2, concurrency=5, base_url=server.base_url, **OPTIONS)
        assert len(server.requests) == asked  # the rerun asked the model nothing

    assert killed, "no worker had a request in flight"
    rows = _lines(out)
    assert sorted(r["id"] for r in rows) == ids  # exactly one line per id: none lost, none twice
    assert all("report" in r for r in rows) and (summary.done, summary.failed) == (50, 0)
    assert not _running(killed["pid"])  # the killed worker is gone...
    before, after = pids[: killed["at_line"]], pids[killed["at_line"] :]
    fresh = [pid for pid in after if pid not in {*before, killed["pid"], 0}]
    assert fresh  # ...and a new actor, a process not seen before, took over. (When the killed
    # worker's last finished batch reaches the file, before or after its successor's first line,
    # is the scheduler's business: the promise is one line per id, checked above.)
    assert asked > 3 * 50  # the interrupted batch was sent again
    assert (again.skipped, again.done, again.failed) == (50, 0, 0) and out.read_bytes() == first


def test_ray_rows_match_the_in_process_engine_and_a_rerun_retries_only_failures(
    ray_runtime: Any, tmp_path: Path
) -> None:
    rows = [{"id": f"a{n}", "text": _variant(n), "metadata": {"n": n}} for n in range(4)]
    source = _write_input(tmp_path / "in.jsonl", [*rows, {"id": "blank", "text": ""}, "{not json"])

    def flaky(body: dict[str, Any]) -> str:
        return "not json" if "Update 2:" in _user_text(body) else answers()(body)

    with StubServer([], default=flaky) as server:
        first = run_ray_batch(
            source, tmp_path / "ray.jsonl", workers=2, concurrency=2, base_url=server.base_url, **OPTIONS
        )
        local = run_batch(source, tmp_path / "local.jsonl", base_url=server.base_url, **OPTIONS)
    assert (first.total, first.done, first.failed, first.invalid) == (local.total, local.done, local.failed, 1)
    on_ray = {r["id"]: r for r in _lines(tmp_path / "ray.jsonl")}
    in_process = {r["id"]: r for r in _lines(tmp_path / "local.jsonl")}
    assert set(on_ray) == set(in_process) == {"a0", "a1", "a2", "a3", "blank", "line-6"}
    for item_id, row in in_process.items():
        if "report" in row:  # the same report, bar the seconds it took
            assert {**on_ray[item_id]["report"], "seconds": 0} == {**row["report"], "seconds": 0}
            assert on_ray[item_id]["metadata"] == row["metadata"]
        else:
            assert on_ray[item_id] == row  # the same error row, field for field
    assert on_ray["a2"]["error"]["type"] == "ExtractionError" and on_ray["a2"]["error"]["retryable"]

    with StubServer([], default=answers()) as healthy:
        second = run_ray_batch(source, tmp_path / "ray.jsonl", workers=1, base_url=healthy.base_url, **OPTIONS)
    assert (second.skipped, second.done, second.failed) == (3, 1, 2)
    assert len(healthy.requests) == questions_asked(_variant(2))  # only a2 went to the model again
    final = _lines(tmp_path / "ray.jsonl")
    assert sorted(r["id"] for r in final) == sorted(on_ray) and "report" in next(r for r in final if r["id"] == "a2")


def test_parse_batch_in_a_users_own_ray_data_pipeline(ray_runtime: Any) -> None:
    ray = ray_runtime
    items = [{"id": f"u{n}", "text": _variant(n), "metadata": json.dumps({"n": n})} for n in range(4)]
    with StubServer([], default=answers()) as server:
        dataset = ray.data.from_items(items, override_num_blocks=2).map_batches(
            ParseBatch,
            fn_constructor_kwargs={"base_url": server.base_url, "model": "stub-model", "api_key": "sk-test"},
            compute=ray.data.ActorPoolStrategy(size=1),
            batch_size=2,
            batch_format="numpy",
        )
        out = dataset.take_all()
    assert sorted(r["id"] for r in out) == [f"u{n}" for n in range(4)] and all(r["ok"] for r in out)
    assert len({r["worker"] for r in out}) == 1  # one actor: the backend was built once, in it
    first = json.loads(next(r["line"] for r in out if r["id"] == "u1"))
    assert first["metadata"] == {"n": 1} and len(first["report"]["figures"]) >= 1


def test_cli_joins_a_running_cluster_with_address(ray_runtime: Any, tmp_path: Path) -> None:
    address = ray_runtime.get_runtime_context().gcs_address
    source = _write_input(tmp_path / "in.jsonl", [{"id": f"c{n}", "text": _variant(n)} for n in range(3)])
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test", NEWSSTRUCT_MODEL="stub-model")
    with StubServer([], default=answers()) as server:
        command = [sys.executable, "-m", "newsstruct.cli", "batch", str(source), str(tmp_path / "out.jsonl"),
                   "--engine", "ray", "--address", address, "--base-url", server.base_url, "--no-cache",
                   "--no-progress"]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert sorted(r["id"] for r in _lines(tmp_path / "out.jsonl")) == ["c0", "c1", "c2"]
    assert ray_runtime.cluster_resources().get("CPU") == 2  # the CLI left the cluster it joined running
    assert any(node["Alive"] for node in ray_runtime.nodes())


def test_a_ray_worker_sees_the_cpus_it_was_assigned(ray_runtime: Any) -> None:
    from newsstruct.scale._ray_engine import assigned_cpus

    probe = ray_runtime.remote(num_cpus=2)(assigned_cpus)
    assert ray_runtime.get(probe.remote(), timeout=120) == 2

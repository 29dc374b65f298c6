"""ParseBatch called directly, as Ray Data would call it, but without a Ray runtime; and the
metadata every input item carries, read the same way by both engines."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from paths import SEED
from scripted import answers
from stub_server import StubServer

from newsstruct.backends import OpenAIBackend
from newsstruct.errors import ConfigurationError, EmptyTextError, InputError
from newsstruct.scale import ParseBatch, Result, run_batch
from newsstruct.scale._batch import read_input
from newsstruct.scale._corpus import metadata_dict
from newsstruct.scale._ray_cluster import _check_reachable
from newsstruct.scale._ray_engine import assigned_cpus, result_line

SEED_TEXT = SEED.read_text(encoding="utf-8")


class Unwritable:
    """A value json cannot write, and whose ``str`` fails too."""

    def __str__(self) -> str:
        raise RuntimeError("no text for this value")


# -- metadata --------------------------------------------------------------------------------------


def test_metadata_becomes_json_values() -> None:
    when = dt.datetime(2026, 11, 25, 8, 30, tzinfo=dt.timezone.utc)
    value = {"published": when, "day": dt.date(2026, 11, 25), "score": Decimal("0.5"), "tags": (1, 2)}
    assert metadata_dict(value) == {
        "published": "2026-11-25T08:30:00+00:00",
        "day": "2026-11-25",
        "score": "0.5",
        "tags": [1, 2],
    }
    assert metadata_dict([("source", "AFP"), ("n", 2)]) == {"source": "AFP", "n": 2}  # a Parquet map
    assert metadata_dict('{"source": "AFP"}') == {"source": "AFP"}
    assert metadata_dict("not json") == {"metadata": "not json"}
    assert metadata_dict("[1, 2]") == {"metadata": [1, 2]}
    assert metadata_dict(None) == metadata_dict("") == {}


@pytest.mark.parametrize("value", [7, [1, 2, 3], [(1, "x")], {("a", "b"): 1}, {"v": Unwritable()}])
def test_metadata_of_another_shape_is_an_input_error(value: Any) -> None:
    with pytest.raises(InputError, match="metadata"):
        metadata_dict(value)


# -- ParseBatch.__call__ ------------------------------------------------------------------------


def test_bad_metadata_is_that_rows_error_line_and_the_others_are_extracted() -> None:
    ids = ["good", "not-json", "number", "unwritable", "blank"]
    batch = {
        "id": ids,
        "text": [f"{SEED_TEXT}\nMarker {i}.\n" for i in ids[:4]] + [" "],
        "metadata": ['{"n": 1}', "{broken", 7, {"v": Unwritable()}, {"when": dt.date(2026, 1, 2)}],
    }
    with StubServer([], default=answers()) as server:
        udf = ParseBatch(base_url=server.base_url, model="stub-model", api_key="sk-test", concurrency=2)
        out = udf(batch)
    asked = " ".join(json.dumps(body) for body in server.requests)
    assert out["id"] == batch["id"] and out["ok"] == [True, True, False, False, False]
    rows = {r["id"]: r for r in map(json.loads, out["line"])}
    assert rows["good"]["metadata"] == {"n": 1} and "report" in rows["good"]
    assert rows["not-json"]["metadata"] == {"metadata": "{broken"} and "report" in rows["not-json"]
    for item_id in ("number", "unwritable"):
        error = rows[item_id]["error"]
        assert error["type"] == "InputError" and "metadata" in error["message"] and not error["retryable"]
        assert rows[item_id]["metadata"] == {}
    assert rows["blank"]["error"]["type"] == EmptyTextError.__name__
    assert rows["blank"]["metadata"] == {"when": "2026-01-02"}
    assert "Marker good." in asked and "Marker not-json." in asked
    assert "Marker number." not in asked and "Marker unwritable." not in asked  # refused before any model call


def test_a_failure_of_the_whole_call_becomes_every_rows_error_line() -> None:
    """parse_many itself refuses (a concurrency of 0): every runnable row gets that error, the
    row without text its own, and nothing escapes to Ray."""
    udf = ParseBatch(base_url="http://127.0.0.1:9/v1", model="m", concurrency=0)
    out = udf({"id": ["a", "b"], "text": ["x", None]})
    errors = [json.loads(line)["error"] for line in out["line"]]
    assert out["ok"] == [False, False]
    assert errors[0]["type"] == "ValueError" and "concurrency" in errors[0]["message"]
    assert errors[1]["type"] == "InputError" and 'no "text" string' in errors[1]["message"]


def test_an_unwritable_line_becomes_an_error_line_that_cannot_fail() -> None:
    line, ok = result_line(Result("x", error=EmptyTextError("empty")), {"v": Unwritable()})
    assert not ok and json.loads(line) == {
        "id": "x",
        "metadata": {},
        "error": {"type": "EmptyTextError", "message": "empty", "retryable": False},
    }
    line, ok = result_line(Result("y", error=InputError("bad")), {"n": 1})
    assert not ok and json.loads(line)["metadata"] == {"n": 1}


def test_a_worker_reads_the_api_key_from_its_own_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTRUCT_API_KEY", "sk-worker")
    with StubServer([], default=answers()) as server:
        out = ParseBatch(base_url=server.base_url, model="stub-model")({"id": ["a"], "text": [SEED_TEXT]})
    assert out["ok"] == [True]
    assert {h["authorization"] for h in server.headers} == {"Bearer sk-worker"}


# -- threads: the CPUs Ray assigned ----------------------------------------------------------------


def _fake_ray(monkeypatch: pytest.MonkeyPatch, resources: dict[str, float] | Exception) -> None:
    def assigned() -> dict[str, float]:
        if isinstance(resources, Exception):
            raise resources
        return resources

    context = types.SimpleNamespace(get_assigned_resources=assigned)
    fake = types.SimpleNamespace(is_initialized=lambda: True, get_runtime_context=lambda: context)
    monkeypatch.setitem(sys.modules, "ray", fake)


def test_threads_default_to_the_cpus_ray_assigned(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_ray(monkeypatch, {"CPU": 3.0})
    assert assigned_cpus() == 3
    udf = ParseBatch(base_url="http://127.0.0.1:9/v1", model="m")
    assert udf.threads == 3
    assert ParseBatch(base_url="http://127.0.0.1:9/v1", model="m", threads=2).threads == 2
    monkeypatch.setenv("NEWSSTRUCT_THREADS", "5")
    assert ParseBatch(base_url="http://127.0.0.1:9/v1", model="m").threads == 5
    _fake_ray(monkeypatch, {"CPU": 0.5})
    assert assigned_cpus() == 1
    _fake_ray(monkeypatch, {})
    assert assigned_cpus() is None
    _fake_ray(monkeypatch, RuntimeError("not a worker"))
    assert assigned_cpus() is None


def test_outside_ray_no_cpus_are_assigned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ray", raising=False)
    assert assigned_cpus() is None
    assert ParseBatch(base_url="http://127.0.0.1:9/v1", model="m").threads is None


def _pyarrow() -> Any:
    """Installed by the dev extra; missing under CI is a failure, not a skip."""
    try:
        import pyarrow
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pyarrow is not installed (scripts/install.sh dev installs it)")
        pytest.skip("pyarrow is not installed")
    return pyarrow


def test_parquet_metadata_with_a_timestamp_and_a_list_is_written_as_json(tmp_path: Path) -> None:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    when = dt.datetime(2026, 11, 25, 8, 30)
    metadata = pa.array(
        [{"published": when, "tags": [3, 4]}, {"published": None, "tags": []}],
        type=pa.struct([("published", pa.timestamp("us")), ("tags", pa.list_(pa.int64()))]),
    )
    table = pa.table({"id": ["a", "b"], "text": [SEED_TEXT, SEED_TEXT + "\nUpdate."], "metadata": metadata})
    pq.write_table(table, tmp_path / "corpus.parquet")
    with StubServer([], default=answers()) as server:
        backend = OpenAIBackend(model="stub", base_url=server.base_url, api_key="sk-test")
        summary = run_batch(tmp_path / "corpus.parquet", tmp_path / "out.jsonl", backend=backend, progress=False)
    assert (summary.done, summary.failed) == (2, 0)
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())}
    assert rows["a"]["metadata"] == {"published": "2026-11-25T08:30:00", "tags": [3, 4]}
    assert rows["b"]["metadata"] == {"published": None, "tags": []}


def test_a_parquet_metadata_column_of_another_type_is_refused(tmp_path: Path) -> None:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["a"], "text": ["x"], "metadata": [[1, 2]]}), tmp_path / "lists.parquet")
    with pytest.raises(InputError, match=r'"metadata" column is list<.*int64>'):
        read_input(tmp_path / "lists.parquet")
    pq.write_table(pa.table({"id": ["a"], "text": ["x"], "metadata": [7]}), tmp_path / "ints.parquet")
    with pytest.raises(InputError, match=r'"metadata" column is int64'):
        read_input(tmp_path / "ints.parquet")


# -- joining a cluster -------------------------------------------------------------------------------


def test_an_ipv6_cluster_address_is_checked_without_its_brackets() -> None:
    try:
        listener = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with listener:
        port = listener.getsockname()[1]
        _check_reachable(f"[::1]:{port}")  # someone listens: no error
    with pytest.raises(ConfigurationError, match=r"could not join the Ray cluster at \[::1\]:"):
        _check_reachable(f"[::1]:{port}")  # closed now


def test_a_parquet_corpus_with_a_repeated_id_is_refused_like_jsonl(tmp_path: Path) -> None:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["x", "y", "x"], "text": ["a", "b", "c"]}), tmp_path / "corpus.parquet")
    with pytest.raises(InputError, match="repeated: x"):
        read_input(tmp_path / "corpus.parquet")

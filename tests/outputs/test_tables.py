"""Tables from batch results: CSV and Parquet that pandas loads, offsets that point into the text."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import openai
import pytest
from paths import SEED
from scripted import answers
from stub_server import StubServer

import newsstruct
from newsstruct.cli import main
from newsstruct.errors import InputError, MissingExtraError
from newsstruct.outputs import export
from newsstruct.outputs._tables import COLUMNS, build_tables, read_results
from newsstruct.scale import run_batch
from newsstruct.schema import Report

SEED_TEXT = SEED.read_text(encoding="utf-8")
GOLD = json.loads(SEED.with_name(SEED.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))


def _require(module: str) -> Any:
    """pandas / pyarrow: installed by the dev extra; missing under CI is a failure, not a skip."""
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed (scripts/install.sh dev installs it)")
        pytest.skip(f"{module} is not installed")


def _stub_report() -> Report:
    """The seed article through the pipeline (stub answers), so values carry their mentions."""
    with StubServer([], default=answers()) as server:
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
        return newsstruct.parse(SEED_TEXT, backend=newsstruct.OpenAIBackend(model="stub", client=client))


def _results(path: Path, extracted: Report) -> Path:
    rows = [
        {"id": "gold", "metadata": {"source": "AFP"}, "report": GOLD["target"]},
        {"id": "parsed", "metadata": {}, "report": json.loads(extracted.model_dump_json())},
        {"id": "empty", "metadata": {}, "error": {"type": "EmptyTextError", "message": "empty", "retryable": False}},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"id": "torn", "rep', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extracted() -> Report:
    return _stub_report()


def test_tables_have_one_row_per_item_with_references_and_offsets(extracted: Report, tmp_path: Path) -> None:
    tables = build_tables(read_results(_results(tmp_path / "results.jsonl", extracted)))
    gold = Report.model_validate(GOLD["target"])
    assert [r["article_id"] for r in tables["articles"]] == ["gold", "parsed", "empty"]  # the torn line is skipped
    assert sum(r["article_id"] == "gold" for r in tables["figures"]) == len(gold.figures)
    assert sum(r["article_id"] == "parsed" for r in tables["claims"]) == len(extracted.claims)
    denial = next(r for r in tables["claims"] if r["article_id"] == "gold" and r["kind"] == "denial")
    assert denial["contests"] == next(c.contests for c in gold.claims if c.kind.value == "denial")
    two_spans = 0
    for name in ("incidents", "figures", "claims"):
        for row in tables[name]:
            assert set(row) == {column for column, _ in COLUMNS[name]}
            spans = json.loads(row["evidence_spans"])
            assert spans[0] == [row["evidence_start"], row["evidence_end"], row["evidence_text"]]  # the first span
            assert all(SEED_TEXT[start:end] == text for start, end, text in spans)
            two_spans += row["article_id"] == "gold" and len(spans) == 2
    gold_items = [*gold.incidents, *gold.figures, *gold.claims]
    assert two_spans == sum(len(item.evidence) == 2 for item in gold_items) >= 5  # every span kept
    for row in (r for r in tables["figures"] if r["article_id"] == "parsed"):
        assert SEED_TEXT[row["phrase_start"] : row["phrase_end"]] == row["phrase"]
    quoted = [r for r in tables["claims"] if r["article_id"] == "parsed" and r["quote"]]
    assert quoted and all(SEED_TEXT[r["quote_start"] : r["quote_end"]] == r["quote"] for r in quoted)
    failed = tables["articles"][2]
    assert (failed["ok"], failed["error_type"], failed["retryable"]) == (False, "EmptyTextError", False)
    assert json.loads(tables["articles"][0]["metadata"]) == {"source": "AFP"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_tables_pandas_loads(fmt: str, extracted: Report, tmp_path: Path) -> None:
    pd = _require("pandas")
    if fmt == "parquet":
        _require("pyarrow")
    results = _results(tmp_path / "results.jsonl", extracted)
    code = main(["export", str(results), "--to", str(tmp_path / "tables"), "--format", fmt])
    assert code == 0
    frames = {
        name: (pd.read_csv if fmt == "csv" else pd.read_parquet)(tmp_path / "tables" / f"{name}.{fmt}")
        for name in COLUMNS
    }
    for name, frame in frames.items():
        assert list(frame.columns) == [column for column, _ in COLUMNS[name]]
    gold = Report.model_validate(GOLD["target"])
    acled = frames["acled"].set_index(["article_id", "incident_id"])
    friendly = next(i.id for i in gold.incidents if i.type.value == "friendly_fire")
    assert int(acled.loc[("gold", friendly), "fatalities"]) == 4
    reported = sum(not i.background for i in [*gold.incidents, *extracted.incidents])
    assert len(frames["ucdp"]) == len(frames["acled"]) == reported
    figures = frames["figures"]
    assert len(figures) == len(gold.figures) + len(extracted.figures)
    vague = figures[(figures["article_id"] == "gold") & (figures["phrase"] == "several")].iloc[0]
    assert pd.isna(vague["min"]) and pd.isna(vague["max"]) and bool(vague["approximate"])
    assert frames["articles"]["ok"].tolist() == [True, True, False]


def test_export_counts_rows_and_refuses_what_is_not_a_result(extracted: Report, tmp_path: Path) -> None:
    counts = export(_results(tmp_path / "results.jsonl", extracted), tmp_path / "out")
    assert counts["articles"] == 3 and counts["figures"] == len(GOLD["target"]["figures"]) + len(extracted.figures)
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "an input line"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a batch result"):
        read_results(tmp_path / "bad.jsonl")
    assert main(["export", str(tmp_path / "missing.jsonl"), "--to", str(tmp_path / "out")]) == 3


def test_a_line_with_an_invalid_report_is_an_input_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = json.loads(json.dumps(GOLD["target"]))
    broken["figures"][0]["min"] = -4
    good = {"id": "ok", "metadata": {}, "report": GOLD["target"]}
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({"id": "bad", "report": broken}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"results.jsonl: line 2 holds no valid report: figures\.0\.min"):
        read_results(path)
    assert main(["export", str(path), "--to", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "results.jsonl: line 2 holds no valid report" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_export_reads_one_results_file_per_shard(extracted: Report, tmp_path: Path) -> None:
    one, two = tmp_path / "shard-1.jsonl", tmp_path / "shard-2.jsonl"
    failed = {"id": "p", "metadata": {}, "error": {"type": "ExtractionError", "message": "x", "retryable": True}}
    one.write_text(json.dumps({"id": "g", "metadata": {"shard": 1}, "report": GOLD["target"]}) + "\n", encoding="utf-8")
    two.write_text(
        json.dumps({"id": "p", "metadata": {}, "report": json.loads(extracted.model_dump_json())}) + "\n"
        + json.dumps(failed) + "\n" + json.dumps({**failed, "id": "e"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    lines = read_results([one, two])
    assert [(line.id, line.report is not None) for line in lines] == [("g", True), ("p", True), ("e", False)]
    assert main(["export", str(one), str(two), "--to", str(tmp_path / "out")]) == 0
    articles = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in articles[1:]] == ["g", "p", "e"]


def test_parquet_without_pyarrow_is_a_clear_typed_error(
    extracted: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _results(tmp_path / "results.jsonl", extracted)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'newsstruct\[tables\]'") as caught:
        export(results, tmp_path / "out", format="parquet")
    assert caught.value.extra == "tables" and isinstance(caught.value, ImportError)
    assert main(["export", str(results), "--to", str(tmp_path / "cli"), "--format", "parquet"]) == 2
    assert "newsstruct[tables]" in capsys.readouterr().err


def test_batch_reads_a_parquet_corpus(tmp_path: Path) -> None:
    pa = _require("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": ["p1", "p2", None],
            "text": [SEED_TEXT, None, SEED_TEXT + "\nUpdate."],
            "metadata": ['{"source": "AFP"}', None, "not json"],
        }
    )
    pq.write_table(table, tmp_path / "corpus.parquet")
    with StubServer([], default=answers()) as server:
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
        backend = newsstruct.OpenAIBackend(model="stub", client=client)
        summary = run_batch(tmp_path / "corpus.parquet", tmp_path / "out.jsonl", backend=backend, progress=False)
    assert (summary.total, summary.done, summary.failed, summary.invalid) == (3, 2, 1, 1)
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {"p1", "p2", "row-3"}
    assert rows["p1"]["metadata"] == {"source": "AFP"} and "report" in rows["p1"]
    assert rows["p2"]["error"]["type"] == "InputError" and rows["row-3"]["metadata"] == {"metadata": "not json"}

"""The eval harness end to end on a scripted fake LLM: cache, resume, reports, compare."""

from __future__ import annotations

import json
from pathlib import Path

from fake_llm import FakeLLM
from scripted import answers

import newsstruct
from newsstruct.cli import main
from newsstruct.engine import ResultCache
from newsstruct.evaluation import compare, evaluate, load_samples, write_run
from newsstruct.evaluation._report import to_html

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_run_scores_caches_and_resumes(tmp_path: Path) -> None:
    samples = load_samples(SEEDS, split="test")[:3]
    assert len(samples) == 3 and all(s.metadata["split"] == "test" for s in samples)
    # the first article fails (the same wrong answer twice stops the re-asking); the others are
    # answered with the first option of every question
    fake = FakeLLM(["garbage", "garbage"], default=answers())
    backend = newsstruct.OpenAIBackend(model="fake", client=fake.client())
    run = evaluate(samples, backend=backend, cache_dir=tmp_path)
    assert run.articles[0].error and run.articles[0].error.startswith("ExtractionError")
    assert all(a.error is None for a in run.articles[1:])
    micro = run.micro()
    gold_incidents = sum(len(s.target.incidents) for s in samples if s.target)
    assert micro["incidents"].tp + micro["incidents"].fn == gold_incidents and micro["incidents"].fp >= 0
    assert len(ResultCache(tmp_path)) == 3

    again = evaluate(samples, backend=newsstruct.OpenAIBackend(model="fake", client=FakeLLM([]).client()),
                     cache_dir=tmp_path)  # fmt: skip
    assert again.as_dict()["micro"] == run.as_dict()["micro"]  # nothing re-asked: the fake has no replies


def test_reports_in_three_formats_and_compare(tmp_path: Path) -> None:
    samples = load_samples(SEEDS, split="dev")[:2]
    fake = FakeLLM([], default=answers())
    run = evaluate(samples, backend=newsstruct.OpenAIBackend(model="fake", client=fake.client()), cache_dir=tmp_path)
    data = run.as_dict()
    paths = write_run(data, tmp_path / "out")
    assert [p.name for p in paths] == ["run.json", "report.md", "report.html"]
    markdown = paths[1].read_text()
    assert "| incidents |" in markdown
    assert "## Links" in markdown and "| claim→contested claim |" in markdown and "## Strict" in markdown
    page = to_html(data)
    assert page.startswith("<!doctype html>") and "<script" not in page and "incidents" in page
    better = json.loads(json.dumps(data))
    before = data["micro"]["incidents"]["f1"]
    better["micro"]["incidents"]["f1"] = before + 0.25
    table = compare(data, better)
    assert f"| incidents | {before:.3f} | {before + 0.25:.3f} | +0.250 |" in table


def test_compare_reads_a_run_of_the_first_scorer_as_strict_rows(tmp_path: Path) -> None:
    samples = load_samples(SEEDS, split="dev")[:1]
    backend = newsstruct.OpenAIBackend(model="fake", client=FakeLLM([], default=answers()).client())
    new = evaluate(samples, backend=backend, cache_dir=tmp_path).as_dict()
    old = json.loads(json.dumps(new))
    del old["meta"]["scorer"], old["links"], old["strict"]
    old["micro"]["figures"] = {**old["micro"]["figures"], "f1": 0.25}  # the first scorer's figures row
    table = compare(old, new)
    strict = new["strict"]["figures"]["f1"]
    assert f"| strict figures | 0.250 | {strict:.3f} | {strict - 0.25:+.3f} |" in table
    assert f"| figures | — | {new['micro']['figures']['f1']:.3f} | n/a |" in table  # finding alone was not scored then
    assert "| link claim→contested claim | — |" in table


def test_a_stored_version_is_re_scored_without_a_model_call(tmp_path: Path) -> None:
    import pytest

    from newsstruct.errors import InputError

    samples = load_samples(SEEDS, split="dev")[:2]
    fake = FakeLLM([], default=answers())
    first = evaluate(samples, backend=newsstruct.OpenAIBackend(model="fake", client=fake.client()), cache_dir=tmp_path)
    version = first.meta["prompt_version"]
    silent = newsstruct.OpenAIBackend(model="fake", client=FakeLLM([]).client())  # any call would fail
    again = evaluate(samples, backend=silent, cache_dir=tmp_path, prompt_version=version)
    assert again.as_dict()["micro"] == first.as_dict()["micro"] and again.meta["prompt_version"] == version
    with pytest.raises(InputError, match="2 of 2 samples have no cached report"):
        evaluate(samples, backend=silent, cache_dir=tmp_path, prompt_version="steps-000000000000")


def test_jsonl_samples(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a", "text": "Rebels attacked a post."}\n\n{"id": "b", "text": "Quiet day."}\n')
    samples = load_samples(path)
    assert [s.id for s in samples] == ["a", "b"] and samples[0].target is None


def test_cli_compare_prints_deltas(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    samples = load_samples(SEEDS, split="dev")[:1]
    backend = newsstruct.OpenAIBackend(model="fake", client=FakeLLM([], default=answers()).client())
    run = evaluate(samples, backend=backend, cache_dir=tmp_path).as_dict()
    write_run(run, tmp_path / "a")
    write_run(run, tmp_path / "b")
    assert main(["eval", "--compare", str(tmp_path / "a"), str(tmp_path / "b" / "run.json")]) == 0
    f1 = run["micro"]["incidents"]["f1"]
    assert f"| incidents | {f1:.3f} | {f1:.3f} | +0.000 |" in capsys.readouterr().out
    assert main(["eval", "--compare", str(tmp_path / "a"), str(tmp_path / "missing")]) == 3

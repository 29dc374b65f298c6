"""The prompt's worked example: a dev seed, written exactly as the step models expect."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from newsstruct.assemble import assemble
from newsstruct.demos import step_answers
from newsstruct.draft import DraftReport, claim_step_for, figure_step_for, incident_step_for
from newsstruct.gold import GoldRecord, check_record, load_gold
from newsstruct.grounding import TextIndex
from newsstruct.pipeline import claim_sentences, figure_sentences
from newsstruct.prompting import load_prompts
from newsstruct.quantities import candidates
from newsstruct.scoring import score_report
from newsstruct.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _example() -> tuple[GoldRecord, str]:
    folder = resources.files("newsstruct") / "prompts"
    record = GoldRecord.model_validate_json((folder / "example.gold.json").read_text(encoding="utf-8"))
    return record, (folder / record.input).read_text(encoding="utf-8")


def test_example_is_a_dev_seed_and_grounded() -> None:
    record, text = _example()
    dev_texts = {t for _, t in load_gold(SEEDS, "dev")}
    test_texts = {t for _, t in load_gold(SEEDS, "test")}
    assert text in dev_texts and text not in test_texts
    assert check_record(record, text) == []


def test_example_answers_pass_the_step_models_and_rebuild_the_gold() -> None:
    record, text = _example()
    answers = step_answers(text, record.target)
    sentences = split_sentences(text)
    context = {"index": TextIndex(text), "sentences": sentences}
    ids = [i.id for i in record.target.incidents]
    index = context["index"]
    incident_step_for(len(sentences)).model_validate(answers["incidents"], context=context)
    with_ids = {**context, "incident_ids": ids}
    quantities = figure_sentences(index, sentences, candidates(text))
    attributing = claim_sentences(index, sentences)
    figure_step_for(quantities, ids, candidates(text)).model_validate(answers["figures"], context=with_ids)
    claim_step_for(attributing, ids).model_validate(answers["claims"], context=with_ids)
    # what the example cites is what the step grammars admit
    assert {f["sentence"] for f in answers["figures"]["figures"]} <= set(quantities)
    assert {c["sentence"] for c in answers["claims"]["claims"]} <= set(attributing)
    draft = DraftReport.model_validate(
        {**answers["incidents"], **answers["figures"], **answers["claims"]}, context=context
    )
    rebuilt = assemble(draft, TextIndex(text), sentences)
    score = score_report(record.id, rebuilt, record.target)
    assert {name: counts.f1 for name, counts in score.sections.items()} == {
        "incidents": 1.0,
        "figures": 1.0,
        "claims": 1.0,
    }, score.explanations


def test_example_is_in_the_system_message_and_the_prompt_version() -> None:
    record, text = _example()
    system = load_prompts().system
    answers = step_answers(text, record.target)
    for answer in answers.values():
        assert json.dumps(answer, ensure_ascii=False) in system
    assert "MANUEL RODRIGUEZ PATRIOTIC FRONT" in system

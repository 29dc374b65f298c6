"""Run newsstruct over a MUC-4 split and score it beside the published systems.

Each document's report is cached like the seed harness (:class:`newsstruct.evaluation._evaluate.OutputCache`),
so a run resumes where it stopped and re-scoring is free. ``stratified`` picks a subset with the
same mix of documents without, with one, and with several gold templates as the whole split.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evals.muc4.adapter import document_roles, templates
from evals.muc4.data import load_grit, load_gtt, read_split
from evals.muc4.extras import ConfidenceTally, EffectTally, confidence_score, effect_score
from evals.muc4.keys import KeyTemplate, load_keys
from evals.muc4.roles import TrainPool, extract_roles
from evals.muc4.roles import setup_name as roles_setup
from evals.muc4.roles import version as roles_version
from evals.muc4.scoring import Tally, ceaf_ree, gtt_template_score
from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine import AnswerStore, ResultCache, cache_variant
from newsstruct.errors import NewsstructError
from newsstruct.evaluation import OutputCache
from newsstruct.schema import Report

KEY_FILES = {"dev": ["tst1/key-tst1.v7", "tst2/key-tst2.v4"], "test": ["tst3/key-tst3.v2", "tst4/key-tst4.v2"]}
PUBLISHED = {"GRIT (document-level F1)": 54.50, "TempGen (document-level F1)": 57.76, "GTT (template-level F1)": 50.23}


def stratified(doc_ids: list[str], gold: dict[str, list[Any]], n: int, seed: int = 13) -> list[str]:
    """``n`` documents keeping the split's shares of 0, 1 and 2+ gold templates.

    Each stratum is shuffled once with a fixed seed and cut, so a larger subset contains every
    smaller one: a run can grow from 40 to 100 documents without redoing the first 40.
    """
    strata: dict[int, list[str]] = {}
    for doc in doc_ids:
        strata.setdefault(min(len(gold.get(doc, [])), 2), []).append(doc)
    rng = random.Random(seed)
    chosen: set[str] = set()
    for key in sorted(strata):
        members = list(strata[key])
        rng.shuffle(members)
        chosen.update(members[: round(n * len(members) / len(doc_ids))])
    return [d for d in doc_ids if d in chosen]


def stratified_order(doc_ids: list[str], gold: dict[str, list[Any]], n: int) -> list[str]:
    """The stratified subset of ``n`` in the order its members join as the subset grows, so a run
    stopped after k documents has done a stratified subset of about k (see :func:`stratified`)."""
    order: list[str] = []
    for size in range(1, n + 1):
        order += [d for d in stratified(doc_ids, gold, size) if d not in order]
    return order


def bootstrap_f1(per_doc: list[Tally], rounds: int = 1000, seed: int = 7) -> tuple[float, float]:
    """95 % interval of micro F1 by resampling documents."""
    if not per_doc:
        return (0.0, 0.0)
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        total = Tally()
        for tally in rng.choices(per_doc, k=len(per_doc)):
            total.add(tally)
        values.append(100 * total.f1)
    values.sort()
    return (round(values[int(0.025 * rounds)], 2), round(values[int(0.975 * rounds) - 1], 2))


def run_split(
    corpora: Path,
    processed: Path,
    split: str,
    *,
    backend: str | Backend | None = None,
    model: str | None = None,
    limit: int | None = None,
    subset: int | None = None,
    cache_dir: Path = Path("evals/.cache"),
    retries: int = 2,
    progress: Callable[[int, int, str, float], None] | None = None,
    demos: int | None = None,
    answers_file: Path | None = None,
) -> dict[str, Any]:
    """Score a split. ``demos=None`` runs newsstruct's pipeline and maps its reports to MUC-4
    roles (zero-shot); ``demos=k`` runs MUC-4's own task with ``k`` retrieved train
    demonstrations (:mod:`evals.muc4.roles`), where only the document-level roles exist."""
    documents = read_split(corpora, split)
    grit = load_grit(processed / "grit" / f"{split}.json")
    gtt = load_gtt(processed / "gtt" / f"{split}.json")
    keys: dict[str, list[KeyTemplate]] = {}
    for name in KEY_FILES[split]:
        for template in load_keys(corpora / name):
            keys.setdefault(template.message_id, []).append(template)
    doc_ids = [d for d in documents if d in grit]
    if subset:
        doc_ids = stratified_order(doc_ids, gtt, subset)
    doc_ids = doc_ids[:limit] if limit else doc_ids

    chosen = resolve_backend(backend, model=model)
    if demos is not None:
        return _run_roles(corpora, processed, split, doc_ids, documents, grit, chosen, cache_dir, demos, progress)
    cache = OutputCache(cache_dir, chosen.name, variant=cache_variant(chosen, 0.0, None))
    # every question's answer is kept too: after a change to the engine only new questions are asked
    answers = AnswerStore(cache_dir / "answers.sqlite")
    if answers_file is not None:
        answers.load(answers_file)  # a committed run's answers: its reports again, no model needed
    pred_doc, pred_tpl, seconds, errors = {}, {}, [], 0
    predictions: dict[str, dict[str, Any]] = {}
    effects, confidence = EffectTally(), ConfidenceTally()
    per_doc_ree: list[Tally] = []
    from_cache = 0  # reports served whole from the report cache: their answers were not read
    for n, doc in enumerate(doc_ids, start=1):
        text = documents[doc]
        from_cache += cache.get(text) is not None
        entry = cache.run(text, chosen, retries, answers)
        seconds.append(float(entry["seconds"]))
        errors += entry["error"] is not None
        predicted = Report.model_validate(entry["report"]) if entry["report"] else None
        pred_doc[doc] = document_roles(predicted, text) if predicted else {}
        pred_tpl[doc] = templates(predicted, text) if predicted else []
        relevant_keys = [k for k in keys.get(doc, []) if k.relevant]
        effects.add(effect_score(predicted, relevant_keys))
        confidence.add(confidence_score(predicted, relevant_keys))
        per_doc_ree.append(ceaf_ree({doc: pred_doc[doc]}, {doc: grit[doc]})["micro"])
        predictions[doc] = {
            "templates": pred_tpl[doc],
            "document_roles": pred_doc[doc],
            "error": entry["error"],
            "seconds": entry["seconds"],
        }
        if progress:
            progress(n, len(doc_ids), doc, float(entry["seconds"]))

    gold_doc = {d: grit[d] for d in doc_ids}
    gold_tpl = {d: gtt[d] for d in doc_ids}
    ree = ceaf_ree(pred_doc, gold_doc)
    tpl = gtt_template_score(pred_tpl, gold_tpl)
    return {
        "split": split,
        "documents": len(doc_ids),
        "subset": "stratified" if subset else ("first" if limit else "full"),
        "model": chosen.name,
        "prompt_version": cache.prompt_version,
        "setup": "zero-shot (newsstruct's own prompts; no MUC-4 demonstrations)",
        "parse_errors": errors,
        "seconds_per_document": {
            "median": round(statistics.median(seconds), 2) if seconds else 0.0,
            "mean": round(statistics.fmean(seconds), 2) if seconds else 0.0,
        },
        "document_level": {k: v.as_dict() for k, v in ree.items()},
        "document_level_f1_95ci": bootstrap_f1(per_doc_ree),
        "template_level": {k: v.as_dict() for k, v in tpl.items()},
        "human_target_effect": asdict(effects),
        "perpetrator_confidence": asdict(confidence),
        "published": PUBLISHED,
        "reports_from_cache": from_cache,
        "predictions": predictions,
        "answer_keys": sorted(answers.used),
    }


def _run_roles(
    corpora: Path,
    processed: Path,
    split: str,
    doc_ids: list[str],
    documents: dict[str, str],
    grit: dict[str, Any],
    backend: Backend,
    cache_dir: Path,
    k: int,
    progress: Callable[[int, int, str, float], None] | None,
) -> dict[str, Any]:
    pool = TrainPool(corpora, processed)
    store = ResultCache(cache_dir, prompt_version=roles_version(k))
    pred_doc, seconds, errors, dropped = {}, [], 0, 0
    predictions: dict[str, dict[str, Any]] = {}
    per_doc_ree: list[Tally] = []
    tokens = {"prompt_tokens": 0, "completion_tokens": 0}
    for n, doc in enumerate(doc_ids, start=1):
        text = documents[doc]
        entry = store.get(backend.name, text)
        if entry is None:
            started = time.perf_counter()
            try:
                entry = {**extract_roles(text, backend, pool, k), "error": None}
            except NewsstructError as exc:
                entry = {"roles": {}, "dropped": [], "error": f"{type(exc).__name__}: {exc}"}
            entry["seconds"] = round(time.perf_counter() - started, 2)
            store.put(backend.name, text, entry)
        seconds.append(float(entry["seconds"]))
        errors += entry["error"] is not None
        dropped += len(entry["dropped"])
        for key in tokens:
            tokens[key] += entry.get(key, 0)
        pred_doc[doc] = entry["roles"]
        per_doc_ree.append(ceaf_ree({doc: pred_doc[doc]}, {doc: grit[doc]})["micro"])
        predictions[doc] = {"document_roles": pred_doc[doc], "error": entry["error"], "seconds": entry["seconds"]}
        if progress:
            progress(n, len(doc_ids), doc, float(entry["seconds"]))
    ree = ceaf_ree(pred_doc, {d: grit[d] for d in doc_ids})
    return {
        "split": split,
        "documents": len(doc_ids),
        "subset": "full" if len(doc_ids) == len(grit) else "part",
        "model": backend.name,
        "prompt_version": roles_version(k),
        "setup": roles_setup(k),
        "parse_errors": errors,
        "dropped_ungrounded": dropped,
        "tokens": tokens,
        "seconds_per_document": {
            "median": round(statistics.median(seconds), 2) if seconds else 0.0,
            "mean": round(statistics.fmean(seconds), 2) if seconds else 0.0,
        },
        "document_level": {key: v.as_dict() for key, v in ree.items()},
        "document_level_f1_95ci": bootstrap_f1(per_doc_ree),
        "published": PUBLISHED,
        "predictions": predictions,
    }


def to_markdown(result: dict[str, Any]) -> str:
    doc, tpl = result["document_level"], result.get("template_level", {})
    lo, hi = result["document_level_f1_95ci"]
    lines = [
        f"# MUC-4 {result['split']}: {result['model']} — {result['documents']} documents ({result['subset']})",
        "",
        f"{result['setup']} · prompt `{result['prompt_version']}` · parse errors {result['parse_errors']} · "
        f"seconds per document: median {result['seconds_per_document']['median']}, "
        f"mean {result['seconds_per_document']['mean']}",
        "",
        "## Document-level (GRIT CEAF-REE, phi-strict)",
        "",
        "| role | P | R | F1 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {k} | {v['precision']} | {v['recall']} | {v['f1']} |" for k, v in doc.items()]
    lines += ["", f"Micro F1 95 % interval (bootstrap over documents): {lo}–{hi}", ""]
    if "template_level" not in result:  # MUC-4's own task set-up: document-level roles only
        lines += ["## Published (test split, fine-tuned)", ""]
        lines += [f"- {name}: {value}" for name, value in result["published"].items()]
        lines += ["", f"Fillers dropped as not in the text: {result['dropped_ungrounded']}; tokens: {result['tokens']}"]
        return "\n".join(lines)
    lines += ["## Template-level (GTT scorer)", "", "| slot | P | R | F1 |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['precision']} | {v['recall']} | {v['f1']} |" for k, v in tpl.items()]
    lines += ["", "## Published (test split, fine-tuned)", ""]
    lines += [f"- {name}: {value}" for name, value in result["published"].items()]
    e, c = result["human_target_effect"], result["perpetrator_confidence"]
    lines += [
        "",
        "## Beyond the processed sets (raw keys)",
        "",
        f"- Human-target effect (DEATH/INJURY): found {e['found']} of {e['gold']}; number right "
        f"{e['numbers_right']} of {e['numbers_given']} that have one; {e['predicted_matched']} of "
        f"{e['predicted']} predicted killed/injured figures matched",
        f"- Perpetrator confidence (claimed vs accused): same reading for {c['same_reading']} of {c['gold']} "
        f"organisations ({c['predicted_as_perpetrator']} named as perpetrators at all)",
    ]
    return "\n".join(lines)

"""How the values of recorded runs were grounded, repaired and dropped, and how they score.

    python bench/grounding_counts.py build/grounding/before build/grounding/after [--md out.md]

Reads the per-article files written by ``bench/grounding_run.py`` for any number of runs and
prints one table: values located exactly / normalised / fuzzily / not at all, problems the model
repaired when they were sent back, values or items dropped, attempts, seconds, and the seed
scores (micro F1 per section) on the same articles. Every run is measured with the same current
code, so runs recorded by an older checkout (whose reports carry no value mentions) are located
by today's grounding look-ups; a value that cannot be located at all is one the current checks
would have sent back or dropped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from newsstruct.evaluate import EvalRun, load_samples
from newsstruct.grounding import TextIndex
from newsstruct.schema import CasualtyFigure, Claim, Incident, Report
from newsstruct.scoring import score_report

ROOT = Path(__file__).resolve().parent.parent
# Warning codes (and, for runs made before the codes existed, message openings) that lose nothing.
_LOSSLESS_CODES = {"duplicate", "adjusted", "retries_exhausted"}
_LOSSLESS_OPENINGS = ("retries exhausted", "repeats ")


def _values(item: Incident | CasualtyFigure | Claim) -> list[tuple[str, str, bool]]:
    """(field, value, is_name) for every value of an item that must come from the text."""
    if isinstance(item, Incident):
        out = [("date.phrase", item.date.phrase, True)]
        out += [(f"location.places[{n}]", v, True) for n, v in enumerate(item.location.places)]
        for role, actors in (("perpetrators", item.perpetrators), ("targets", item.targets)):
            for n, a in enumerate(actors):
                out += [(f"{role}[{n}].name", a.name, True), (f"{role}[{n}].organisation", a.organisation, True)]
        out += [(f"physical_targets[{n}]", v, True) for n, v in enumerate(item.physical_targets)]
        out += [(f"weapons[{n}]", v, True) for n, v in enumerate(item.weapons)]
    elif isinstance(item, CasualtyFigure):
        out = [("phrase", item.phrase, False), ("source", item.source, True)]
    else:
        out = [("quote", item.quote, False), ("speaker.name", item.speaker.name, True)]
        out += [("speaker.organisation", item.speaker.organisation, True)]
    return [(f, v, name) for f, v, name in out if v]


def located(report: Report, text: str) -> Counter[str]:
    """How each value was grounded: the tiers recorded in the report's mentions when it has them
    (they describe the model's own wording, before a name took the article's text); otherwise
    the model's values are located now."""
    items: list[Incident | CasualtyFigure | Claim] = [*report.incidents, *report.figures, *report.claims]
    if report.schema_version != "1":
        return Counter(m.match for item in items for m in item.mentions)
    index = TextIndex(text)
    kinds: Counter[str] = Counter()
    for item in items:
        near = (item.evidence[0].start, item.evidence[0].end)
        for _, value, is_name in _values(item):
            span = index.mention(value, near=near) if is_name else index.find(value, near=near)
            kinds[span.match if span else "not located"] += 1
    return kinds


def _problems(attempt: dict[str, Any]) -> list[str]:
    return [line for e in attempt["problems"] for line in e.splitlines() if line.startswith("- ")]


def _loss(warning: dict[str, Any]) -> bool:
    return warning["code"] not in _LOSSLESS_CODES and not warning["message"].startswith(_LOSSLESS_OPENINGS)


def repaired(attempts: list[dict[str, Any]], unfixed: list[dict[str, Any]]) -> int:
    """Per step: the problems of its first answer that reached the checks, less what the step
    finally dropped or had fixed by the library (the same rule as Report.grounding.repaired)."""
    total = 0
    for step in dict.fromkeys(a["step"] for a in attempts):
        found = next((len(_problems(a)) for a in attempts if a["step"] == step and _problems(a)), 0)
        prefix = {"claims": "claim"}.get(step, step)
        lost = sum(1 for w in unfixed if (w.get("item") or "").startswith(prefix))
        total += max(0, found - lost)
    return total


def summarise(folder: Path) -> dict[str, Any]:
    samples = {s.id: s for split in ("dev", "test") for s in load_samples(ROOT / "seeds", split=split)}
    kinds: Counter[str] = Counter()
    totals = Counter({"repaired": 0, "dropped": 0, "attempts": 0, "errors": 0, "completion": 0})
    seconds, scores, ids = [], [], []
    for path in sorted(folder.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        sample = samples[entry["id"]]
        ids.append(entry["id"])
        seconds.append(entry["seconds"])
        totals["attempts"] += len(entry["attempts"])
        report = Report.model_validate(entry["report"]) if entry["report"] else None
        if report is None:
            totals["errors"] += 1
        else:
            kinds += located(report, sample.input)
            totals["completion"] += report.usage.completion_tokens
            losses = [w for w in entry["report"]["warnings"] if _loss(w)]
            totals["dropped"] += len(losses)
            adjusted = [w for w in entry["report"]["warnings"] if w["code"] == "adjusted"]
            totals["repaired"] += repaired(entry["attempts"], losses + adjusted)
        assert sample.target is not None
        scores.append(score_report(sample.id, report, sample.target, error=entry["error"]))
    run = EvalRun({}, scores, {})
    micro = run.micro()
    return {
        "articles": len(ids),
        "ids": ids,
        **{k: kinds[k] for k in ("exact", "normalized", "fuzzy", "not located")},
        **totals,
        "median_s": round(statistics.median(seconds), 1) if seconds else 0.0,
        "f1": {k: round(micro[k].f1, 3) for k in ("incidents", "figures", "claims") if k in micro},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("runs", nargs="+", type=Path)
    parser.add_argument("--md", type=Path, help="also write the table here")
    parser.add_argument("--common", action="store_true", help="only articles every run has")
    args = parser.parse_args()
    if args.common:
        shared = set.intersection(*({p.stem for p in r.glob("*.json")} for r in args.runs))
        work = Path("build/grounding/.common")
        for r in args.runs:
            target = work / r.name
            target.mkdir(parents=True, exist_ok=True)
            for old in target.glob("*.json"):
                old.unlink()
            for stem in shared:
                (target / f"{stem}.json").write_bytes((r / f"{stem}.json").read_bytes())
        args.runs = [work / r.name for r in args.runs]
    rows = [(r.name, summarise(r)) for r in args.runs]
    head = (
        "| run | articles | exact | normalised | fuzzy | not located | repaired | dropped | attempts | errors "
        "| completion tokens | median s | incidents F1 | figures F1 | claims F1 |"
    )
    lines = [head, "|" + "---|" * 15]
    for name, s in rows:
        f1 = s["f1"]
        lines.append(
            f"| {name} | {s['articles']} | {s['exact']} | {s['normalized']} | {s['fuzzy']} | {s['not located']} "
            f"| {s['repaired']} | {s['dropped']} | {s['attempts']} | {s['errors']} | {s['completion']} "
            f"| {s['median_s']} "
            f"| {f1.get('incidents', 0):.3f} | {f1.get('figures', 0):.3f} | {f1.get('claims', 0):.3f} |"
        )
    table = "\n".join(lines)
    print(table)
    if args.md:
        args.md.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Re-score cached seed reports after a post-processing rule: its effect on the same answers.

    python bench/rescore_cached.py --split dev --prompt-version steps-208957846981 --fix outcomes

Takes the reports a version left in the eval cache (``evals/.cache``), applies each ``--fix``
to them and prints the section and field scores before and after, with no model call:

* ``outcomes``: each figure's outcomes replaced by what :func:`newsstruct.outcomes.outcomes_near`
  reads around its phrase (only where it reads something, as the figure check does);
* ``claim-links``: a claim with no incident linked to the nearest reported incident cited at
  or before its sentence (else the first reported incident).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsstruct.backends import resolve_backend
from newsstruct.cache import ResultCache
from newsstruct.evaluate import load_samples
from newsstruct.grounding import TextIndex
from newsstruct.outcomes import stated_outcomes
from newsstruct.schema import Report
from newsstruct.scoring import Counts, score_report

ROOT = Path(__file__).resolve().parent.parent


def link_claims(report: Report, text: str) -> int:
    """Link claims without an incident; the number of claims linked."""
    reported = sorted((i for i in report.incidents if not i.background), key=lambda i: i.evidence[0].start)
    linked = 0
    for claim in report.claims:
        if claim.incident is None and reported:
            before = [i for i in reported if i.evidence[0].start <= claim.evidence[0].start]
            claim.incident = (before[-1] if before else reported[0]).id
            linked += 1
    return linked


FIXES = {"outcomes": "reread", "claim-links": "link_claims"}


def reread(report: Report, text: str) -> int:
    """Apply the reader to every figure in place; the number of figures changed."""
    index, changed = TextIndex(text), 0
    for figure in report.figures:
        evidence = figure.evidence[0]
        stated = stated_outcomes(text, index.occurrences(figure.phrase)[0], (evidence.start, evidence.end))
        if stated and set(stated) != set(figure.outcomes):
            figure.outcomes = stated
            changed += 1
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--prompt-version", required=True, help="the version whose cached reports to re-score")
    parser.add_argument("--fix", action="append", choices=sorted(FIXES), required=True)
    args = parser.parse_args()
    model = resolve_backend("embedded").name
    store = ResultCache(ROOT / "evals" / ".cache" / "results.sqlite", prompt_version=args.prompt_version)
    totals: dict[str, dict[str, Counts]] = {"before": {}, "after": {}}
    changed = missing = 0
    for sample in load_samples(ROOT / "seeds", split=args.split):
        assert sample.target is not None
        report = store.report(model, sample.input)
        if report is None:
            missing += 1
            continue
        for label in ("before", "after"):
            if label == "after":
                for fix in args.fix:
                    changed += globals()[FIXES[fix]](report, sample.input)
            score = score_report(sample.id, report, sample.target)
            for name, counts in {**score.sections, **score.fields}.items():
                totals[label].setdefault(name, Counts()).add(counts)
    print(f"{changed} item(s) changed; {missing} article(s) not in the cache")
    print("| section or field | before P/R/F1 | after P/R/F1 |\n|---|---|---|")
    for name in totals["before"]:
        cells = [f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}" for c in (totals[k][name] for k in totals)]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The engine's fast loop: run it over a split of the seeds and score every row, answers cached.

    python bench/engine_dev.py --split dev                  # embedded default
    python bench/engine_dev.py --split dev --new-event 0.2  # another policy, same cached answers

Every question's answer (the option probabilities) is kept in ``evals/.cache/answers.sqlite``,
so a change to how answers become decisions is measured again in seconds, with no model call;
only questions never asked before reach the model. Prints the section, link and strict rows
(micro over the split), seconds per article (time with the model when the answers were not
cached; with ``--fresh`` every answer is asked again, and with ``--refresh`` asked again and
stored) and writes the run as JSON with ``--out``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

from newsstruct.backends import resolve_backend
from newsstruct.engine import AnswerStore, Asker, Policy, extract
from newsstruct.evaluation import Counts, load_gold, score_report

ROOT = Path(__file__).resolve().parent.parent


class _Rewriting(AnswerStore):
    """A store that answers nothing and keeps every new answer: the stored answers made again."""

    def get(self, key: str) -> list[float] | str | None:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--only", nargs="*", help="article ids")
    parser.add_argument("--modern", action="store_true", help="only the modern articles (not MUC-4)")
    parser.add_argument("--new-event", type=float, default=Policy().new_event)
    parser.add_argument("--ask-toll-kind", action="store_true", help="ask the kind of a toll sentence too")
    parser.add_argument("--policy", nargs="*", default=[], metavar="FIELD=VALUE",
                        help="any other Policy field, e.g. new_needs_words=false")  # fmt: skip
    parser.add_argument("--fresh", action="store_true", help="ask every question again (timing)")
    parser.add_argument("--refresh", action="store_true", help="ask every question again and store the answers")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    backend = resolve_backend("embedded")
    path = ROOT / "evals" / ".cache" / "answers.sqlite"
    store = None if args.fresh else (_Rewriting if args.refresh else AnswerStore)(path)
    policy = Policy(
        new_event=args.new_event,
        toll_is_report=not args.ask_toll_kind,
    )
    for setting in args.policy:
        name, _, value = setting.partition("=")
        current = getattr(policy, name)
        parsed = value.lower() in ("1", "true", "yes") if isinstance(current, bool) else type(current)(value)
        policy = dataclasses.replace(policy, **{name: parsed})
    totals: dict[str, Counts] = {}
    rows = []
    for record, text in load_gold(ROOT / "seeds", args.split):
        if (args.only and record.id not in args.only) or (args.modern and record.id.startswith("muc_")):
            continue
        asker = Asker(backend, text, store)
        started = time.perf_counter()
        report = extract(asker, policy)
        seconds = time.perf_counter() - started
        score = score_report(record.id, report, record.target)
        for name, counts in [*score.sections.items(), *((f"link {k}", v) for k, v in score.links.items()),
                             *((f"field {k}", v) for k, v in score.fields.items() if k.startswith("incident.")),
                             *((f"strict {k}", v) for k, v in score.strict.items())]:  # fmt: skip
            totals.setdefault(name, Counts()).add(counts)
        row = {"id": record.id, "seconds": round(seconds, 2), "questions": asker.questions,
               "prefill_tokens": asker.prefill_tokens,
               "f1": {k: round(v.f1, 3) for k, v in score.sections.items()}}  # fmt: skip
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    seconds = [r["seconds"] for r in rows]
    print(f"| row | P | R | F1 | TP | FP | FN |   ({len(rows)} articles, new_event={policy.new_event})")
    print("|---|---|---|---|---|---|---|")
    for name, c in totals.items():
        print(f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} |")
    if seconds:
        print(f"seconds per article: median {statistics.median(seconds):.1f}, max {max(seconds):.1f}; "
              f"questions per article: median {statistics.median(r['questions'] for r in rows)}")  # fmt: skip
    if args.out:
        micro = {k: v.as_dict() for k, v in totals.items()}
        args.out.write_text(json.dumps({"policy": vars(policy), "rows": rows, "micro": micro}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

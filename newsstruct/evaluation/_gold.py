"""Hand-labelled gold records: one article and its correct report.

A gold record is a JSON file ``seeds/NAME.gold.json`` beside the article ``seeds/NAME.txt``::

    {"id": "NAME", "input": "NAME.txt", "target": {<a Report>}, "metadata": {...}}

``metadata`` holds ``split`` (``dev`` or ``test``), ``source``, ``source_id``, ``url``, ``date``,
``licence``, ``covers`` (the phenomena the article exercises) and free ``notes``.

Annotators write evidence as ``{"text": "<verbatim quote>"}``; :func:`fill_offsets` adds the
offsets (the first occurrence at or after ``"after"``, when a quote repeats) and
:func:`check_record` verifies every span and verbatim phrase against the article.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsstruct.schema import Report

Split = Literal["dev", "test"]


class GoldMetadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    split: Split
    source: str
    source_id: str | None = None
    url: str | None = None
    date: str | None = None
    licence: str
    covers: list[str] = Field(default_factory=list)
    notes: str = ""


class GoldRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    input: str
    target: Report
    metadata: GoldMetadata


def fill_offsets(text: str, target: dict[str, Any]) -> list[str]:
    """Add ``start``/``end`` to every evidence dict in ``target``; return quotes not found."""
    missing = []
    for section in ("incidents", "figures", "claims"):
        for item in target.get(section, []):
            for ev in item.get("evidence", []):
                quote = ev["text"]
                pos = text.find(quote, int(ev.pop("after", 0)))
                if pos < 0:
                    missing.append(f"{item.get('id')}: {quote!r}")
                    continue
                ev["start"], ev["end"] = pos, pos + len(quote)
    return missing


def check_record(record: GoldRecord, text: str) -> list[str]:
    """Every problem with a gold record against its article (empty when it is sound)."""
    problems = record.target.verify_offsets(text)
    for inc in record.target.incidents:
        if inc.date.phrase and inc.date.phrase not in text:
            problems.append(f"{inc.id}: date phrase {inc.date.phrase!r} is not in the article")
        for place in inc.location.places:
            if place not in text:
                problems.append(f"{inc.id}: place {place!r} is not in the article")
    for fig in record.target.figures:
        if not any(fig.phrase in ev.text for ev in fig.evidence):
            problems.append(f"{fig.id}: phrase {fig.phrase!r} is not in the figure's evidence")
    for claim in record.target.claims:
        if claim.quote and claim.quote not in text:
            problems.append(f"{claim.id}: quote {claim.quote!r} is not in the article")
    return problems


def load_record(path: Path) -> tuple[GoldRecord, str]:
    record = GoldRecord.model_validate_json(path.read_text(encoding="utf-8"))
    text = (path.parent / record.input).read_text(encoding="utf-8")
    return record, text


def load_gold(folder: Path, split: Split | None = None) -> list[tuple[GoldRecord, str]]:
    """Every gold record in ``folder`` (optionally one split), sorted by id."""
    records = [load_record(p) for p in sorted(folder.glob("*.gold.json"))]
    return [(r, t) for r, t in records if split is None or r.metadata.split == split]


def main(argv: list[str] | None = None) -> int:
    """``python -m newsstruct.evaluation FILE...``: fill evidence offsets in place and check each file."""
    parser = argparse.ArgumentParser(prog="python -m newsstruct.evaluation", description=main.__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failed = 0
    for path in args.files:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / data["input"]).read_text(encoding="utf-8")
        missing = fill_offsets(text, data["target"])
        problems = [f"evidence not found: {m}" for m in missing]
        if not missing:
            try:
                record = GoldRecord.model_validate(data)
            except ValueError as exc:
                problems.append(str(exc))
            else:
                problems += check_record(record, text)
        if problems:
            failed += 1
            print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
            for p in problems:
                print(f"  - {p}", file=sys.stderr)
            continue
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(
            f"{path}: ok ({len(record.target.incidents)} incidents, {len(record.target.figures)} figures, "
            f"{len(record.target.claims)} claims)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

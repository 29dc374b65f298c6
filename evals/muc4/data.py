"""Load MUC-4: raw document texts (what the model reads) and the processed gold for scoring.

Splits as the benchmark uses them: ``dev`` = TST1 + TST2, ``test`` = TST3 + TST4 (the mixed-case
copy of TST4, which is the original text), ``train`` = DEV-MUC3-0001..1300 (the only pool that
seeds, prompts and demonstrations may come from).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from evals.muc4.scoring import ROLES


def _entity_strings(entities: list[list[Any]]) -> list[list[str]]:
    """``[[["military", 141], ["some military", 295]], ...]`` → ``[["military", "some military"], ...]``."""
    return [[mention[0] for mention in entity] for entity in entities]


def load_grit(path: Path) -> dict[str, dict[str, list[list[str]]]]:
    """docid → role → entities (each a list of alternative strings)."""
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["docid"]] = {role: _entity_strings(row["extracts"].get(role, [])) for role in ROLES}
    return gold


def load_gtt(path: Path) -> dict[str, list[dict[str, Any]]]:
    """docid → templates, each ``{"incident_type": str, role: entities}``."""
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["docid"]] = [
            {"incident_type": t["incident_type"], **{role: _entity_strings(t.get(role, [])) for role in ROLES}}
            for t in row["templates"]
        ]
    return gold


_DOC_ID = re.compile(r"^(DEV-MUC3-\d{4}|TST\d-MUC\d-\d{4})\b.*$", re.MULTILINE)
RAW_FILES = {
    "dev": ["tst1/tst1-muc3", "tst2/tst2-muc4"],
    "test": ["tst3/tst3-muc4", "tst4/tst4-muc4.mixed-case"],
    "train": [f"dev/dev-muc3-{n:04d}-{n + 99:04d}" for n in range(1, 1301, 100)],
}


def split_documents(raw: str) -> dict[str, str]:
    """Document id → its text as the corpus has it (without the id line, blank edges trimmed)."""
    starts = [(m.group(1), m.start(), m.end()) for m in _DOC_ID.finditer(raw)]
    documents = {}
    for n, (doc_id, _, body_start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(raw)
        documents[doc_id] = raw[body_start:end].strip("\n") + "\n"
    return documents


def read_split(corpora: Path, split: str) -> dict[str, str]:
    """Every raw document of a split, by id, in corpus order."""
    documents: dict[str, str] = {}
    for name in RAW_FILES[split]:
        documents.update(split_documents((corpora / name).read_text(encoding="latin-1")))
    return documents

"""Load the processed MUC-4 gold (GRIT document-level and GTT template-level JSON lines)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsstruct.muc4.scoring import ROLES


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

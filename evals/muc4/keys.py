"""Read the official MUC-4 answer keys (``raw_muc34``), for the slots the processed sets drop.

Two extra scores rest on them: the effect on human targets (DEATH / INJURY ...) with the number
of people, the closest public gold for casualty figures; and the perpetrator organisation's
confidence (CLAIMED OR ADMITTED vs SUSPECTED OR ACCUSED ...), the closest gold for claims.

A key file is a sequence of templates; each slot line is ``N.  SLOT NAME   VALUE`` and values may
continue on following indented lines, one filler per line. ``-`` is an empty slot, ``*`` a
message with no relevant incident; a leading ``?`` marks an optional filler; alternatives of one
filler are separated by `` / ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SLOT = re.compile(r"^(\d+)\.\s+([A-Z][A-Z :]*[A-Z])\s{2,}(.*)$")
_QUOTED = re.compile(r'"([^"]*)"')
_LABELLED = re.compile(r'^\??\s*([^"]+?):\s*(".*)$')


@dataclass
class KeyTemplate:
    """One answer-key template: slot name → filler lines (``-`` and ``*`` already removed)."""

    message_id: str
    slots: dict[str, list[str]] = field(default_factory=dict)

    @property
    def relevant(self) -> bool:
        return bool(self.slots.get("INCIDENT: TYPE"))

    def labelled(self, slot: str) -> list[tuple[str, list[str]]]:
        """Fillers of the form ``LABEL: "A" / "B"`` as (label, alternatives)."""
        result = []
        for line in self.slots.get(slot, []):
            match = _LABELLED.match(line)
            if match:
                result.append((match.group(1).strip(), _QUOTED.findall(match.group(2))))
        return result


@dataclass(frozen=True)
class HumanEffect:
    """A human target's effect (DEATH, INJURY, ...) and number, as the key states them."""

    effect: str
    target: list[str]
    number: int | None  # None for PLURAL or no number given


@dataclass(frozen=True)
class PerpConfidence:
    confidence: str  # e.g. CLAIMED OR ADMITTED, SUSPECTED OR ACCUSED BY AUTHORITIES
    organisation: list[str]


def parse_keys(text: str) -> list[KeyTemplate]:
    templates: list[KeyTemplate] = []
    current: KeyTemplate | None = None
    slot: str | None = None
    for line in text.splitlines():
        match = _SLOT.match(line.strip())
        if match:
            slot, value = match.group(2).strip(), match.group(3).strip()
            if slot == "MESSAGE: ID":
                current = KeyTemplate(value)
                templates.append(current)
                continue
        elif line.startswith(" ") and line.strip() and slot is not None:
            value = line.strip()
        else:
            continue
        if current is not None and slot is not None and value not in ("-", "*", ""):
            current.slots.setdefault(slot, []).append(value)
    return templates


def load_keys(path: Path) -> list[KeyTemplate]:
    return parse_keys(path.read_text(encoding="latin-1"))


def human_effects(template: KeyTemplate) -> list[HumanEffect]:
    """Each EFFECT OF INCIDENT filler with the NUMBER the key gives for the same target."""
    numbers: dict[str, int | None] = {}
    for label, alternatives in template.labelled("HUM TGT: NUMBER"):
        count = int(label) if label.isdigit() else None
        for alt in alternatives:
            numbers[alt] = count
    effects = []
    for label, alternatives in template.labelled("HUM TGT: EFFECT OF INCIDENT"):
        number = next((numbers[a] for a in alternatives if a in numbers), None)
        effects.append(HumanEffect(label, alternatives, number))
    return effects


def perpetrator_confidence(template: KeyTemplate) -> list[PerpConfidence]:
    return [PerpConfidence(label, alts) for label, alts in template.labelled("PERP: ORGANIZATION CONFIDENCE")]

"""Hand-made model answers for the seed article, used as scripted fake LLM replies."""

from __future__ import annotations

import copy
import json
from typing import Any

SEED_DRAFT: dict[str, Any] = {
    "incidents": [
        {
            "id": "I1",
            "sentence": 5,
            "type": "raid_or_operation",
            "summary": "French raid against al-Mourabitoun radicals in the Menaka region.",
            "date_phrase": "on 19 and 20 December",
            "places": ["Menaka region", "Niger border"],
            "country": "Mali",
            "perpetrators": [{"name": "French forces", "kind": "foreign_forces", "organisation": None}],
            "targets": [{"name": "radicals", "kind": "terrorist_group", "organisation": "al-Mourabitoun"}],
            "physical_targets": [],
            "weapons": [],
            "background": False,
            "disputed": False,
        },
        {
            "id": "I2",
            "sentence": 4,
            "type": "friendly_fire",
            "summary": "French shelling killed fighters of an allied pro-government militia.",
            "date_phrase": "on the night of 19 December",
            "places": ["Menaka"],
            "country": "Mali",
            "perpetrators": [{"name": "French army", "kind": "foreign_forces", "organisation": None}],
            "targets": [{"name": "fighters", "kind": "rebel_or_militia", "organisation": "Platform"}],
            "physical_targets": ["outposts"],
            "weapons": ["shelling"],
            "background": False,
            "disputed": True,
        },
    ],
    "figures": [
        {
            "incident": "I1",
            "sentence": 6,
            "group": "extremists",
            "outcomes": ["killed", "captured"],
            "phrase": "about 10",
            "source": "defence ministry",
        },
        {
            "incident": "I2",
            "sentence": 8,
            "group": "fighters",
            "outcomes": ["killed"],
            "phrase": "four",
            "source": "Mohamed Ould Mataly",
        },
    ],
    "claims": [
        {
            "id": "C1",
            "sentence": 8,
            "speaker": "Mohamed Ould Mataly",
            "speaker_role": "senior figure",
            "speaker_organisation": "Movement of Azawad",
            "anonymous": False,
            "kind": "accusation",
            "incident": "I2",
            "content": "The French army killed four Platform fighters.",
            "contests": None,
        },
        {
            "id": "C2",
            "sentence": 11,
            "speaker": "a military source",
            "speaker_role": None,
            "speaker_organisation": "French military",
            "anonymous": True,
            "kind": "denial",
            "incident": "I2",
            "content": "Denies that French forces killed the allied fighters.",
            "contests": "C1",
        },
    ],
}


def seed_draft(**changes: Any) -> dict[str, Any]:
    draft = copy.deepcopy(SEED_DRAFT)
    draft.update(changes)
    return draft


def as_json(draft: dict[str, Any]) -> str:
    return json.dumps(draft)


def step_of(body: dict[str, Any]) -> str:
    """Which extraction step a chat request is for, from the schema it asks for."""
    fmt = body["response_format"]
    schema = fmt["json_schema"]["schema"] if fmt["type"] == "json_schema" else fmt["schema"]
    return {"IncidentStep": "incidents", "FigureStep": "figures", "ClaimStep": "claims"}[schema["title"]]


def step_answer(draft: dict[str, Any], step: str) -> str:
    """The part of a whole-article draft that answers one step."""
    if step == "incidents":
        return json.dumps({"incidents": draft["incidents"]})
    return json.dumps({step: draft[step]})


def answers(draft: dict[str, Any] | None = None) -> Any:
    """A fake-LLM reply that answers whichever step is asked from ``draft``."""
    whole = draft if draft is not None else seed_draft()
    return lambda body: step_answer(whole, step_of(body))


def script(draft: dict[str, Any] | None = None) -> list[Any]:
    """One correct reply per step, in the pipeline's order."""
    return [answers(draft)] * 3

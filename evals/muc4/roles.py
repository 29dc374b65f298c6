"""MUC-4's own task set-up: the five role lists in one call, with retrieved train demonstrations.

newsstruct's engine answers the report's questions (incidents, figures, claims); MUC-4 asks a
narrower one — who perpetrated which terrorist incident against whom, with what — and scores only
that. Demonstrations come from the train pool only (``DEV-MUC3-0001..1300``, never TST1–4):
for each document the ``k`` most similar train documents (TF-IDF cosine over content words) are
shown with their gold role lists, then the document itself. Every answer string must occur in
the document (:class:`~newsstruct.text.TextIndex`); what does not is dropped, never scored.

Results made this way are labelled few-shot with their ``k`` (see :func:`setup_name`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import instructor
from pydantic import BaseModel, Field

from evals.muc4.data import load_grit, read_split
from evals.muc4.scoring import ROLES
from newsstruct.backends import Backend
from newsstruct.engine import prompt_text
from newsstruct.text import TextIndex

Filler = Annotated[str, Field(min_length=1, max_length=60)]
DEMO_CHARS = 900  # a demonstration shows the opening of its document: prompt time is CPU time

SYSTEM = prompt_text("muc4-roles.system.md")  # the MUC-4 task's instructions, one of the prompt files


class MucRoles(BaseModel):
    PerpInd: list[Filler] = Field(max_length=4)
    PerpOrg: list[Filler] = Field(max_length=3)
    Target: list[Filler] = Field(max_length=4)
    Victim: list[Filler] = Field(max_length=5)
    Weapon: list[Filler] = Field(max_length=3)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{3,}", text.lower())]


@dataclass
class Demo:
    doc_id: str
    text: str
    answer: dict[str, list[str]]


class TrainPool:
    """The train documents with their gold role lists, and a TF-IDF index to retrieve them."""

    def __init__(self, corpora: Path, processed: Path) -> None:
        texts = read_split(corpora, "train")
        gold = load_grit(processed / "grit" / "train.json")
        self.ids = [d for d in texts if d in gold]
        self.texts = {d: texts[d] for d in self.ids}
        self.gold = gold
        counts = {d: Counter(_words(texts[d])) for d in self.ids}
        df: Counter[str] = Counter()
        for c in counts.values():
            df.update(c.keys())
        self.idf = {w: math.log(len(self.ids) / n) for w, n in df.items()}
        self.vectors = {d: self._vector(c) for d, c in counts.items()}

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {w: (1 + math.log(n)) * self.idf.get(w, 0.0) for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def nearest(self, text: str, k: int) -> list[str]:
        query = self._vector(Counter(_words(text)))
        scores = {d: sum(v * vec.get(w, 0.0) for w, v in query.items()) for d, vec in self.vectors.items()}
        return sorted(scores, key=lambda d: -scores[d])[:k]

    def demo(self, doc_id: str) -> Demo:
        """The document's opening (whole paragraphs up to DEMO_CHARS) and the gold fillers in it."""
        text = self.texts[doc_id]
        cut = text.rfind("\n\n", 0, DEMO_CHARS)
        shown = text if len(text) <= DEMO_CHARS else text[: cut if cut > 200 else DEMO_CHARS]
        folded = " ".join(shown.split()).lower()
        answer: dict[str, list[str]] = {}
        for role in ROLES:
            answer[role] = []
            for entity in self.gold[doc_id][role]:
                found = next((m for m in entity if " ".join(m.split()) in folded), None)
                if found is not None:
                    answer[role].append(found.upper())  # the train texts are in capitals
        return Demo(doc_id, shown.strip() + "\n", answer)


def setup_name(k: int) -> str:
    return f"few-shot: k={k} retrieved train demonstrations, one call with the five MUC-4 role lists"


def version(k: int) -> str:
    """What the cache keys these answers by: the prompt, the schema, the demo size and k."""
    material = json.dumps([SYSTEM, MucRoles.model_json_schema(), DEMO_CHARS, k], sort_keys=True)
    return f"muc4-roles-k{k}-" + hashlib.sha256(material.encode()).hexdigest()[:10]


def messages(text: str, demos: list[Demo]) -> list[dict[str, str]]:
    out = [{"role": "system", "content": SYSTEM}]
    for demo in demos:
        out.append({"role": "user", "content": f"Text:\n<<<\n{demo.text}>>>"})
        out.append({"role": "assistant", "content": json.dumps(demo.answer)})
    out.append({"role": "user", "content": f"Text:\n<<<\n{text.strip()}\n>>>"})
    return out


def grounded(text: str, answer: MucRoles) -> tuple[dict[str, list[list[str]]], list[str]]:
    """Role → entities whose strings occur in ``text`` (each once), and what was dropped."""
    index = TextIndex(text)
    roles: dict[str, list[list[str]]] = {}
    dropped: list[str] = []
    for role in ROLES:
        seen: set[str] = set()
        roles[role] = []
        for value in getattr(answer, role):
            span = index.find(value) or index.mention(value)
            if span is None:
                dropped.append(f"{role}: {value!r}")
                continue
            shown = text[span.start : span.end] if index.find(value) else value
            key = " ".join(shown.lower().split())
            if key not in seen:
                seen.add(key)
                roles[role].append([" ".join(shown.split())])
    return roles, dropped


def extract_roles(text: str, backend: Backend, pool: TrainPool, k: int) -> dict[str, Any]:
    """One document: the call, its grounded role lists, what was dropped and the tokens used."""
    demos = [pool.demo(d) for d in pool.nearest(text, k)]
    usage: dict[str, int] = {"prompt_tokens": 0, "completion_tokens": 0}

    def create(**kwargs: Any) -> Any:
        completion = backend.create(**kwargs)
        if completion.usage is not None:
            usage["prompt_tokens"] += completion.usage.prompt_tokens
            usage["completion_tokens"] += completion.usage.completion_tokens
        return completion

    client = instructor.Instructor(
        client=None, create=instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA),
        mode=instructor.Mode.JSON_SCHEMA,
    )  # fmt: skip
    request: dict[str, Any] = {"model": backend.name, "response_model": MucRoles, "messages": messages(text, demos),
                               "max_retries": 1, "max_tokens": 400, "temperature": 0.0}  # fmt: skip
    answer = client.chat.completions.create(**request)
    roles, dropped = grounded(text, answer)
    return {"roles": roles, "dropped": dropped, "demos": [d.doc_id for d in demos], **usage}

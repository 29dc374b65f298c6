"""The short questions the engine asks, each a choice among options the finders produced.

Every question is a list of options shown with letters; the answer is one letter. On a backend
that reads token probabilities (the embedded llama.cpp model) the letter is picked from one
forward pass and its probability kept as the answer's confidence; on an OpenAI-compatible
endpoint it is asked through instructor with a small Pydantic model whose only field is a
``Literal`` of the letters.

The prompt is laid out as [instructions + demonstrations][article][question], so the first two
parts are evaluated once per process and once per article, and each question costs only its own
few dozen tokens.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import instructor
from pydantic import BaseModel, create_model

from newsstruct.backends import Backend
from newsstruct.errors import Usage

LABELS = "ABCDEFGHIJKLMNOP"


@cache
def system_prompt() -> str:
    return resources.files("newsstruct.prompts").joinpath("engine.system.md").read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class Answer:
    index: int
    confidence: float | None  # the chosen option's probability, when the backend reads them
    probabilities: tuple[float, ...] | None = None  # every option's, when the backend reads them


class AnswerStore:
    """Answers kept on disk by question, so a change to how answers are used is measured again
    without asking the model (the evaluation loop's cache; extraction itself never needs it)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL)")

    @staticmethod
    def key(model: str, messages: list[dict[str, str]], labels: list[str]) -> str:
        return hashlib.sha256(json.dumps([model, messages, labels]).encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[float] | str | None:
        row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, answer: list[float] | str) -> None:
        self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(answer)))


@dataclass
class Asker:
    """Asks one article's questions through a backend and counts them."""

    backend: Backend
    article: str
    store: AnswerStore | None = None
    usage: Usage = field(default_factory=Usage)
    questions: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)

    def messages(self, sentence: str, question: str, options: list[str]) -> list[dict[str, str]]:
        lines = [f"{LABELS[n]}. {option}" for n, option in enumerate(options)]
        ask = f'Sentence: "{" ".join(sentence.split())}"\nQuestion: {question}\n' + "\n".join(lines)
        return [
            {"role": "system", "content": system_prompt()},
            {"role": "user", "content": f"Article:\n{self.article.strip()}\n\n{ask}\nAnswer:"},
        ]

    def ask(self, sentence: str, question: str, options: list[str]) -> Answer:
        """The option the model picks (the first when there is only one)."""
        if len(options) > len(LABELS):
            options = options[: len(LABELS)]
        if len(options) == 1:
            return Answer(0, None)
        labels = list(LABELS[: len(options)])
        messages = self.messages(sentence, question, options)
        self.questions += 1
        key = AnswerStore.key(self.backend.name, messages, labels) if self.store else ""
        stored = self.store.get(key) if self.store else None
        if isinstance(stored, list):
            probabilities: list[float] | None = stored
        elif isinstance(stored, str):
            probabilities = None
        else:
            probabilities = self.backend.choose(messages, labels)
        if probabilities is not None:
            best = max(range(len(labels)), key=lambda n: probabilities[n])
            answer = Answer(best, round(probabilities[best], 3), tuple(probabilities))
            if self.store and stored is None:
                self.store.put(key, probabilities)
        else:
            letter = stored if isinstance(stored, str) else self._instructor(messages, labels)
            if self.store and stored is None:
                self.store.put(key, letter)
            answer = Answer(labels.index(letter), None)
        self.log.append({"question": question, "sentence": sentence[:120], "options": options,
                         "answer": answer.index, "probabilities": answer.probabilities})  # fmt: skip
        return answer

    def _instructor(self, messages: list[dict[str, str]], labels: list[str]) -> str:
        model = _answer_model(tuple(labels))

        def create(**kwargs: Any) -> Any:
            completion = self.backend.create(**kwargs)
            if completion.usage is not None:
                self.usage += Usage(completion.usage.prompt_tokens or 0, completion.usage.completion_tokens or 0)
            return completion

        client = instructor.Instructor(
            client=None, create=instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA),
            mode=instructor.Mode.JSON_SCHEMA,
        )  # fmt: skip
        reply = client.chat.completions.create(
            response_model=model,
            messages=messages,  # type: ignore[arg-type]
            max_tokens=20,
            temperature=0.0,
            max_retries=2,
        )
        return str(getattr(reply, "answer"))  # noqa: B009 - a field of a model built at run time


@cache
def _answer_model(labels: tuple[str, ...]) -> type[BaseModel]:
    return create_model("Answer", answer=(Literal[labels], ...))


# ---------------------------------------------------------------- the questions

SPEAKER = "Who says or gives this information?"
NOBODY = "nobody: the article's own words"

KIND = "What does the speaker do in this sentence?"
KIND_OPTIONS = [
    ("statement", "states a fact or an event"),
    ("casualty_report", "gives a toll of dead, injured or missing people"),
    ("accusation", "accuses someone of something"),
    ("denial", "denies something"),
    ("responsibility_claim", "claims responsibility for an act"),
    ("appeal", "calls on someone to act"),
    ("condemnation", "condemns something"),
    ("other", "something else"),
    (None, "nobody is quoted or cited here"),
]

# When no reporting verb names the kind: a statement, a toll, an accusation without the word, or none.
KIND_PLAIN = [KIND_OPTIONS[0], KIND_OPTIONS[1], ("accusation", "blames someone for violence"), KIND_OPTIONS[-1]]

SAME_EVENT = "Which event does this sentence tell about?"
NEW_EVENT = "another event, not one of these"

BACKGROUND = "Is this event the news the article reports, or an earlier event mentioned as background?"
BACKGROUND_OPTIONS = ["the news the article reports", "background: an earlier or general event"]

TYPE = "What kind of event is it?"
TYPE_OPTIONS = [
    ("armed_clash", "an armed clash or battle between armed groups"),
    ("attack", "an attack by gunmen or militants"),
    ("airstrike_or_shelling", "an airstrike, drone strike, shelling or rocket fire"),
    ("bombing", "a bombing or explosion"),
    ("raid_or_operation", "a raid or military operation"),
    ("friendly_fire", "friendly fire: forces hit their own side or allies"),
    ("massacre", "a massacre or mass shooting"),
    ("kidnapping", "a kidnapping or hostage taking"),
    ("arrest", "arrests or detentions"),
    ("protest_or_riot", "a protest, demonstration or riot"),
    ("crackdown", "a crackdown: security forces against protesters or civilians"),
    ("arson", "arson"),
    ("other", "something else"),
]

CONTESTS = "Which earlier statement does this sentence deny or dispute?"
NO_CONTEST = "none of these"

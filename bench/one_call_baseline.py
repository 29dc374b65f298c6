"""The baseline newsstruct must beat: a plain one-call instructor script on the same model.

    python bench/one_call_baseline.py --split test                  # embedded default, answers cached
    python bench/one_call_baseline.py --split test --fresh          # ask every article again (timing)
    python bench/one_call_baseline.py --split dev --modern --out evals/results/one_call_dev.json

Each article is ONE chat completion through ``instructor`` (JSON_SCHEMA mode, grammar-constrained
by llama.cpp) whose response model is the task itself: lists of incidents, casualty figures and
claims, every list and string bounded so constrained decoding cannot loop; ``max_retries=1``
(one re-ask), temperature 0, ``max_tokens=2000``. An answer that still fails validation counts as
an empty report, with the error kept in its row.

The answer becomes a :class:`~newsstruct.schema.Report` with the fewest possible helpers: evidence
is the sentence holding the figure's phrase, the claim's content or the words of the incident's
summary (the first sentence of the body when nothing is found); numbers are read from the
figure's phrase and dates from the date phrase by newsstruct's own readers, so the baseline is
not penalised for arithmetic it was never asked to do. It is scored exactly as
``bench/engine_dev.py`` scores the engine.

Each article's raw answer, tokens and seconds are kept in
``evals/.cache/one_call_baseline/<model>/<article id>.<hash of prompt and schema>.json``, so a
stopped run resumes and re-scoring costs no model call (``--fresh`` asks again). Seconds are the
model time of the call itself (retries included; the model is loaded before the clock starts),
as measured when the answer was made. Prints one JSON row per article to stderr, then the
section, link and strict rows (micro over the split) and the median seconds per article;
``--out`` writes the rows, micro scores and median as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine import OUTPUT_ERRORS, escape_raw_controls
from newsstruct.errors import ContextOverflowError
from newsstruct.evaluation import Counts, load_gold, score_report, words
from newsstruct.schema import (
    CasualtyFigure,
    Claim,
    ClaimKind,
    DatePrecision,
    EventDate,
    Evidence,
    Incident,
    IncidentType,
    Location,
    Outcome,
    Report,
    Speaker,
    TokenUsage,
    Warning,
)
from newsstruct.text import Quantity, Sentence, TextIndex, candidates, dateline, interpret, resolve, split_sentences

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "evals" / ".cache" / "one_call_baseline"
MAX_TOKENS = 2000
MAX_RETRIES = 1  # re-asks after the first attempt (instructor's int semantics)
TEMPERATURE = 0.0
_BODY_WORDS = 8  # a sentence this long starts the body (a headline or byline is shorter)

# ---------------------------------------------------------------- the response model

Name = Annotated[str, Field(max_length=80)]
Phrase = Annotated[str, Field(max_length=60)]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentAnswer(_Answer):
    type: IncidentType
    summary: str = Field(max_length=200)
    date: Phrase | None
    places: list[Phrase] = Field(max_length=4)
    background: bool
    disputed: bool


class FigureAnswer(_Answer):
    incident: int = Field(description="number of the incident, from 1")
    group: Phrase
    outcomes: list[Outcome] = Field(min_length=1, max_length=3)
    phrase: str = Field(max_length=40, description="the number as written")
    source: Name | None


class ClaimAnswer(_Answer):
    speaker: Name | None
    kind: ClaimKind
    incident: int = Field(description="number of the incident, from 1")
    content: str = Field(max_length=200)
    contests: int | None = Field(description="number of the claim it disputes, from 1")


class ArticleAnswer(_Answer):
    incidents: list[IncidentAnswer] = Field(max_length=6)
    figures: list[FigureAnswer] = Field(max_length=10)
    claims: list[ClaimAnswer] = Field(max_length=10)


SYSTEM_PROMPT = f"""\
You extract structured data from a news article about violent or political events. Answer with \
one JSON object holding three lists.

"incidents": each distinct event the article reports (an attack, clash, airstrike, bombing, raid, \
kidnapping, arrest, protest, crackdown...), in order of first mention; they are numbered from 1. \
For each: "type" (one of {", ".join(t.value for t in IncidentType)}); "summary" (one short \
sentence: who did what to whom, where); "date" (the date phrase exactly as written in the \
article, or null); "places" (place names exactly as written, most specific first); "background" \
(true when it is earlier history mentioned for context, not the news being reported); \
"disputed" (true when whether it happened, or who is responsible, is contested).

"figures": each count of people affected, once per source that gives it. For each: "incident" \
(the number of its incident); "group" (who, as the article describes them); "outcomes" (one or \
more of {", ".join(o.value for o in Outcome)}); "phrase" (the number words exactly as written in \
the article); "source" (who gives the figure, or null when the article states it in its own voice).

"claims": each statement the article attributes to someone. For each: "speaker" (the name or \
description as written, or null when nobody is named); "kind" (one of \
{", ".join(k.value for k in ClaimKind)}); "incident" (the number of the incident it is about); \
"content" (a short paraphrase); "contests" (the number of the earlier claim it disputes, claims \
numbered from 1, or null).

Only include what the article states; a headline is not a separate incident."""


def messages_for(text: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": f"Article:\n{text.strip()}"}]


# ---------------------------------------------------------------- asking, with a cache on disk


@dataclass
class Result:
    """One article's answer as made (or as kept from an earlier run)."""

    answer: ArticleAnswer | None
    seconds: float
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    raw: list[str | None] = field(default_factory=list)
    error: str | None = None
    cached: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "attempts": self.attempts,
            "raw": self.raw,
            "error": self.error,
            "answer": self.answer.model_dump(mode="json") if self.answer is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        answer = ArticleAnswer.model_validate(data["answer"]) if data["answer"] is not None else None
        return cls(answer, data["seconds"], data["prompt_tokens"], data["completion_tokens"], data["attempts"],
                   data["raw"], data["error"], cached=True)  # fmt: skip


def cache_key(model: str, messages: list[dict[str, str]]) -> str:
    request = {"model": model, "messages": messages, "schema": ArticleAnswer.model_json_schema(),
               "max_tokens": MAX_TOKENS, "temperature": TEMPERATURE, "max_retries": MAX_RETRIES}  # fmt: skip
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()


class Baseline:
    """One instructor client over the backend's ``create``, as a plain script would write it."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._raw: list[str | None] = []
        self._usage = [0, 0]

        def create(**kwargs: Any) -> Any:
            completion = backend.create(**kwargs)
            for choice in completion.choices:  # a literal line break inside a string is not fatal
                if isinstance(choice.message.content, str):
                    choice.message.content = escape_raw_controls(choice.message.content)
            return completion

        patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
        self.client: Any = instructor.Instructor(client=None, create=patched, mode=instructor.Mode.JSON_SCHEMA)

    def _on_response(self, response: Any) -> None:
        choices = getattr(response, "choices", None) or []
        self._raw.append(choices[0].message.content if choices else None)
        usage = getattr(response, "usage", None)
        if usage is not None:
            self._usage[0] += usage.prompt_tokens or 0
            self._usage[1] += usage.completion_tokens or 0

    def ask(self, text: str) -> Result:
        messages = messages_for(text)
        self._raw, self._usage = [], [0, 0]
        hooks = Hooks()
        hooks.on("completion:response", self._on_response)
        try:
            self.backend.check_fits(messages, MAX_TOKENS)  # also loads the model before the clock starts
        except ContextOverflowError as exc:
            return Result(None, 0.0, error=f"{type(exc).__name__}: {exc}")
        answer: ArticleAnswer | None = None
        error = None
        started = time.perf_counter()
        try:
            answer = self.client.chat.completions.create(
                response_model=ArticleAnswer,
                messages=messages,
                max_tokens=MAX_TOKENS,
                temperature=TEMPERATURE,
                max_retries=MAX_RETRIES,
                hooks=hooks,
            )
        except IncompleteOutputException:
            error = f"IncompleteOutputException: the answer reached max_tokens={MAX_TOKENS} before its JSON ended"
        except InstructorRetryException as exc:
            if not isinstance(exc.__cause__, OUTPUT_ERRORS):
                raise  # the backend failed, not the answer: nothing to score or keep
            error = f"no valid answer in {len(self._raw)} attempt(s): {_describe(exc.__cause__)}"
        seconds = time.perf_counter() - started
        return Result(answer, round(seconds, 2), self._usage[0], self._usage[1], len(self._raw), self._raw, error)


def _describe(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        problems = [f"{'.'.join(map(str, e['loc'])) or 'output'}: {e['msg']}" for e in error.errors()]
        return "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
    return " ".join(str(error).split())[:300]


def cached_ask(baseline: Baseline, article_id: str, text: str, *, fresh: bool) -> Result:
    model = re.sub(r"[^\w.-]+", "_", baseline.backend.name)
    path = CACHE / model / f"{article_id}.{cache_key(baseline.backend.name, messages_for(text))[:16]}.json"
    if not fresh and path.exists():
        return Result.from_json(json.loads(path.read_text(encoding="utf-8")))
    result = baseline.ask(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"id": article_id, **result.as_json()}, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return result


# ---------------------------------------------------------------- the answer as a Report


class Locator:
    """Evidence for a value: the sentence holding it, or the sentence sharing most of its words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = TextIndex(text)
        self.sentences = split_sentences(text) or [Sentence(1, 0, len(text))]
        self._words = [words(text[s.start : s.end]) for s in self.sentences]
        body = [s for s, w in zip(self.sentences, self._words, strict=True) if len(w) >= _BODY_WORDS]
        self.first = (body or self.sentences)[0]

    def _at(self, position: int) -> int:
        return next((n for n, s in enumerate(self.sentences) if s.start <= position < s.end), 0)

    def _around(self, n: int) -> set[str]:
        return set().union(*self._words[max(n - 2, 0) : n + 3])

    def sentence(self, phrases: list[str], context: str) -> Sentence:
        """The sentence holding one of ``phrases`` (the one sharing most words with ``context``
        when several do), else the sentence sharing most words with ``context`` and the phrases,
        else the first sentence of the body."""
        wanted = words(context)
        held: set[int] = set()
        for phrase in (p.strip() for p in phrases):
            if not phrase:
                continue
            spans, _ = self.index.occurrences(phrase)
            if not spans:
                found = self.index.find(phrase)
                spans = [(found.start, found.end)] if found else []
            held.update(self._at(start) for start, _ in spans)
        if held:  # ties go to the sentence whose neighbours share more (a speaker named just after a quote)
            best = max(sorted(held), key=lambda n: (len(self._words[n] & wanted), len(self._around(n) & wanted)))
            return self.sentences[best]
        wanted |= set().union(*(words(p) for p in phrases))
        shared = [len(w & wanted) for w in self._words]
        best = max(range(len(shared)), key=lambda n: shared[n])
        return self.sentences[best] if shared[best] >= min(2, len(wanted)) and shared[best] else self.first

    def evidence(self, phrases: list[str], context: str) -> list[Evidence]:
        s = self.sentence(phrases, context)
        return [Evidence(text=self.text[s.start : s.end], start=s.start, end=s.end)]


def _date(phrase: str | None, text: str) -> EventDate:
    resolved = resolve(phrase, dateline(text)) if phrase else None
    if resolved is None:
        return EventDate(phrase=phrase)
    value, end = resolved
    parts = len(value.removeprefix("--").split("-")) + value.startswith("--")  # fields, year included
    precision: DatePrecision = "range" if end else ("year", "month", "day")[min(parts, 3) - 1]
    return EventDate(value=value, end=end, phrase=phrase, precision=precision)


def _quantity(phrase: str) -> Quantity:
    read = interpret(phrase)
    if read is None:
        read = next((q for q in map(interpret, candidates(phrase)) if q is not None), None)
    return read or Quantity(None, None, True)


def to_report(answer: ArticleAnswer | None, text: str, model: str | None = None) -> tuple[Report, int]:
    """The report an answer gives, and how many figures were dropped for naming no incident."""
    if answer is None:
        return Report(model=model), 0
    locate = Locator(text)
    incidents = [
        Incident(
            id=f"I{n}",
            type=inc.type,
            summary=inc.summary,
            date=_date(inc.date, text),
            location=Location(places=inc.places),
            background=inc.background,
            disputed=inc.disputed,
            evidence=locate.evidence([], " ".join([inc.summary, *inc.places, inc.date or ""])),
        )
        for n, inc in enumerate(answer.incidents, start=1)
    ]

    def incident_id(number: int) -> str | None:
        return f"I{number}" if 1 <= number <= len(incidents) else None

    figures: list[CasualtyFigure] = []
    dropped = 0
    for fig in answer.figures:
        incident = incident_id(fig.incident)
        if incident is None:
            dropped += 1
            continue
        quantity = _quantity(fig.phrase)
        context = " ".join([fig.group, fig.source or "", *(o.value for o in fig.outcomes)])
        figures.append(CasualtyFigure(
            id=f"F{len(figures) + 1}", incident=incident, group=fig.group, outcomes=list(dict.fromkeys(fig.outcomes)),
            min=quantity.min, max=quantity.max, approximate=quantity.approximate, phrase=fig.phrase,
            source=fig.source, evidence=locate.evidence([fig.phrase], context),
        ))  # fmt: skip
    claims = [
        Claim(
            id=f"C{n}",
            speaker=Speaker(name=claim.speaker),
            kind=claim.kind,
            incident=incident_id(claim.incident),
            content=claim.content,
            contests=f"C{claim.contests}"
            if claim.contests is not None and 1 <= claim.contests <= len(answer.claims) and claim.contests != n
            else None,
            evidence=locate.evidence([claim.content], f"{claim.speaker or ''} {claim.content}"),
        )
        for n, claim in enumerate(answer.claims, start=1)
    ]
    return Report(model=model, incidents=incidents, figures=figures, claims=claims), dropped


# ---------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--only", nargs="*", help="article ids")
    parser.add_argument("--modern", action="store_true", help="only the modern articles (not MUC-4)")
    parser.add_argument("--fresh", action="store_true", help="ask every article again, ignoring the cache (timing)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    backend = resolve_backend("embedded")
    baseline = Baseline(backend)
    totals: dict[str, Counts] = {}
    rows: list[dict[str, Any]] = []
    for record, text in load_gold(ROOT / "seeds", args.split):
        if (args.only and record.id not in args.only) or (args.modern and record.id.startswith("muc_")):
            continue
        result = cached_ask(baseline, record.id, text, fresh=args.fresh)
        report, dropped = to_report(result.answer, text, backend.name)
        report.attempts, report.seconds = result.attempts, result.seconds
        report.usage = TokenUsage(prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
                                  total_tokens=result.prompt_tokens + result.completion_tokens)  # fmt: skip
        if result.error:
            report.warnings.append(Warning(code="baseline_failed", message=result.error))
        score = score_report(record.id, report, record.target)
        for name, counts in [*score.sections.items(), *((f"link {k}", v) for k, v in score.links.items()),
                             *((f"strict {k}", v) for k, v in score.strict.items())]:  # fmt: skip
            totals.setdefault(name, Counts()).add(counts)
        row = {"id": record.id, "seconds": result.seconds, "prompt_tokens": result.prompt_tokens,
               "completion_tokens": result.completion_tokens, "attempts": result.attempts, "cached": result.cached,
               "error": result.error, "items": [len(report.incidents), len(report.figures), len(report.claims)],
               "dropped_figures": dropped, "f1": {k: round(v.f1, 3) for k, v in score.sections.items()}}  # fmt: skip
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    seconds = [r["seconds"] for r in rows]
    median = statistics.median(seconds) if seconds else None
    failed = sum(r["error"] is not None for r in rows)
    print(f"| row | P | R | F1 | TP | FP | FN |   ({len(rows)} articles, one-call baseline, {failed} failed)")
    print("|---|---|---|---|---|---|---|")
    for name, c in totals.items():
        print(f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} |")
    if median is not None:
        print(f"seconds per article: median {median:.1f}, max {max(seconds):.1f}")
    if args.out:
        micro = {k: v.as_dict() for k, v in totals.items()}
        run = {"baseline": "one_call", "model": backend.name, "split": args.split, "max_tokens": MAX_TOKENS,
               "max_retries": MAX_RETRIES, "rows": rows, "micro": micro, "median_seconds": median}  # fmt: skip
        args.out.write_text(json.dumps(run, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

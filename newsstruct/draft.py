"""The schema the LLM fills in, and the checks that turn its answer into feedback.

The draft is deliberately flat and bounded: every list has ``maxItems`` and every string
``maxLength``, so constrained decoding cannot loop, and every field is required, so the grammar
walks the fields in a fixed order (evidence first: the model cites, then reads).

Evidence is cited by sentence number (see :mod:`newsstruct.sentences`). Extraction runs in
steps (incidents, then figures, then claims), each with its own small response model built per
article: sentence numbers and incident ids appear as enums in the JSON Schema, so constrained
decoding can only cite what exists, while validation still checks every item on its own so a
bad item can be dropped without losing its neighbours. :class:`DraftReport` is the union.

Validation runs with a context ``{"index": TextIndex, "sentences": [Sentence, ...],
"incident_ids": [...], "incidents": [DraftIncident, ...], "drop_ungrounded": bool}``. Without
``drop_ungrounded`` every problem becomes one error message that goes back to the model. With it,
ungrounded, duplicated or dangling items are removed and each removal is recorded as a
:class:`Drop`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from contextvars import ContextVar
from functools import lru_cache
from typing import Annotated, Any, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    create_model,
    model_validator,
)
from pydantic.config import JsonDict

from newsstruct.cues import content_words, event_word
from newsstruct.grounding import TextIndex
from newsstruct.outcomes import stated_outcomes
from newsstruct.quantities import interpret
from newsstruct.schema import ActorKind, ClaimKind, IncidentType, Outcome
from newsstruct.sentences import Sentence as SentenceSpan

Short = Annotated[str, Field(max_length=60)]
Quote = Annotated[str, Field(min_length=1, max_length=300)]
SentenceNo = Annotated[int, Field(ge=1, description="number of the sentence that reports it")]
Summary = Annotated[str, Field(max_length=100)]
ItemId = Annotated[str, Field(max_length=4)]
MAX_INCIDENTS, MAX_FIGURES, MAX_CLAIMS = 5, 8, 6
IncidentId = Annotated[
    str, Field(max_length=4, json_schema_extra={"enum": [f"I{n}" for n in range(1, MAX_INCIDENTS + 1)]})
]
ClaimId = Annotated[str, Field(max_length=4, json_schema_extra={"enum": [f"C{n}" for n in range(1, MAX_CLAIMS + 1)]})]
_PLACEHOLDER_NULLS = {"", "null", "none", "n/a", "na", "unknown", "not stated", "not specified", "-"}


def _null_words(value: Any) -> Any:
    """Small models sometimes write "null" or "unknown" as text; that means no value."""
    if isinstance(value, str) and value.strip().lower() in _PLACEHOLDER_NULLS:
        return None
    return value


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DraftActor(_Draft):
    name: Short = Field(description="as the text names them, e.g. 'French troops', 'gunmen'")
    kind: ActorKind
    organisation: Short | None = Field(description="named organisation they belong to, if any")


class DraftIncident(_Draft):
    # The summary comes before the type: writing what happened first helps a small model pick
    # the type. No calendar date is asked for: dates are worked out from the verbatim phrase and
    # the dateline (newsstruct.dates), which is both cheaper and never bad arithmetic.
    id: IncidentId
    sentence: SentenceNo
    summary: Summary
    type: IncidentType
    date_phrase: Annotated[Short | None, BeforeValidator(_null_words)] = Field(
        description="verbatim, e.g. 'on the night of 19 December'"
    )
    places: list[Short] = Field(max_length=3, description="verbatim, most specific first")
    country: Short | None
    perpetrators: list[DraftActor] = Field(max_length=2)
    targets: list[DraftActor] = Field(max_length=2)
    physical_targets: list[Short] = Field(max_length=2)
    weapons: list[Short] = Field(max_length=3)
    background: bool = Field(description="true for history or earlier events mentioned as context")
    disputed: bool = Field(description="true when occurrence or responsibility is contested")


class DraftFigure(_Draft):
    incident: ItemId
    sentence: SentenceNo
    group: Short = Field(description="who, as the text describes them")
    outcomes: list[Outcome] = Field(min_length=1, max_length=3)
    phrase: Short = Field(description="the verbatim quantity phrase, e.g. 'about 10', 'several'")
    source: Short | None = Field(description="who gives the figure; null for the article itself")


class DraftClaim(_Draft):
    # The quotation and the channel are not asked for: both are read from the cited sentence
    # (newsstruct.cues), which is exact and saves the model copying long quotations.
    id: ClaimId
    sentence: SentenceNo
    speaker: Short | None = Field(description="name, or description for anonymous speakers")
    speaker_role: Short | None
    speaker_organisation: Short | None
    anonymous: bool
    kind: ClaimKind
    incident: ItemId | None
    content: Summary = Field(description="short paraphrase of what is asserted")
    contests: ClaimId | None = Field(description="id of the claim this one disputes")


# The context of the step being validated. It is not handed to instructor as ``context=``:
# instructor renders the messages as Jinja templates whenever a context is given, which would
# rewrite (or execute) any "{{ ... }}" or "{% ... %}" an article happens to contain.
STEP_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar("newsstruct_step_context", default=None)


class _Checked(_Draft):
    """A model whose sections are checked against the article after parsing."""

    _dropped: list[Drop] = PrivateAttr(default_factory=list)

    @property
    def dropped(self) -> list[Drop]:
        """(item, reason) for every item removed while validating in drop mode."""
        return list(self._dropped)

    @model_validator(mode="after")
    def _check_against_text(self, info: ValidationInfo) -> _Checked:
        context: dict[str, Any] = info.context or STEP_CONTEXT.get() or {}
        checker = _Checker(context.get("index"), context.get("sentences"), bool(context.get("drop_ungrounded")))
        checker.incident_list = list(context.get("incidents") or [])
        self._check_sections(checker, set(context.get("incident_ids") or []))
        self._dropped.extend(checker.dropped)
        if checker.problems and not checker.drop:
            raise ValueError(
                "Fix these problems and answer again with the complete JSON:\n- " + "\n- ".join(checker.problems)
            )
        return self

    def _check_sections(self, checker: _Checker, incident_ids: set[str]) -> None:
        raise NotImplementedError


class IncidentStep(_Checked):
    incidents: list[DraftIncident] = Field(max_length=MAX_INCIDENTS)

    def _check_sections(self, checker: _Checker, incident_ids: set[str]) -> None:
        self.incidents = checker.incidents(self.incidents)


class FigureStep(_Checked):
    figures: list[DraftFigure] = Field(max_length=MAX_FIGURES)

    def _check_sections(self, checker: _Checker, incident_ids: set[str]) -> None:
        self.figures = checker.figures(self.figures, incident_ids, checker.incident_list)


class ClaimStep(_Checked):
    claims: list[DraftClaim] = Field(max_length=MAX_CLAIMS)

    def _check_sections(self, checker: _Checker, incident_ids: set[str]) -> None:
        self.claims = checker.claims(self.claims, incident_ids)


class DraftReport(_Checked):
    """Everything one article yields, before offsets are attached."""

    incidents: list[DraftIncident] = Field(max_length=MAX_INCIDENTS)
    figures: list[DraftFigure] = Field(max_length=MAX_FIGURES)
    claims: list[DraftClaim] = Field(max_length=MAX_CLAIMS)

    def _check_sections(self, checker: _Checker, incident_ids: set[str]) -> None:
        self.incidents = checker.incidents(self.incidents)
        ids = {i.id for i in self.incidents}
        self.claims = checker.claims(self.claims, ids)
        self.figures = checker.figures(self.figures, ids, self.incidents)


def _only(values: Sequence[Any]) -> Any:
    """A JSON Schema that admits exactly ``values`` (applied to the schema, not to validation)."""

    def replace(schema: dict[str, Any]) -> None:
        schema.clear()
        schema["enum"] = list(values)

    return replace


def _cited(base: type[_Draft], numbers: Sequence[int], **more: Any) -> type[_Draft]:
    sentence = (int, Field(ge=1, json_schema_extra=_only(list(numbers))))
    return create_model(base.__name__, __base__=base, sentence=sentence, **more)


@lru_cache(maxsize=64)
def incident_step_for(sentences: int, *, at_least_one: bool = False) -> type[IncidentStep]:
    """The incident step for an article of ``sentences`` sentences.

    ``at_least_one`` (the article writes of violence: :func:`newsstruct.cues.event_word`) puts
    ``minItems: 1`` in the JSON Schema, so a constrained decoder cannot close the list at its first
    token, which the 1.5B default did on 4 of 10 test articles, and did again when re-asked.
    Validation still accepts an empty list: an endpoint that ignores the keyword and answers []
    is asked once more (see ``_Checker.incidents``), never failed for it."""
    incident = _cited(DraftIncident, range(1, sentences + 1))
    schema_extra: JsonDict | None = {"minItems": 1} if at_least_one else None
    return create_model(
        "IncidentStep",
        __base__=IncidentStep,
        incidents=(list[incident], Field(max_length=MAX_INCIDENTS, json_schema_extra=schema_extra)),  # type: ignore[valid-type]
    )


def figure_step_for(numbers: Sequence[int], incident_ids: Sequence[str], phrases: Sequence[str]) -> type[FigureStep]:
    """The figure step: figures cite a sentence that holds a quantity (``numbers``), name found
    incidents and pick one of the article's quantity phrases
    (:func:`newsstruct.quantities.candidates`); the numbers are read from the phrase afterwards,
    never written by the model."""
    return _figure_step(tuple(numbers), tuple(incident_ids), tuple(phrases))


@lru_cache(maxsize=256)  # building a model costs milliseconds; articles often share a shape
def _figure_step(numbers: tuple[int, ...], incident_ids: tuple[str, ...], phrases: tuple[str, ...]) -> type[FigureStep]:
    figure = _cited(
        DraftFigure,
        numbers,
        incident=(str, Field(json_schema_extra=_only(incident_ids))),
        phrase=(str, Field(max_length=60, json_schema_extra=_only(phrases))),
    )
    return create_model(
        "FigureStep",
        __base__=FigureStep,
        figures=(list[figure], Field(max_length=MAX_FIGURES)),  # type: ignore[valid-type]
    )


def claim_step_for(numbers: Sequence[int], incident_ids: Sequence[str]) -> type[ClaimStep]:
    """The claim step: claims cite a sentence that attributes something to someone (``numbers``,
    :func:`newsstruct.cues.has_attribution`) and name a found incident, or null."""
    return _claim_step(tuple(numbers), tuple(incident_ids))


@lru_cache(maxsize=256)
def _claim_step(numbers: tuple[int, ...], incident_ids: tuple[str, ...]) -> type[ClaimStep]:
    incident = (str | None, Field(json_schema_extra=_only([*incident_ids, None])))
    claim = _cited(DraftClaim, numbers, incident=incident)
    return create_model(
        "ClaimStep",
        __base__=ClaimStep,
        claims=(list[claim], Field(max_length=MAX_CLAIMS)),  # type: ignore[valid-type]
    )


def sentences_holding(index: TextIndex, spans: Sequence[SentenceSpan], phrase: str) -> list[int]:
    """The numbers of the sentences a verbatim (or normalised) occurrence of ``phrase`` lies in."""
    starts = [s.start for s in spans]
    holding = set()
    for start, end in index.occurrences(phrase)[0]:
        k = bisect_right(starts, start) - 1
        if k >= 0 and end <= spans[k].end:
            holding.add(spans[k].number)
    return sorted(holding)


class Drop(NamedTuple):
    """Something removed from a step's answer: the item, why, and what kind of removal.

    ``code`` is ``"dropped"`` (a value or item failed a check and is lost), ``"duplicate"`` (a
    repeat: nothing is lost), ``"adjusted"`` (fixed without loss, e.g. a figure re-cited to the
    only sentence holding its phrase), ``"step_failed"`` or ``"retries_exhausted"``."""

    item: str
    reason: str
    code: str = "dropped"


class _Checker:
    """Checks sections of a draft against the article: grounding of every quoted value and name,
    consistency between items (figures and their incidents, contested claims), duplicates and
    references. Each problem is one message the model can act on."""

    def __init__(self, index: TextIndex | None, spans: Sequence[SentenceSpan] | None, drop: bool) -> None:
        self.index = index
        self.spans = list(spans) if spans is not None else None
        self.drop = drop
        self.problems: list[str] = []
        self.dropped: list[Drop] = []
        self.incident_list: list[Any] = []  # the incidents found so far, for the figure checks

    # -- recording -----------------------------------------------------------------------

    def _flag(self, item: str, reason: str) -> None:
        self.problems.append(f"{item}: {reason}")
        self.dropped.append(Drop(item, reason))

    def _repeat(self, item: str, reason: str) -> None:
        """A repeated item is removed and recorded, but not worth a retry: nothing is lost."""
        self.dropped.append(Drop(item, reason, "duplicate"))

    # -- the article ---------------------------------------------------------------------

    def _cites(self, sentence: int) -> bool:
        return self.spans is None or 1 <= sentence <= len(self.spans)

    def _bad_sentence(self, sentence: int) -> str:
        count = len(self.spans or [])
        return f"sentence {sentence} does not exist (the article has sentences 1 to {count})"

    def _near(self, sentence: int) -> tuple[int, int] | None:
        if self.spans is None or not self._cites(sentence):
            return None
        s = self.spans[sentence - 1]
        return (s.start, s.end)

    def _sentences_holding(self, phrase: str) -> list[int]:
        if self.index is None or self.spans is None:
            return []
        return sentences_holding(self.index, self.spans, phrase)

    def _grounded(self, quote: str | None, sentence: int) -> bool:
        return quote is None or self.index is None or self.index.find(quote, near=self._near(sentence)) is not None

    def _describes(self, content: str, sentence: int) -> bool:
        """A paraphrase shares words (by their first five letters) with the sentence it cites or
        its neighbours (two before, one after, where references such as "the accusation" are
        resolved): a fifth of its content words at least. Every gold claim of the seeds passes;
        a claim copied from the prompt's example, or about another part of the text, does not."""
        if self.index is None or self.spans is None:
            return True
        first, last = self.spans[max(0, sentence - 3)], self.spans[min(len(self.spans), sentence + 1) - 1]
        mine = {w[:5] for w in content_words(content)}
        around = {w[:5] for w in content_words(self.index.text[first.start : last.end])}
        return len(mine) < 3 or len(mine & around) >= len(mine) / 5

    def _mentioned(self, label: str, what: str, values: list[Any], sentence: int) -> list[Any]:
        """The values (strings or actors) whose names come from the article; the rest are flagged.
        A placeholder ("UNKNOWN", "N/A") is the model saying there is no value: it is removed and
        noted, not sent back (a re-ask costs a whole step and nothing is lost)."""
        kept = []
        for value in values:
            name = value if isinstance(value, str) else value.name
            if _null_words(name) is None:
                self.dropped.append(Drop(label, f"{what} {name!r} is a placeholder: read as no value", "adjusted"))
            elif self.index is None or self.index.mention(name, near=self._near(sentence)) is not None:
                kept.append(value)
            else:
                self._flag(label, f"{what} {name!r} is not in the article: use the article's own words or leave it out")
        return kept

    def _organisation(self, label: str, value: str | None, sentence: int) -> str | None:
        if value is None or self._mentioned(label, "organisation", [value], sentence):
            return value
        return None

    # -- incidents -----------------------------------------------------------------------

    def _ground_names(self, label: str, inc: DraftIncident) -> None:
        """The date phrase, places, actors, physical targets and weapons come from the text (not the example)."""
        n = inc.sentence
        if inc.date_phrase is not None and not self._mentioned(label, "date phrase", [inc.date_phrase], n):
            inc.date_phrase = None
        inc.places = self._mentioned(label, "place", inc.places, n)
        inc.perpetrators = self._mentioned(label, "perpetrator", inc.perpetrators, n)
        inc.targets = self._mentioned(label, "target", inc.targets, n)
        for actor in [*inc.perpetrators, *inc.targets]:
            actor.organisation = self._organisation(label, actor.organisation, n)
        inc.physical_targets = self._mentioned(label, "physical target", inc.physical_targets, n)
        inc.weapons = self._mentioned(label, "weapon", inc.weapons, n)

    def _reports_events(self) -> str | None:
        """Where the article writes of violence (a sentence with an event word), if anywhere."""
        if self.index is None or self.spans is None:
            return None
        for s in self.spans:
            found = event_word(self.index.text[s.start : s.end])
            if found:
                return f"sentence {s.number} says {found!r}"
        return None

    def incidents(self, items: list[DraftIncident]) -> list[DraftIncident]:
        # An empty answer for an article that writes of violence is asked about once more (a
        # small model sometimes closes the list at once); the same answer again is accepted.
        where = None if items or self.drop else self._reports_events()
        if where is not None:
            self.problems.append(
                f"incidents: the list is empty but {where}: list every event of violence, coercion or unrest "
                "the article reports, or answer [] again if there is none"
            )
        kept: list[DraftIncident] = []
        for n, inc in enumerate(items):
            label = f"incidents[{n}] ({inc.id})"
            same = next((k for k in kept if k.sentence == inc.sentence and k.type == inc.type), None)
            if any(k.id == inc.id for k in kept):
                self._flag(label, f"id {inc.id!r} is used by an earlier incident")
            elif same is not None:
                self._repeat(label, f"repeats incident {same.id}: report each event once")
            elif not self._cites(inc.sentence):
                self._flag(label, self._bad_sentence(inc.sentence))
            else:
                self._ground_names(label, inc)
                kept.append(inc)
        return kept

    # -- claims --------------------------------------------------------------------------

    def claims(self, items: list[DraftClaim], incident_ids: set[str]) -> list[DraftClaim]:
        kept: list[DraftClaim] = []
        for n, cl in enumerate(items):
            label = f"claims[{n}] ({cl.id})"
            if any(k.id == cl.id for k in kept):
                self._flag(label, f"id {cl.id!r} is used by an earlier claim")
            elif any(k.sentence == cl.sentence and k.kind == cl.kind and k.speaker == cl.speaker for k in kept):
                self._repeat(label, "repeats an earlier claim")
            elif not self._cites(cl.sentence):
                self._flag(label, self._bad_sentence(cl.sentence))
            elif cl.speaker is None and cl.speaker_organisation is None:
                self._flag(
                    label,
                    f"no speaker: a claim is what sentence {cl.sentence} attributes to someone; name who said "
                    "it, or leave out the article's own narration",
                )
            elif not self._describes(cl.content, cl.sentence):
                self._flag(
                    label,
                    f"content {cl.content!r} does not describe sentence {cl.sentence}: paraphrase what that "
                    "sentence says the speaker asserted",
                )
            elif cl.incident is not None and cl.incident not in incident_ids:
                self._flag(label, f"incident {cl.incident!r} does not exist")
            else:
                if cl.speaker is not None and not self._mentioned(label, "speaker", [cl.speaker], cl.sentence):
                    cl.speaker = None
                cl.speaker_organisation = self._organisation(label, cl.speaker_organisation, cl.sentence)
                kept.append(cl)
        by_id = {c.id: c for c in kept}
        for cl in kept:
            other = by_id.get(cl.contests or "")
            if cl.contests is None:
                continue
            if other is None or other is cl:
                self._flag(f"claim {cl.id}.contests", f"{cl.contests!r} is not another claim; set it to null")
            elif cl.incident is not None and other.incident is not None and cl.incident != other.incident:
                self._flag(
                    f"claim {cl.id}.contests",
                    f"{cl.id} is about {cl.incident} but {other.id} is about {other.incident}: a claim can only "
                    "contest a claim about the same incident; fix the incident or set contests to null",
                )
            else:
                continue
            if self.drop:
                cl.contests = None
        return kept

    # -- figures -------------------------------------------------------------------------

    def _cited_phrase(self, label: str, fig: DraftFigure) -> bool:
        """The phrase must be in the cited sentence, so the figure's evidence states its number.
        A figure whose phrase is in exactly one sentence is re-cited there without asking the
        model again (nothing is lost; a re-ask costs a whole step); only a phrase in several
        sentences, none of them the cited one, is a problem."""
        holding = self._sentences_holding(fig.phrase)
        if self.spans is None or fig.sentence in holding:
            return True
        if not holding:
            self._flag(label, f"phrase {fig.phrase!r} does not occur in the article")
            return False
        if len(holding) == 1:
            self.dropped.append(Drop(label, f"re-cited from sentence {fig.sentence} to {holding[0]}", "adjusted"))
            fig.sentence = holding[0]
            return True
        where = ", ".join(str(h) for h in holding)
        self._flag(
            label,
            f"phrase {fig.phrase!r} is not in sentence {fig.sentence}; it is in sentences {where}: "
            "cite the sentence that gives the figure",
        )
        return False

    def _background_carries_reported(self, label: str, fig: DraftFigure, incidents: Sequence[Any]) -> bool:
        """A figure stated in the sentence of a reported incident belongs to it, not to a background one."""
        own = next((i for i in incidents if i.id == fig.incident), None)
        if own is None or not own.background or own.sentence == fig.sentence:
            return False
        reported = next((i for i in incidents if not i.background and i.sentence == fig.sentence), None)
        if reported is None:
            return False
        self._flag(
            label,
            f"sentence {fig.sentence} reports {reported.id}, not the background incident {own.id}: "
            f"attach the figure to {reported.id}",
        )
        return True

    def figures(
        self, items: list[DraftFigure], incident_ids: set[str], incidents: Sequence[Any] = ()
    ) -> list[DraftFigure]:
        kept: list[DraftFigure] = []
        for n, fig in enumerate(items):
            label = f"figures[{n}] ({fig.phrase!r})"
            key = (fig.incident, fig.phrase.strip().lower(), tuple(sorted(fig.outcomes)), fig.source)
            if any((k.incident, k.phrase.strip().lower(), tuple(sorted(k.outcomes)), k.source) == key for k in kept):
                self._repeat(label, "repeats an earlier figure")
            elif fig.incident not in incident_ids:
                self._flag(label, f"incident {fig.incident!r} does not exist")
            elif not self._cites(fig.sentence):
                self._flag(label, self._bad_sentence(fig.sentence))
            elif not self._grounded(fig.phrase, fig.sentence):
                self._flag(label, f"phrase {fig.phrase!r} does not occur in the article")
            elif interpret(fig.phrase) is None:
                self._flag(label, f"phrase {fig.phrase!r} is not a number or quantity word such as 'four' or 'several'")
            elif not self._cited_phrase(label, fig):
                continue
            elif fig.source is not None and not self._mentioned(label, "source", [fig.source], fig.sentence):
                continue
            elif self._background_carries_reported(label, fig, incidents):
                continue
            else:
                self._read_outcomes(label, fig)
                kept.append(fig)
        return kept

    def _read_outcomes(self, label: str, fig: DraftFigure) -> None:
        """The outcomes the cited sentence states around the phrase replace the model's when they
        differ (:mod:`newsstruct.outcomes`); nothing is asked again. When the phrase occurs more
        than once in the sentence and the occurrences disagree, the model's choice stands."""
        if self.index is None or self.spans is None or not self._cites(fig.sentence):
            return
        sentence = self._near(fig.sentence)
        assert sentence is not None
        stated = stated_outcomes(self.index.text, self.index.occurrences(fig.phrase)[0], sentence)
        if stated and set(stated) != set(fig.outcomes):
            was = "/".join(o.value for o in fig.outcomes)
            now = "/".join(o.value for o in stated)
            self.dropped.append(
                Drop(label, f"outcomes read from sentence {fig.sentence}: {now} (was {was})", "adjusted")
            )
            fig.outcomes = stated

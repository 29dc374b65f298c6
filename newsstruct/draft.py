"""The schema the LLM fills in, and the checks that turn its answer into feedback.

The draft is deliberately flat and bounded: every list has ``maxItems`` and every string
``maxLength``, so constrained decoding cannot loop, and every field is required, so the grammar
walks the fields in a fixed order (evidence first: the model copies the text, then reads it).

Validation runs with a context ``{"index": TextIndex, "drop_ungrounded": bool}``. Without
``drop_ungrounded`` every problem becomes one error message that goes back to the model. With
it, ungrounded or dangling items are removed and each removal is recorded as a warning.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from newsstruct.grounding import TextIndex
from newsstruct.schema import ActorKind, ClaimKind, IncidentType, Outcome

Short = Annotated[str, Field(max_length=80)]
Quote = Annotated[str, Field(min_length=1, max_length=400)]
Sentence = Annotated[str, Field(max_length=200)]
ItemId = Annotated[str, Field(max_length=4)]


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DraftActor(_Draft):
    name: Short = Field(description="as the text names them, e.g. 'French troops', 'gunmen'")
    kind: ActorKind
    organisation: Short | None = Field(description="named organisation they belong to, if any")


class DraftIncident(_Draft):
    id: ItemId = Field(description="I1, I2, ...")
    evidence: Quote = Field(description="the sentence reporting it, copied verbatim")
    type: IncidentType
    summary: Sentence
    date_phrase: Short | None = Field(description="verbatim, e.g. 'on the night of 19 December'")
    date: Annotated[str, Field(max_length=10)] | None = Field(
        description="ISO date; '--12-19' when the text gives no year"
    )
    date_end: Annotated[str, Field(max_length=10)] | None = Field(description="last day of a range")
    places: list[Short] = Field(max_length=4, description="verbatim, most specific first")
    country: Short | None
    perpetrators: list[DraftActor] = Field(max_length=3)
    targets: list[DraftActor] = Field(max_length=3)
    physical_targets: list[Short] = Field(max_length=3)
    weapons: list[Short] = Field(max_length=4)
    background: bool = Field(description="true for history or earlier events mentioned as context")
    disputed: bool = Field(description="true when occurrence or responsibility is contested")


class DraftFigure(_Draft):
    incident: ItemId
    evidence: Quote
    group: Short = Field(description="who, as the text describes them")
    outcomes: list[Outcome] = Field(min_length=1, max_length=3)
    phrase: Short = Field(description="the verbatim quantity phrase, e.g. 'about 10', 'several'")
    min: int | None = Field(ge=0)
    max: int | None = Field(ge=0)
    approximate: bool
    source: Short | None = Field(description="who gives the figure; null for the article itself")


class DraftClaim(_Draft):
    id: ItemId = Field(description="C1, C2, ...")
    evidence: Quote
    speaker: Short | None = Field(description="name, or description for anonymous speakers")
    speaker_role: Short | None
    speaker_organisation: Short | None
    anonymous: bool
    channel: Short | None = Field(description="medium it was said through, e.g. 'told AFP'")
    kind: ClaimKind
    incident: ItemId | None
    content: Sentence = Field(description="short paraphrase of what is asserted")
    quote: Quote | None = Field(description="the direct quotation, if any, verbatim")
    contests: ItemId | None = Field(description="id of the claim this one disputes")


class DraftReport(_Draft):
    summary: Sentence
    incidents: list[DraftIncident] = Field(max_length=6)
    figures: list[DraftFigure] = Field(max_length=10)
    claims: list[DraftClaim] = Field(max_length=8)

    _dropped: list[tuple[str, str]] = PrivateAttr(default_factory=list)

    @property
    def dropped(self) -> list[tuple[str, str]]:
        """(item, reason) for every item removed while validating in drop mode."""
        return list(self._dropped)

    @model_validator(mode="after")
    def _check_against_text(self, info: ValidationInfo) -> DraftReport:
        context: dict[str, Any] = info.context or {}
        index = context.get("index")
        drop = bool(context.get("drop_ungrounded"))
        problems = _Checker(self, index, drop).run()
        if problems and not drop:
            raise ValueError(
                "Fix these problems and answer again with the complete JSON:\n- "
                + "\n- ".join(problems)
            )
        return self


class _Checker:
    """Checks one draft: grounding of quotes and names, and that every reference resolves."""

    def __init__(self, draft: DraftReport, index: TextIndex | None, drop: bool) -> None:
        self.draft = draft
        self.index = index
        self.drop = drop
        self.problems: list[str] = []

    def _grounded(self, quote: str | None) -> bool:
        return quote is None or self.index is None or self.index.contains(quote)

    def _flag(self, item: str, reason: str) -> None:
        self.problems.append(f"{item}: {reason}")
        if self.drop:
            self.draft._dropped.append((item, reason))

    def run(self) -> list[str]:
        d = self.draft
        incidents = []
        seen: set[str] = set()
        for n, inc in enumerate(d.incidents):
            label = f"incidents[{n}] ({inc.id})"
            if inc.id in seen:
                self._flag(label, f"id {inc.id!r} is used by an earlier incident")
            elif not self._grounded(inc.evidence):
                self._flag(label, f"evidence {inc.evidence!r} is not a verbatim quote of the article")
            else:
                incidents.append(inc)
                seen.add(inc.id)
        claims = []
        claim_ids: set[str] = set()
        for n, cl in enumerate(d.claims):
            label = f"claims[{n}] ({cl.id})"
            if cl.id in claim_ids:
                self._flag(label, f"id {cl.id!r} is used by an earlier claim")
            elif not self._grounded(cl.evidence):
                self._flag(label, f"evidence {cl.evidence!r} is not a verbatim quote of the article")
            elif not self._grounded(cl.quote):
                self._flag(label, f"quote {cl.quote!r} is not verbatim from the article")
            elif cl.incident is not None and cl.incident not in seen:
                self._flag(label, f"incident {cl.incident!r} does not exist")
            else:
                claims.append(cl)
                claim_ids.add(cl.id)
        for cl in claims:
            if cl.contests is not None and (cl.contests not in claim_ids or cl.contests == cl.id):
                self.problems.append(f"claim {cl.id}: contests {cl.contests!r}, which is not another claim")
                if self.drop:
                    self.draft._dropped.append((f"claim {cl.id}.contests", "unknown claim"))
                    cl.contests = None
        figures = []
        for n, fig in enumerate(d.figures):
            label = f"figures[{n}] ({fig.phrase!r})"
            if fig.incident not in seen:
                self._flag(label, f"incident {fig.incident!r} does not exist")
            elif not self._grounded(fig.evidence):
                self._flag(label, f"evidence {fig.evidence!r} is not a verbatim quote of the article")
            elif not self._grounded(fig.phrase):
                self._flag(label, f"phrase {fig.phrase!r} does not occur in the article")
            elif fig.min is not None and fig.max is not None and fig.min > fig.max:
                self._flag(label, f"min {fig.min} is greater than max {fig.max}")
            else:
                figures.append(fig)
        if self.drop:
            d.incidents, d.claims, d.figures = incidents, claims, figures
        return self.problems

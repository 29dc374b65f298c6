"""The validated report newsstruct returns: incidents, casualty figures, claims, all grounded.

Every incident, figure and claim carries verbatim evidence with character offsets into the exact
input string. Cross-references (a figure's incident, a claim's incident and the claim it contests)
must resolve inside the report, or validation fails.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "3"  # 2: mentions (value spans) and the grounding summary; 3: confidence per value


class IncidentType(str, Enum):
    """Closed taxonomy compatible with ACLED event types and MUC-4 incident types."""

    ARMED_CLASH = "armed_clash"
    ATTACK = "attack"
    AIRSTRIKE_OR_SHELLING = "airstrike_or_shelling"
    BOMBING = "bombing"
    RAID_OR_OPERATION = "raid_or_operation"
    FRIENDLY_FIRE = "friendly_fire"
    MASSACRE = "massacre"
    KIDNAPPING = "kidnapping"
    ARREST = "arrest"
    PROTEST_OR_RIOT = "protest_or_riot"
    CRACKDOWN = "crackdown"
    ARSON = "arson"
    OTHER = "other"


class ActorKind(str, Enum):
    STATE_FORCES = "state_forces"
    FOREIGN_FORCES = "foreign_forces"
    REBEL_OR_MILITIA = "rebel_or_militia"
    TERRORIST_GROUP = "terrorist_group"
    CRIMINAL_GROUP = "criminal_group"
    POLITICAL_GROUP = "political_group"
    OFFICIALS = "officials"
    CIVILIANS = "civilians"
    UNKNOWN = "unknown"
    OTHER = "other"


class Outcome(str, Enum):
    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    CAPTURED = "captured"
    KIDNAPPED = "kidnapped"
    ARRESTED = "arrested"
    DISPLACED = "displaced"


class ClaimKind(str, Enum):
    ACCUSATION = "accusation"
    DENIAL = "denial"
    STATEMENT = "statement"
    CASUALTY_REPORT = "casualty_report"
    RESPONSIBILITY_CLAIM = "responsibility_claim"
    APPEAL = "appeal"
    CONDEMNATION = "condemnation"
    OTHER = "other"


DatePrecision = Literal["day", "range", "month", "year", "unknown"]
MatchKind = Literal["exact", "normalized", "fuzzy"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(_Model):
    """A verbatim span of the input: ``text == input[start:end]``."""

    text: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    match: MatchKind = "exact"

    @model_validator(mode="after")
    def _span_is_consistent(self) -> Evidence:
        if self.end - self.start != len(self.text):
            raise ValueError(f"evidence offsets {self.start}..{self.end} do not span its {len(self.text)} characters")
        return self


class Mention(Evidence):
    """Where one value of an item occurs in the input, e.g. ``field="places[0]"`` or ``"quote"``.

    ``match`` says how it was found: verbatim, after folding case/quotes/dashes/accents/whitespace,
    or by the strict fuzzy tier (see :mod:`newsstruct.text._grounding`)."""

    field: str


class EventDate(_Model):
    """A date as precise as the text allows: ISO ``2015-12-19`` or partial ``--12-19`` (no year)."""

    value: str | None = None
    end: str | None = None
    phrase: str | None = None
    precision: DatePrecision = "unknown"


class Location(_Model):
    places: list[str] = Field(default_factory=list, description="verbatim names, most specific first")
    country: str | None = None


class Actor(_Model):
    name: str
    kind: ActorKind = ActorKind.UNKNOWN
    organisation: str | None = None


# Fields every incident, figure and claim has, declared once.
#: verbatim passages of the text the item rests on, with offsets (at least one)
EvidenceList = Annotated[list["Evidence"], Field(min_length=1)]


def _confidences() -> Any:
    """The field of the model's probability for each value it chose, by field name (empty on an
    endpoint, which gives no probabilities)."""
    return Field(default_factory=dict, description="the model's probability for each value it chose, by field name")


class Incident(_Model):
    id: str
    type: IncidentType
    summary: str
    date: EventDate = Field(default_factory=EventDate)
    location: Location = Field(default_factory=Location)
    perpetrators: list[Actor] = Field(default_factory=list)
    targets: list[Actor] = Field(default_factory=list)
    physical_targets: list[str] = Field(default_factory=list)
    weapons: list[str] = Field(default_factory=list)
    background: bool = False
    disputed: bool = False
    evidence: EvidenceList
    mentions: list[Mention] = Field(default_factory=list, description="spans of the date phrase and names")
    confidence: dict[str, float] = _confidences()


class CasualtyFigure(_Model):
    """One figure as one source gives it. ``max`` is None for "more than N"; both None for "several"."""

    id: str
    incident: str
    group: str
    outcomes: list[Outcome] = Field(min_length=1)
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    approximate: bool = False
    phrase: str
    source: str | None = Field(default=None, description="who gives the figure; None = the article")
    claim: str | None = Field(default=None, description="id of the claim that reports the figure")
    evidence: EvidenceList
    mentions: list[Mention] = Field(default_factory=list, description="spans of the phrase and source")
    confidence: dict[str, float] = _confidences()

    @model_validator(mode="after")
    def _bounds_ordered(self) -> CasualtyFigure:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"figure {self.id}: min {self.min} is greater than max {self.max}")
        return self


class Speaker(_Model):
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    anonymous: bool = False


class Claim(_Model):
    id: str
    speaker: Speaker
    channel: str | None = None
    kind: ClaimKind
    incident: str | None = None
    content: str
    quote: str | None = None
    contests: str | None = None
    evidence: EvidenceList
    mentions: list[Mention] = Field(default_factory=list, description="spans of the quote and speaker")
    confidence: dict[str, float] = _confidences()


class Warning(_Model):
    """Something the report could not keep or could not confirm, with the reason."""

    code: str
    message: str
    item: str | None = None


class TokenUsage(_Model):
    """Tokens a report (or a failed extraction) cost, summed over every model call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    @classmethod
    def of(cls, prompt_tokens: int, completion_tokens: int) -> TokenUsage:
        return cls(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        )

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage.of(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens)


class GroundingSummary(_Model):
    """How the report's values were grounded (one count per mention), how many problems the model
    fixed when they were sent back to it, and how many values or items were dropped."""

    exact: int = 0
    normalized: int = 0
    fuzzy: int = 0
    repaired: int = 0
    dropped: int = 0


class Report(_Model):
    """What one article reports: incidents, casualty figures, claims, and warnings."""

    schema_version: str = SCHEMA_VERSION
    summary: str = ""
    incidents: list[Incident] = Field(default_factory=list)
    figures: list[CasualtyFigure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    model: str | None = None
    attempts: int = 0
    usage: TokenUsage = Field(default_factory=TokenUsage)
    seconds: float | None = None
    grounding: GroundingSummary = Field(default_factory=GroundingSummary)

    @model_validator(mode="after")
    def _references_resolve(self) -> Report:
        incident_ids = _unique_ids("incident", [i.id for i in self.incidents])
        claim_ids = _unique_ids("claim", [c.id for c in self.claims])
        _unique_ids("figure", [f.id for f in self.figures])
        for figure in self.figures:
            if figure.incident not in incident_ids:
                raise ValueError(f"figure {figure.id} refers to unknown incident {figure.incident!r}")
            if figure.claim is not None and figure.claim not in claim_ids:
                raise ValueError(f"figure {figure.id} refers to unknown claim {figure.claim!r}")
        for claim in self.claims:
            if claim.incident is not None and claim.incident not in incident_ids:
                raise ValueError(f"claim {claim.id} refers to unknown incident {claim.incident!r}")
            if claim.contests is not None:
                if claim.contests not in claim_ids:
                    raise ValueError(f"claim {claim.id} contests unknown claim {claim.contests!r}")
                if claim.contests == claim.id:
                    raise ValueError(f"claim {claim.id} contests itself")
        return self

    def verify_offsets(self, text: str) -> list[str]:
        """Problems with any evidence span against ``text`` (empty when all spans are exact)."""
        problems = []
        items: list[Incident | CasualtyFigure | Claim] = [*self.incidents, *self.figures, *self.claims]
        for item in items:
            for ev in [*item.evidence, *item.mentions]:
                if text[ev.start : ev.end] != ev.text:
                    problems.append(f"{item.id}: evidence at {ev.start}..{ev.end} is not {ev.text!r}")
        return problems


def _unique_ids(kind: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {kind} id {item_id!r}")
        seen.add(item_id)
    return seen

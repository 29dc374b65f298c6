"""Cues read from the text: attribution, events, quotations, channels."""

from __future__ import annotations

from pathlib import Path

from rule_gold import rule_gold

from newsstruct.cues import channel, content_words, event_word, has_attribution, quotation
from newsstruct.grounding import TextIndex
from newsstruct.pipeline import claim_sentences, figure_sentences
from newsstruct.quantities import candidates
from newsstruct.sentences import Sentence, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _quoted(text: str) -> list[str]:
    out = []
    for s in split_sentences(text):
        span = quotation(text, s.start, s.end)
        if span:
            out.append(text[span[0] : span[1]])
    return out


def test_quotation_is_the_quoted_passage_without_marks_even_across_sentences() -> None:
    text = '"We were attacked at dawn. They burned the school," the mayor said. Nothing else was said.'
    assert _quoted(text) == ["We were attacked at dawn", "They burned the school"]
    assert _quoted("He called it a « grave erreur » hier.") == ["grave erreur"]
    assert _quoted('A "so-called" truce held.') == []  # one quoted word is not a quotation


def test_channel_names_the_medium_not_what_follows() -> None:
    assert channel("a source told AFP on Monday") == "told AFP"
    assert channel("HE TOLD EFE THAT THE ARMY HAD WITHDRAWN") == "TOLD EFE"
    assert channel("the ministry said in a statement") == "in a statement"
    assert channel("AS REPORTED OVER THE RADIO") == "OVER THE RADIO"
    assert channel("the army withdrew") is None


def test_attribution_and_event_cues() -> None:
    assert has_attribution("Police said three people died.") and has_attribution("WE CALL ON THE RED CROSS.")
    assert has_attribution("According to the ministry, the road is closed.")
    assert not has_attribution("The road was closed for two days.")
    assert event_word("A HONDURAN FISHING BOAT WAS ATTACKED") == "ATTACKED"
    assert event_word("The minister opened a school.") is None
    assert content_words("The army said it was not there") == {"army", "there"}


def _number(sentences: list[Sentence], start: int) -> int:
    return next(s.number for s in sentences if s.start <= start < s.end)


def test_every_gold_figure_can_cite_its_sentence_and_most_gold_claims_theirs() -> None:
    """The sentence enums of the figure and claim steps admit every gold figure's sentence and at
    least nine in ten gold claims' sentences (the rest are speeches without any cue)."""
    figures = claims = admitted = 0
    for record, text in rule_gold():
        sentences, index = split_sentences(text), TextIndex(text)
        quantities = set(figure_sentences(index, sentences, candidates(text)))
        attributing = set(claim_sentences(index, sentences))

        for fig in record.target.figures:
            figures += 1
            assert any(_number(sentences, e.start) in quantities for e in fig.evidence), (record.id, fig.phrase)
        for cl in record.target.claims:
            claims += 1
            admitted += any(_number(sentences, e.start) in attributing for e in cl.evidence)
    assert figures > 50 and admitted / claims >= 0.9, (admitted, claims)

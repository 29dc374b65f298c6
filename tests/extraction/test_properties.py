"""Property-based tests: the evidence aligner, the quantity reader and the scorers on generated input."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from paths import ROOT

from newsstruct.evaluation import load_gold, score_report
from newsstruct.text import TextIndex, candidates, interpret
from newsstruct.text._grounding import _normalise

WORDS = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
GAPS = st.sampled_from([" ", "  ", "\n", ", ", ". ", " \u2014 ", "\u00a0", " \u201c", "\u201d "])
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def article_and_piece(draw: st.DrawFn) -> tuple[str, str]:
    """A text made of words and separators, and a run of whole words taken from it."""
    words = draw(st.lists(WORDS, min_size=2, max_size=40))
    gaps = [draw(GAPS) for _ in words]
    text = "".join(w + g for w, g in zip(words, gaps, strict=True)).strip()
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i, min(len(words) - 1, i + 6)))
    piece = "".join(w + g for w, g in zip(words[i : j + 1], gaps[i : j + 1], strict=True)).strip()
    return text, piece


@SETTINGS
@given(article_and_piece())
def test_a_verbatim_piece_is_found_exactly_at_an_occurrence(case: tuple[str, str]) -> None:
    text, piece = case
    assume(piece)
    span = TextIndex(text).find(piece)
    assert span is not None and span.match == "exact"
    assert text[span.start : span.end] == piece


@SETTINGS
@given(article_and_piece(), st.sampled_from(["upper", "lower", "spaces"]))
@example(("0 0 0 0 ᾀ", "0 0 0 0 ᾀ"), "upper")  # "ᾀ" in capitals is two letters, "ἈΙ"
def test_a_reformatted_piece_lands_on_text_that_folds_to_the_same(case: tuple[str, str], change: str) -> None:
    text, piece = case
    changed = {"upper": piece.upper(), "lower": piece.lower(), "spaces": "  ".join(piece.split())}[change]
    folded_piece = _normalise(changed)[0].strip(" .,;:")
    assume(len(folded_piece) >= 3)
    span = TextIndex(text).find(changed, fuzzy=False)
    assert span is not None
    assert folded_piece in _normalise(text[span.start : span.end])[0]


@SETTINGS
@given(ANY_TEXT, ANY_TEXT, st.integers(0, 400), st.integers(0, 400))
def test_any_look_up_returns_a_real_span_or_nothing(text: str, quote: str, a: int, b: int) -> None:
    index = TextIndex(text)
    near = (min(a, b), max(a, b))
    for span in (index.find(quote, near=near), index.mention(quote, near=near)):
        if span is not None:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end].strip()


@SETTINGS
@given(ANY_TEXT)
def test_quantity_reader_never_crashes_and_keeps_bounds_ordered(phrase: str) -> None:
    quantity = interpret(phrase)
    if quantity is not None and quantity.min is not None and quantity.max is not None:
        assert 0 <= quantity.min <= quantity.max


@SETTINGS
@given(st.integers(0, 10**6), st.sampled_from(["", "about ", "more than ", "at least ", "nearly "]))
def test_numbers_read_back(number: int, lead: str) -> None:
    quantity = interpret(f"{lead}{number}")
    assert quantity is not None
    if lead == "":
        assert (quantity.min, quantity.max, quantity.approximate) == (number, number, False)
    elif lead == "more than ":
        assert (quantity.min, quantity.max) == (number + 1, None)
    elif lead == "at least ":
        assert (quantity.min, quantity.max) == (number, None)
    else:
        assert (quantity.min, quantity.max, quantity.approximate) == (number, number, True)


@SETTINGS
@given(ANY_TEXT)
@example("0.\u00b2")  # a superscript is no decimal digit: "0" is a number of its own there
@example("\u00b9.0")
def test_every_candidate_phrase_occurs_in_its_text(text: str) -> None:
    for phrase in candidates(text):
        assert TextIndex(text).find(phrase, fuzzy=False) is not None


GOLD = [record.target for record, _ in load_gold(ROOT / "seeds")]


@SETTINGS
@given(st.integers(0, len(GOLD) - 1), st.integers(0, 2**32 - 1))
def test_scores_are_perfect_on_gold_and_drop_when_items_go_missing(n: int, seed: int) -> None:
    gold = GOLD[n]
    perfect = score_report("gold", gold, gold)
    assert all(c.fp == 0 and c.fn == 0 for c in perfect.sections.values())
    thinned = gold.model_copy(deep=True)
    rng = random.Random(seed)
    keep = [c for c in thinned.claims if rng.random() < 0.5]
    thinned.claims = [c.model_copy(update={"contests": None}) for c in keep]
    thinned.figures = [f.model_copy(update={"claim": None}) for f in thinned.figures]
    score = score_report("thinned", thinned, gold)
    claims = score.sections["claims"]
    assert claims.fp == 0 and claims.tp + claims.fn == len(gold.claims)
    assert claims.tp <= len(keep)

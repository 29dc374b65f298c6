from __future__ import annotations

from newsstruct.grounding import TextIndex

TEXT = "He said: \u201cFour  fighters\nwere killed\u201d \u2014 near Men\u00e9ka. He said it twice. He said it twice."


def test_exact_match_offsets() -> None:
    index = TextIndex(TEXT)
    span = index.find("near Men\u00e9ka")
    assert span is not None and span.match == "exact"
    assert TEXT[span.start : span.end] == "near Men\u00e9ka"


def test_normalised_match_maps_back_to_original_text() -> None:
    index = TextIndex(TEXT)
    span = index.find('"four fighters were killed" - near')
    assert span is not None and span.match == "normalized"
    assert TEXT[span.start : span.end] == "\u201cFour  fighters\nwere killed\u201d \u2014 near"


def test_repeated_sentence_prefers_occurrence_after_hint() -> None:
    index = TextIndex(TEXT)
    first = index.find("He said it twice.")
    assert first is not None
    second = index.find("He said it twice.", after=first.end)
    assert second is not None and second.start > first.start
    assert TEXT[second.start : second.end] == "He said it twice."


def test_absent_quote_is_not_found() -> None:
    index = TextIndex(TEXT)
    assert index.find("twelve soldiers") is None
    assert index.find("  ") is None


def test_mentions_accepts_names_from_the_text_only() -> None:
    index = TextIndex("French troops and allied forces shelled Menaka; the Platform's fighters died.")
    assert index.mentions("Menaka") and index.mentions("MENAKA")
    assert index.mentions("French forces")  # each word is in the text
    assert index.mentions("the Platform (a coalition)")  # remarks in parentheses are not names
    assert not index.mentions("Las Achupallas") and not index.mentions("French army")
    assert not index.mentions("") and not index.mentions("the")

from __future__ import annotations

from newsstruct.text import TextIndex

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


def test_repeated_sentence_resolves_to_the_cited_occurrence() -> None:
    index = TextIndex(TEXT)
    first = index.find("He said it twice.")
    assert first is not None and TEXT[first.start : first.end] == "He said it twice."
    cited = (first.end + 1, len(TEXT))  # the model cited the second sentence
    second = index.find("he said it twice", near=cited)
    assert second is not None and second.start == TEXT.rindex("He said it twice.")
    assert TEXT[second.start : second.end] == "He said it twice"


def test_nearest_occurrence_wins_when_none_is_inside_the_cited_region() -> None:
    text = "Four died in Gao. " + "x " * 200 + "Four died in Kidal. " + "y " * 20 + "Police said."
    index = TextIndex(text)
    police = text.index("Police said.")
    span = index.find("Four died", near=(police, police + 12))
    assert span is not None and span.start == text.index("Four died in Kidal")


def test_a_match_never_cuts_a_word() -> None:
    index = TextIndex("Fourteen soldiers and four civilians died.")
    span = index.find("four")
    assert span is not None and span.start == 22
    assert TextIndex("Fourteen soldiers died.").find("four") is None


def test_accents_and_case_are_folded_offsets_stay_on_the_original() -> None:
    text = "Des soldats ont été tués à Bogotá, selon l’armée."
    index = TextIndex(text)
    span = index.find("BOGOTA")
    assert span is not None and span.match == "normalized" and text[span.start : span.end] == "Bogotá"
    span = index.find("selon l'armee")
    assert span is not None and text[span.start : span.end] == "selon l’armée"


def test_strict_fuzzy_match_tolerates_a_slip_but_not_a_different_sentence() -> None:
    text = "A spokesman said the attackers were members of the Shining Path guerrilla group. Nothing else."
    index = TextIndex(text)
    span = index.find("the attackers were member of the Shining Path guerrila group")
    assert span is not None and span.match == "fuzzy"
    assert text[span.start : span.end] == "the attackers were members of the Shining Path guerrilla group"
    assert index.find("the attackers were soldiers of the national army") is None
    assert index.find("Shinning", fuzzy=True) is None  # short values must match exactly or normalised


def test_names_with_reordered_words_ground_to_a_short_stretch_only() -> None:
    text = "Urban commandos of the FMLN attacked. Much later, far away, an unrelated army unit withdrew."
    index = TextIndex(text)
    span = index.mention("FMLN urban commandos")
    assert span is not None and span.match == "fuzzy"
    assert text[span.start : span.end] == "Urban commandos of the FMLN"
    assert index.mention("FMLN army") is None  # both words occur, but far apart


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


def test_a_number_is_not_found_inside_a_bigger_one() -> None:
    index = TextIndex("Police said 4,000 people fled; the rate rose to 4.5 percent; 4 died.")
    span = index.find("4")
    assert span is not None and span.start == index.text.index("4 died")
    assert TextIndex("Police said 4,000 people fled.").find("4") is None


def test_a_combining_accent_stays_with_its_letter() -> None:
    text = "They reached Bogota\u0301 at dawn."
    for quote in ("Bogotá", "Bogota", "BOGOTA"):
        span = TextIndex(text).find(quote)
        assert span is not None and text[span.start : span.end] == "Bogota\u0301", quote


def test_a_match_never_starts_inside_an_expanded_character() -> None:
    text = "It lasted 1\u00bd hours."  # "½" folds to "1⁄2"
    assert TextIndex(text).find("2 hours") is None


def test_fuzzy_never_changes_a_number() -> None:
    index = TextIndex("Gunmen attacked Gao on 16 December 2015 and Kidal on 9 December.")
    assert index.find("on 15 December 2015") is None
    assert index.find("19 December") is None
    span = index.find("on 16 Decembre 2015")
    assert span is not None and span.match == "fuzzy" and index.text[span.start : span.end] == "on 16 December 2015"

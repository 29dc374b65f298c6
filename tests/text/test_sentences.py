from __future__ import annotations

from newsstruct.text import split_sentences
from newsstruct.text._sentences import numbered


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_headline_lines_and_sentences_are_split_with_exact_offsets(seed_text: str) -> None:
    sentences = split_sentences(seed_text)
    assert len(sentences) == 16
    assert seed_text[sentences[0].start : sentences[0].end] == "French paratrooper killed in Mali"
    assert [s.number for s in sentences] == list(range(1, 17))
    for s in sentences:
        piece = seed_text[s.start : s.end]
        assert piece == piece.strip() and piece


def test_abbreviations_initials_and_quotes() -> None:
    text = 'Mr. Smith met U.S. officials on Jan. 5. He said "No." Then J. Doe left!  OK'
    assert _texts(text) == ["Mr. Smith met U.S. officials on Jan. 5.", 'He said "No."', "Then J. Doe left!", "OK"]


def test_capitalised_wire_copy_is_split() -> None:
    text = "SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY SAID 12 GUERRILLAS DIED. THE FMLN DENIED IT."
    assert _texts(text)[-1] == "THE FMLN DENIED IT."


def test_numbered_rendering() -> None:
    text = "One. Two."
    assert numbered(text, split_sentences(text)) == "[1] One.\n[2] Two."


def test_hard_wrapped_wire_copy_is_joined_into_sentences() -> None:
    text = (
        "   SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50\n"
        "PEASANTS HAVE BEEN KIDNAPPED.  ACCORDING TO THAT GARRISON, THE MASS KIDNAPPING TOOK PLACE ON\n"
        "30 DECEMBER.\n\n   MEANWHILE, THREE SUBVERSIVES WERE KILLED.\n"
    )
    sentences = split_sentences(text)
    assert len(sentences) == 3
    first = text[sentences[0].start : sentences[0].end]
    assert first.startswith("SAN SALVADOR") and first.endswith("KIDNAPPED.") and "\n" in first
    assert numbered(text, sentences).splitlines()[1] == (
        "[2] ACCORDING TO THAT GARRISON, THE MASS KIDNAPPING TOOK PLACE ON 30 DECEMBER."
    )


def test_a_full_stop_that_lost_its_space_still_ends_the_sentence() -> None:
    text = "Title\n\nEl atacante detonó los explosivos que portaba.Los leales a Zarqawi se atribuyeron otro ataque."
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces[-2:] == [
        "El atacante detonó los explosivos que portaba.",
        "Los leales a Zarqawi se atribuyeron otro ataque.",
    ]
    # a web address is no sentence end
    site = "Title\n\nDetails are posted at www.state.gov and voanews.com every day."
    assert len(split_sentences(site)) == 2

"""The outcome of a casualty phrase, read from the words around it in its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_gold import rule_gold

from newsstruct.text import TextIndex, outcomes_near, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _read(sentence: str, phrase: str, occurrence: int = 0) -> list[str]:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(phrase, start + 1)
    return [o.value for o in outcomes_near(sentence, start, start + len(phrase), (0, len(sentence)))]


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("About 10 extremists were killed or captured by the military.", "About 10", ["killed", "captured"]),
        # another reported clause after "and that" has its own outcome
        (
            "He said three children were killed as well as an adult, and that seven others were wounded.",
            "an adult",
            ["killed"],
        ),
        ("The strike killed 19 people in November.", "19", ["killed"]),
        ("It left 127 dead and 155 wounded.", "127", ["killed"]),
        ("It left 127 dead and 155 wounded.", "155", ["injured"]),
        ("It left several people dead and others injured or missing.", "others", ["injured", "missing"]),
        ("Nobody was injured in the blast.", "Nobody was injured", ["injured"]),
        ("The rebels claim over 400 casualties.", "over 400", ["killed", "injured"]),
        ("They condemned the death of nine peasants who were members of the patrols.", "nine", ["killed"]),
        ("The kidnapping of five students and the murder of a businessman shook the city.", "five", ["kidnapped"]),
        ("Police said 36 people are missing.", "36", ["missing"]),
        ("Officials reported 150 security forces, 95 civilians, and hundreds of rebels killed.", "150", ["killed"]),
        ("Some estimated death tolls, provided anonymously by officials, exceeded 100.", "exceeded 100", ["killed"]),
        ("He described witnessing 35 bodies in one hospital, with some casualties moved.", "35", ["killed"]),
        ("Police arrested dozens of protesters on Monday.", "dozens", ["arrested"]),
        ("More than 2,000 families have fled their homes.", "More than 2,000", ["displaced"]),
        ("Four ministers met in the capital.", "Four", []),
        # a toll the subject names, whatever verb raises it
        ("The official death toll since riots flared on Sunday mounted to at least 23.", "at least 23", ["killed"]),
        ("Two women and a man were injured, according to the reports.", "Two", ["injured"]),
        ("7 Die in Ivory Coast Violence", "7", ["killed"]),
        ("Au moins quinze étudiants ont été kidnappés mercredi.", "Au moins quinze", ["kidnapped"]),
        ("Fuerzas estadounidenses dieron muerte accidentalmente a un agente italiano.", "un", ["killed"]),
        ("Las tropas son responsables de la muerte de un soldado búlgaro.", "un", ["killed"]),
    ],
)
def test_outcome_read_around_the_phrase(sentence: str, phrase: str, expected: list[str]) -> None:
    assert _read(sentence, phrase) == expected


def test_every_gold_figure_whose_sentence_states_an_outcome_reads_its_gold_outcome() -> None:
    read = silent = 0
    wrong: list[tuple[str, str]] = []
    for record, text in rule_gold():
        index, sentences = TextIndex(text), split_sentences(text)
        for figure in record.target.figures:
            evidence = figure.evidence[0]
            spans, _ = index.occurrences(figure.phrase)
            inside = [(a, b) for a, b in spans if evidence.start <= a and b <= evidence.end]
            sentence = next(s for s in sentences if s.start <= inside[0][0] < s.end)
            got = {tuple(outcomes_near(text, a, b, (sentence.start, sentence.end))) for a, b in inside}
            if len(got) == 1 and (stated := got.pop()):
                if set(stated) != set(figure.outcomes):
                    wrong.append((record.id, figure.phrase))
                read += 1
            else:
                silent += 1
    # On the dev split and the MUC-4 seeds: 147 of 158 read, none wrong (118 of 126 before six Wikinews
    # articles joined the split). Silent: "were ripped to pieces", an ambiguous "A", "hit some students",
    # "Police arrested X, several members ...", "causó la muerte de por lo menos tres soldados afganos y
    # un civil" and phrases whose outcome is stated in another clause.
    assert read >= 0.9 * (read + silent) and silent <= 0.08 * (read + silent)
    # No misreading: those a military raid detains ("the detention of six ISIS operatives" in
    # helicopter raids, "took six others into custody") read as captured, as the annotators code them.
    assert wrong == []

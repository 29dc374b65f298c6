from __future__ import annotations

from newsstruct.text import language_of


def test_language_of_three_languages() -> None:
    assert language_of("The army said four soldiers were killed in the attack on the base.") == "en"
    assert language_of("Selon l'armée, quatre soldats ont été tués dans l'attaque de la base.") == "fr"
    assert language_of("Según el ejército, cuatro soldados murieron en el ataque a la base.") == "es"
    assert language_of("") == "en"

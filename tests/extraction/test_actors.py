"""Perpetrators, targets and weapons read from an incident's sentences, with no model."""

from __future__ import annotations

from newsstruct.engine._actors import find_actors, kind_of, organisation_of
from newsstruct.schema import ActorKind, IncidentType
from newsstruct.text import split_sentences


def _actors(
    text: str, claimed_by: list[tuple[int, int]] | None = None, kind: IncidentType | None = None
) -> dict[str, list[str]]:
    found = find_actors(text, split_sentences(text), claimed_by or [], kind)
    return {role: [text[a:b] for a, b in getattr(found, role)]
            for role in ("perpetrators", "targets", "physical_targets", "weapons")}  # fmt: skip


def test_agent_patient_and_weapon_by_their_place_around_the_verb() -> None:
    found = _actors("Gunmen killed at least 38 innocent Afghans with rifles and grenades near the market.")
    assert found["perpetrators"] == ["Gunmen"]
    assert found["targets"] == ["innocent Afghans"]  # the count is the figure's, not the target's
    assert found["weapons"] == ["rifles", "grenades"]


def test_passive_agents_and_coordinated_verbs() -> None:
    found = _actors("About 10 extremists were killed or captured by the military after hours of fighting.")
    assert found["perpetrators"] == ["military"] and found["targets"] == ["About 10 extremists"]
    found = _actors("Attorney General Roberto Garcia Alvarado was murdered by urban guerrillas.")
    assert found["perpetrators"] == ["urban guerrillas"]
    assert found["targets"] == ["Attorney General Roberto Garcia Alvarado"]


def test_physical_targets_and_all_capital_wire_text() -> None:
    found = _actors("TERRORISTS DYNAMITED THE U.S. EMBASSY IN LIMA WITH A CAR BOMB.")
    assert found["perpetrators"] == ["TERRORISTS"]
    assert found["physical_targets"] == ["U.S. EMBASSY"] and found["weapons"] == ["CAR BOMB"]
    assert _actors("THE BOMB DESTROYED THE RIMAC HOSPITAL WHERE THEY WORKED.")["physical_targets"] == ["RIMAC HOSPITAL"]
    hospital = _actors("THE BOMB DESTROYED THE SANTA TERESA HOSPITAL--THE BUILDING OF THE ORDER.")
    assert hospital["physical_targets"] == ["SANTA TERESA HOSPITAL"]
    sabotaged = _actors("OUR UNITS ALSO SABOTAGED THE ELECTRICAL SYSTEM.")
    assert sabotaged["physical_targets"] == ["ELECTRICAL SYSTEM"] and sabotaged["targets"] == []


def test_who_claims_responsibility_did_it_and_a_spokesman_speaks_for_his_group() -> None:
    text = "A spokesman for the Taliban claimed responsibility for the bombing."
    found = _actors(text, [(0, len("A spokesman for the Taliban"))])
    assert found["perpetrators"] == ["Taliban"]


def test_pronouns_counts_and_phrases_are_not_actors() -> None:
    found = _actors("Police shot him dead. The blast wounded more than 70 in Kabul.")
    assert found["targets"] == []
    assert (
        kind_of("security forces") == ActorKind.STATE_FORCES and kind_of("rebel fighters") == ActorKind.REBEL_OR_MILITIA
    )


def test_victims_named_by_a_noun_of_violence_and_the_aim_of_an_attack() -> None:
    found = _actors(
        "THE EXTRADITABLES CLAIMED RESPONSIBILITY FOR THE MURDER OF ANTIOQUIA POLICE COMMANDER "
        "COLONEL WALDEMAR FRANKLIN QUINTERO, WHICH OCCURRED THIS MORNING IN MEDELLIN."
    )
    assert found["targets"] == ["ANTIOQUIA POLICE COMMANDER COLONEL WALDEMAR FRANKLIN QUINTERO"]
    assert found["perpetrators"] == []  # "police" in a victim's title is no perpetrator
    assert _actors("The killing of journalist Anna Smith shocked the city.")["targets"] == ["journalist Anna Smith"]
    assert _actors("LAST NIGHT'S TERRORIST TARGET WAS THE ANTIOQUIA LIQUEUR PLANT.")["physical_targets"] == [
        "ANTIOQUIA LIQUEUR PLANT"
    ]
    aimed = _actors("He said the offices of the mayor were the objective of the attack.")
    assert aimed["physical_targets"] == ["offices of the mayor"]


def test_a_group_named_with_its_organisation_and_people_named_by_a_thing_near_them() -> None:
    text = "FIGHTING RAGED WHEN MEMBERS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] ATTACKED A SUBSTATION."
    found = _actors(text)
    assert found["perpetrators"] == ["MEMBERS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT"]
    assert organisation_of(found["perpetrators"][0]) == "FARABUNDO MARTI NATIONAL LIBERATION FRONT"
    assert organisation_of("Militants from Boko Haram") == "Boko Haram"
    assert organisation_of("residents of the town") is None
    shot = _actors("Rebels shot the soldier guarding the substation early Tuesday.")
    assert shot["targets"] == ["soldier guarding the substation"] and shot["physical_targets"] == []


def test_every_subject_of_a_passive_verb_and_not_the_description_of_one() -> None:
    found = _actors(
        "IT WAS LEARNED THAT ERIKA SULLIVAN AND CHRISTOPHER ANDERSON, A 26-YEAR-OLD TEACHER AT THE AMERICAN "
        "SCHOOL HAVE BEEN KILLED."
    )
    assert found["targets"] == ["ERIKA SULLIVAN", "CHRISTOPHER ANDERSON"] and found["physical_targets"] == []
    found = _actors("Two soldiers, a woman and a child were killed in the blast.")
    assert found["targets"] == ["Two soldiers", "woman", "child"]  # counted people are no description


def test_phrases_cut_at_a_quotation_mark_and_words_that_modify_nothing_are_no_actors() -> None:
    found = _actors('ON 2 SEPTEMBER, A CAR BOMB DESTROYED THE INSTALLATIONS OF "EL ESPECTADOR" NEWSPAPER IN BOGOTA.')
    assert found["physical_targets"] == []  # "INSTALLATIONS OF" ends in a preposition
    found = _actors("THE BODYGUARDS TRIED TO SURPRISE OUR FIGHTERS AND ANOTHER CLASH OCCURRED.")
    assert found["perpetrators"] == ["FIGHTERS"]


def test_who_is_blamed_held_responsible_or_carried_it_out_is_a_perpetrator() -> None:
    assert _actors("Officials attributed the attack to the FMLN.")["perpetrators"] == ["FMLN"]
    assert _actors("Police blamed the bombing on the ELN.")["perpetrators"] == ["ELN"]
    assert _actors("Villagers accused the army of burning the houses.")["perpetrators"] == ["army"]
    # in all-capital text an acronym is one the article gives in brackets after a name
    held = _actors(
        "THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] ISSUED A COMMUNIQUE. "
        "PRESIDENT CRISTIANI HOLDS THE FMLN RESPONSIBLE FOR THE ASSASSINATION OF DR RODRIGUEZ."
    )
    assert held["perpetrators"] == ["FMLN"]
    assert not _actors("PRESIDENT CRISTIANI HOLDS THE FMLN RESPONSIBLE FOR IT.")["perpetrators"]
    carried = _actors("MEMBERS OF THE 8TH FRONT OF THE FARC HAVE CARRIED OUT TERRORIST ATTACKS IN CAUCA.")
    assert "MEMBERS OF THE 8TH FRONT OF THE FARC" in carried["perpetrators"]
    # what a denier says it did not do names no one: "were not behind"
    assert not _actors("The Taliban said they were not behind the blast.")["perpetrators"]


def test_victims_listed_glossed_or_described_and_people_of_a_place() -> None:
    seized = _actors(
        "THE COMMISSION REPORTED THE SEIZURE OF MACLOVIA GONZALEZ, VIRGILIO ORTIZ CRUZ, AND VIRGILIO ORTIZ."
    )
    assert seized["targets"] == ["MACLOVIA GONZALEZ", "VIRGILIO ORTIZ CRUZ", "VIRGILIO ORTIZ"]
    relative = _actors("TWO BODYGUARDS, DAGOBERTO RODRIGUEZ AND ALFONSO DE LIMA, WHO WERE INSIDE THE CAR, WERE KILLED.")
    assert relative["targets"] == ["TWO BODYGUARDS", "DAGOBERTO RODRIGUEZ", "ALFONSO DE LIMA"]
    glossed = _actors("TWO GUARDS FROM THE DAS [ADMINISTRATIVE DEPARTMENT OF SECURITY], WERE ASSASSINATED TODAY.")
    assert glossed["targets"] == ["TWO GUARDS FROM THE DAS"]
    aimed = _actors(
        "THE FMLN DENIED THAT IT DIRECTED AN ATTACK AGAINST SUPREME COURT PRESIDENT MAURICIO GUTIERREZ CASTRO."
    )
    assert aimed["targets"] == ["SUPREME COURT PRESIDENT MAURICIO GUTIERREZ CASTRO"] and aimed["physical_targets"] == []
    student = _actors("THE GUARD MURDERED UNIVERSITY STUDENT MARIO FLORES, WHOSE BODY WAS LEFT ON A HIGHWAY.")
    assert student["targets"] == ["UNIVERSITY STUDENT MARIO FLORES"]
    home = _actors("Gunmen attacked the home of the director.")
    assert home["physical_targets"] == ["home of the director"]  # a home, though a director owns it
    assert _actors("It left 127 dead and 155 wounded.")["targets"] == []


def test_things_listed_arms_seized_and_a_perpetrator_word_describing_another_noun() -> None:
    assert _actors("URBAN GUERRILLAS SABOTAGED PYLONS AND TRANSFORMERS IN SAN MIGUEL CITY.")["physical_targets"] == [
        "PYLONS",
        "TRANSFORMERS",
    ]
    assert _actors("A bomb exploded inside a fast-food restaurant.")["physical_targets"] == ["fast-food restaurant"]
    assert _actors("OUR FORCES SEIZED ONE M-16 RIFLE AND A PISTOL.")["weapons"] == []  # taken, not used
    assert _actors("The city suffered a terrorist attack on Monday.")["perpetrators"] == []
    assert _actors("Terrorists attacked the city on Monday.")["perpetrators"] == ["Terrorists"]


def test_a_blamed_body_named_by_its_words_and_an_act_owned_by_its_victim() -> None:
    accused = _actors("CRISTIANI ACCUSED THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] OF THE KILLING.")
    assert accused["perpetrators"] == ["FARABUNDO MARTI NATIONAL LIBERATION FRONT"]
    assert _actors("CRISTIANI ATTRIBUTED RIVERA'S MURDER TO THE FMLN [FMLN].")["perpetrators"] == ["FMLN"]
    listed = _actors("HE CONDEMNED THE KILLING OF JUDGE ROBERTO GARCIA AND ACCUSED THE FMLN OF IT.")
    assert listed["targets"] == ["JUDGE ROBERTO GARCIA"]  # "accused the FMLN" is a clause, not a victim


def test_a_time_before_the_actor_and_a_two_word_verb_across_a_line() -> None:
    assert _actors("ON 1 NOVEMBER URBAN GUERRILLAS ATTACKED THE HEADQUARTERS.")["perpetrators"] == ["URBAN GUERRILLAS"]
    timed = _actors("DURING THE LAST FEW HOURS TERRORISTS ATTACKED THREE BANKS.")
    assert timed["perpetrators"] == ["TERRORISTS"]
    assert _actors("GUNMEN OPENED\nFIRE ON THE CROWD.")["perpetrators"] == ["GUNMEN"]


def test_where_an_act_lands_in_all_capital_text() -> None:
    assert _actors("A BOMB EXPLODED INSIDE A FAST-FOOD RESTAURANT.")["physical_targets"] == ["FAST-FOOD RESTAURANT"]
    assert _actors("TEN UNION LEADERS WERE KILLED IN AN ATTACK ON A UNION HEADQUARTERS.")["physical_targets"] == [
        "UNION HEADQUARTERS"
    ]


def test_a_passive_agent_in_all_capital_text() -> None:
    found = _actors("THE JUDGE WAS MURDERED BY A DEATH SQUAD OF THE ARMY.")
    assert found["perpetrators"] == ["DEATH SQUAD OF THE ARMY"] and found["targets"] == ["JUDGE"]


def test_people_known_by_their_look_perpetrate_and_a_modifier_in_ing_keeps_a_thing() -> None:
    assert _actors("UNIFORMED MEN KILLED THE PRIEST.")["perpetrators"] == ["UNIFORMED MEN"]
    assert _actors("THE HONDURAN FISHING BOAT WAS ATTACKED.")["physical_targets"] == ["HONDURAN FISHING BOAT"]
    assert _actors("Rebels killed the soldier guarding the substation.")["targets"] == [
        "soldier guarding the substation"
    ]


def test_assassins_and_traffickers_perpetrate() -> None:
    found = _actors("THE JUDGE WAS ASSASSINATED BY A GROUP OF 10 PAID ASSASSINS IN TWO CARS.")
    assert found["perpetrators"] == ["GROUP OF 10 PAID ASSASSINS"]
    assert _actors("Drug traffickers killed two policemen.")["perpetrators"] == ["Drug traffickers"]


def test_a_participle_after_a_thing_ends_it() -> None:
    found = _actors("URBAN GUERRILLAS ATTACKED THE GUARDS AT A POWER SUBSTATION LOCATED IN DOWNTOWN SAN SALVADOR.")
    assert found["physical_targets"] == ["POWER SUBSTATION"]


def test_who_took_people_or_arms_after_an_attack_did_not_do_it() -> None:
    text = "URBAN COMMANDOS ATTACKED A POLICE POST. THE ARMY TROOPS ARRESTED ONE FMLN TERRORIST."
    assert _actors(text, kind=IncidentType.ATTACK)["perpetrators"] == ["URBAN COMMANDOS"]
    assert "ARMY TROOPS" in _actors(text, kind=IncidentType.ARREST)["perpetrators"]  # the arrest is theirs
    text = "A BOMB EXPLODED. NATIONAL POLICE MEMBERS DISCOVERED A SECURITY HOUSE AND CONFISCATED RIFLES."
    assert _actors(text, kind=IncidentType.BOMBING)["perpetrators"] == []


def test_who_told_of_it_is_no_perpetrator_and_armed_forces_are_one_name() -> None:
    text = "The Popayan police department confirmed that the attacks took place on the highway."
    assert _actors(text)["perpetrators"] == []
    text = "Clashes broke out when Salvadoran armed forces troops entered the town."
    assert _actors(text)["perpetrators"] == ["Salvadoran armed forces troops"]


def test_a_passive_agent_past_a_time_and_a_group_named_with_its_body() -> None:
    text = (
        "TWO MISSIONARIES WERE SHOT TO DEATH LAST NIGHT BY A GROUP OF TERRORISTS FROM THE ZARATE WILKA "
        "ARMED FORCES OF LIBERATION [FAL]."
    )
    (perpetrator,) = _actors(text)["perpetrators"]
    assert perpetrator == "GROUP OF TERRORISTS FROM THE ZARATE WILKA ARMED FORCES OF LIBERATION"
    assert organisation_of(perpetrator) == "ZARATE WILKA ARMED FORCES OF LIBERATION"


def test_an_acronym_or_a_named_body_does_it_and_a_transcript_tag_is_no_part_of_a_name() -> None:
    text = "GUERRILLAS OF THE ARMY OF NATIONAL LIBERATION (ELN) ACT AGAIN. ON 16 JUNE, THE ELN DESTROYED THE TERMINAL."
    assert "ELN" in _actors(text)["perpetrators"]
    text = "THE NATIONAL GUARD [WORD INDISTINCT] MURDERED UNIVERSITY STUDENT MARIO FLORES."
    assert _actors(text)["perpetrators"] == ["NATIONAL GUARD"]


def test_a_perpetrator_word_read_alone_is_cut_at_prepositions_and_is_no_modifier_or_patient() -> None:
    shooting = _actors("HEAVY SHOOTING CONTINUES IN THE AREA BETWEEN REBELS AND MEMBERS OF THE BRIGADE.")
    assert shooting["perpetrators"] == ["REBELS"]
    assert _actors("IF NECESSARY, TERRORISTS MUST BE KILLED.")["perpetrators"] == []
    assert _actors("WE MUST EVICT THE MURDEROUS MILITARY DICTATORSHIP.")["perpetrators"] == []


def test_weapons_named_with_what_they_are() -> None:
    found = _actors("A VESSEL FIRED AUTOMATIC WEAPONS.  SHE THREATENED THEM WITH HAND GRENADES.  A CAR-BOMB EXPLODED.")
    assert found["weapons"] == ["AUTOMATIC WEAPONS", "HAND GRENADES", "CAR-BOMB"]
    assert _actors("A DYNAMITE CHARGE DESTROYED THE DOOR.")["weapons"] == ["DYNAMITE CHARGE"]


def test_things_hit_told_by_an_adverbed_passive_a_place_near_or_an_intransitive_verb() -> None:
    assert _actors("SEVEN BANK BRANCHES WERE ALSO ATTACKED.")["physical_targets"] == ["SEVEN BANK BRANCHES"]
    near = _actors("A POWERFUL DYNAMITE CHARGE EXPLODED NEAR THE AMERICAN EMBASSY IN LA PAZ.")
    assert near["physical_targets"] == ["AMERICAN EMBASSY"] and near["weapons"] == ["DYNAMITE CHARGE"]
    assert _actors("TERRORISTS BOMBED A DRUGSTORE.")["physical_targets"] == ["DRUGSTORE"]
    plane = _actors("AN AVIANCA AIRLINES PLANE BLEW UP IN MIDAIR.")
    assert plane["physical_targets"] == ["AVIANCA AIRLINES PLANE"] and plane["perpetrators"] == []
    bomb = _actors("A CAR BOMB BLEW UP IN THE CENTER OF BOGOTA.")  # the bomb is no target
    assert bomb["physical_targets"] == [] and bomb["weapons"] == ["CAR BOMB"]


def test_a_name_set_beside_the_subject_of_a_passive_is_its_patient() -> None:
    wife = _actors("ARMY COLONEL CARLOS GUERRERO'S WIFE, ANGELA PIEDAD DE GUERRERO, WAS SHOT TO DEATH IN BOGOTA.")
    assert "ANGELA PIEDAD DE GUERRERO" in wife["targets"]
    almost = _actors("The ambassador's daughter, Nadine Elkashes, was almost killed.")
    assert almost["targets"] == ["ambassador's daughter", "Nadine Elkashes"]


def test_the_victim_of_a_named_act_past_its_date() -> None:
    found = _actors("UNIONS CONDEMNED THE ASSASSINATION ON 15 SEPTEMBER OF EDUARDO ANTONIO LOPEZ PALENCIA, A STUDENT.")
    assert found["targets"][0] == "EDUARDO ANTONIO LOPEZ PALENCIA"


def test_a_singular_perpetrator_word_before_another_word_describes_it() -> None:
    column = _actors("A GUERRILLA COLUMN AMBUSHED THE PATROL.")
    assert column["perpetrators"] == ["GUERRILLA COLUMN"]
    truck = _actors("THE INSURGENT TRUCK WAS SEEN BEFORE THE REBELS CAME.")  # no verb of violence: the nouns
    assert truck["perpetrators"] == ["REBELS"]

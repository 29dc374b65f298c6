"""The MUC-4 adapter and suite, on hand-made reports and a scripted fake LLM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_llm import FakeLLM
from scripted import answers

import newsstruct
from evals.muc4.adapter import (
    counted,
    document_roles,
    full_name,
    incident_roles,
    is_named_person,
    physical_target,
    short_form,
    templates,
    victim_name,
)
from evals.muc4.data import read_split
from evals.muc4.suite import run_split, stratified, stratified_order, to_markdown
from newsstruct.engine import AnswerStore
from newsstruct.schema import Actor, ActorKind, Evidence, Incident, IncidentType, Report

MUC4 = Path(__file__).resolve().parents[3] / "shared" / "data" / "muc4"


def _report() -> Report:
    ev = [{"text": "x", "start": 0, "end": 1}]
    return Report.model_validate(
        {
            "incidents": [
                {"id": "I1", "type": "bombing", "summary": "s", "evidence": ev,
                 "perpetrators": [{"name": "urban commandos", "kind": "rebel_or_militia", "organisation": "FMLN"}],
                 "targets": [{"name": "Hector Oqueli", "kind": "civilians"},
                             {"name": "two peasants", "kind": "civilians"}],
                 "physical_targets": ["embassy"], "weapons": ["car bomb"]},
                {"id": "I2", "type": "armed_clash", "summary": "army vs guerrillas", "evidence": ev,
                 "perpetrators": [{"name": "army", "kind": "state_forces"}]},
                {"id": "I3", "type": "kidnapping", "summary": "old", "evidence": ev, "background": True,
                 "perpetrators": [{"name": "ELN", "kind": "rebel_or_militia"}]},
            ]
        }
    )  # fmt: skip


def test_adapter_keeps_muc_incidents_and_maps_roles() -> None:
    """MUC-4's keys hold guerrilla attacks on troops and earlier incidents the text tells of too
    (measured on the dev documents): clashes and background incidents are kept."""
    roles = document_roles(_report())
    assert roles == {
        "PerpInd": [["urban commandos"]],
        "PerpOrg": [["FMLN"], ["army"], ["ELN"]],
        "Target": [["embassy"]],
        "Victim": [["Hector Oqueli"]],  # descriptive victims are not MUC-4 victims
        "Weapon": [["car bomb"]],
    }
    assert [t["incident_type"] for t in templates(_report())] == ["bombing", "attack", "kidnapping"]
    protest = _report().model_copy(
        update={"incidents": [_report().incidents[0].model_copy(update={"type": "protest_or_riot"})]}
    )
    assert templates(protest) == []  # not a MUC-4 incident type


def test_named_person_heuristic() -> None:
    assert is_named_person(Actor(name="Luis Carlos Galan", kind=ActorKind.OFFICIALS))
    assert not is_named_person(Actor(name="six Jesuit priests", kind=ActorKind.CIVILIANS))
    assert not is_named_person(Actor(name="FMLN", kind=ActorKind.CIVILIANS))
    # MUC-4's victim is the name without the titles before it; a title before a surname names one
    governor = Actor(name="ANTIOQUIA DEPARTMENT GOVERNOR ANTONIO ROLDAN BETANCUR", kind=ActorKind.OFFICIALS)
    assert is_named_person(governor) and victim_name(governor.name) == "ANTONIO ROLDAN BETANCUR"
    assert is_named_person(Actor(name="PRESIDENT CEREZO")) and victim_name("PRESIDENT CEREZO") == "CEREZO"
    assert victim_name("DENSELY POPULATED AREAS") == "DENSELY POPULATED AREAS"
    assert not is_named_person(Actor(name="DENSELY POPULATED AREAS"))
    # words no name is made of, and in mixed-case text a lower-case word, make no name
    assert not is_named_person(Actor(name="PRELIMINARY REPORTS"))
    assert not is_named_person(Actor(name="DAYS AGO ALONG"))
    assert not is_named_person(Actor(name="Medina mentions"))
    assert is_named_person(Actor(name="Gonzalo de Jesus Perez"))
    # in all-capital text, common nouns and possessives are no names; a student's name is
    for common in ("LAW ROCKET LAUNCHERS", "PETROLEUM INFRASTRUCTURE", "DELGADO'S DRIVER", "ATTORNEY GENERAL"):
        assert not is_named_person(Actor(name=common)), common
    assert victim_name("UNIVERSITY STUDENT MARIO FLORES") == "MARIO FLORES"
    assert victim_name("THEIR COLLEAGUE MARIELA ESPINOSA ARANGO") == "MARIELA ESPINOSA ARANGO"
    for no_name in ("TO EL SALVADOR", "CAPITAL AGAIN", "US ALL"):
        assert not is_named_person(Actor(name=no_name)), no_name


def test_a_victim_is_named_by_the_fullest_form_the_text_gives() -> None:
    text = (
        "ABOARD WERE U.S. CITIZEN SCOTT HEYNDAL AND COLOMBIAN PILOT JULIO TORRES.  MR. TORRES WAS KILLED."
        "  ATTORNEY GENERAL ROBERTO GARCIA ALVARADO WAS KILLED.  GARCIA HAD BEEN THREATENED."
        "  HE WAS ON DUTY. MARIA ELENA DIAZ WAS WOUNDED ON THURSDAY."
    )
    assert full_name("TORRES", text) == "JULIO TORRES"  # not the pilot, nor the Colombian
    assert full_name("GARCIA", text) == "ROBERTO GARCIA ALVARADO"
    assert full_name("MARIA ELENA DIAZ", text) == "MARIA ELENA DIAZ"  # not past a full stop nor "ON"
    assert full_name("Smith", "Officer John Smith said Smith was hit.") == "John Smith"


def test_perpetrators_are_named_with_the_number_the_text_first_gives_them() -> None:
    text = "A GROUP OF 10 PAID ASSASSINS KILLED HER.  THE PAID ASSASSINS FLED.  TROOPS SEIZED 5 MILITARY RADIOS."
    assert counted("PAID ASSASSINS", text) == "10 PAID ASSASSINS"
    assert counted("MILITARY", "THE MILITARY FIRED.  TROOPS SEIZED 5 MILITARY RADIOS.") == "MILITARY"
    assert counted("THREE MEN", text) == "THREE MEN"


def test_a_body_naming_itself_in_a_responsibility_claim_is_an_organisation() -> None:
    incident = Incident(
        id="I1",
        type="kidnapping",
        summary="THE SENATOR WAS KIDNAPPED.",
        evidence=[Evidence(text="THE SENATOR WAS KIDNAPPED.", start=0, end=26)],
        perpetrators=[Actor(name="EXTRADITABLES"), Actor(name="GUERRILLAS")],
    )
    roles = incident_roles(incident, "", frozenset({"extraditables", "guerrillas"}))
    assert roles["PerpOrg"] == [["EXTRADITABLES"]] and roles["PerpInd"] == [["GUERRILLAS"]]
    assert incident_roles(incident)["PerpInd"] == [["EXTRADITABLES"], ["GUERRILLAS"]]


def test_a_body_named_in_full_is_an_organisation_whatever_its_kind() -> None:
    front = Actor(name="FARABUNDO MARTI NATIONAL LIBERATION FRONT")  # kind unknown
    incident = Incident(
        id="I1",
        type=IncidentType.ATTACK,
        summary="x",
        evidence=[{"text": "x", "start": 0, "end": 1}],
        perpetrators=[front, Actor(name="GUNMEN")],
    )
    roles = incident_roles(incident)
    assert roles["PerpOrg"] == [["FARABUNDO MARTI NATIONAL LIBERATION FRONT"]] and roles["PerpInd"] == [["GUNMEN"]]
    several = incident.model_copy(update={"perpetrators": [Actor(name="SEVERAL ARMED INDIVIDUALS")]})
    assert incident_roles(several)["PerpInd"] == [["ARMED INDIVIDUALS"]]  # MUC-4 writes them without it


def test_a_word_of_organisation_alone_names_no_organisation() -> None:
    incident = Incident(
        id="I1",
        type=IncidentType.ATTACK,
        summary="x",
        evidence=[{"text": "x", "start": 0, "end": 1}],
        perpetrators=[Actor(name="THE GROUP"), Actor(name="GROUP OF TERRORISTS", kind=ActorKind.TERRORIST_GROUP)],
    )
    roles = incident_roles(incident)
    assert roles["PerpOrg"] == [] and roles["PerpInd"] == [["GROUP OF TERRORISTS"]]


def test_an_organisation_fills_as_the_acronym_the_text_gives_it() -> None:
    text = "THE PERUVIAN GUERRILLA MOVEMENT TUPAC AMARU REVOLUTIONARY MOVEMENT (MRTA) CLAIMED IT."
    assert short_form("THE PERUVIAN GUERRILLA MOVEMENT TUPAC AMARU REVOLUTIONARY MOVEMENT", text) == "MRTA"
    assert short_form("SHINING PATH", text) == "SHINING PATH"  # no acronym given: the name as read


def test_a_physical_target_fills_without_its_count() -> None:
    # MUC-4 counts targets in a slot of its own: "MANY HOUSES" fills as "HOUSES"
    assert physical_target("MANY HOUSES") == "HOUSES" and physical_target("two power pylons") == "power pylons"
    assert physical_target("ELECTRIC POWER SUBSTATION") == "ELECTRIC POWER SUBSTATION"
    assert physical_target("APPROXIMATELY 50 NEIGHBORING RESIDENCES") == "NEIGHBORING RESIDENCES"
    assert physical_target("SEVERAL") == "SEVERAL"  # nothing left: the words as they were


def test_one_weapon_filler_per_kind_of_weapon() -> None:
    from evals.muc4.adapter import _one_per_kind

    assert _one_per_kind(["CAR BOMBS", "CAR BOMB", "BOMB", "EXPLOSIVES"]) == [["CAR BOMBS"], ["EXPLOSIVES"]]
    assert _one_per_kind(["MORTARS", "ROCKETS", "MORTAR"]) == [["MORTARS"], ["ROCKETS"]]
    assert _one_per_kind(["RIFLE", "PISTOL"]) == [["RIFLE"], ["PISTOL"]]


def test_stratified_subset_keeps_shares() -> None:
    gold = {f"d{n}": [{}] * (n % 3) for n in range(30)}
    chosen = stratified(list(gold), gold, 9)
    assert len(chosen) == 9 and {len(gold[d]) for d in chosen} == {0, 1, 2}
    assert set(chosen) <= set(stratified(list(gold), gold, 15))  # a larger subset grows a smaller one
    order = stratified_order(list(gold), gold, 15)
    assert set(order) == set(stratified(list(gold), gold, 15))
    assert set(order[: len(chosen)]) == set(chosen)  # a run stopped early has done a stratified subset


@pytest.mark.skipif(not MUC4.is_dir(), reason="../shared/data/muc4 is not beside the checkout")
def test_suite_runs_caches_and_scores(tmp_path: Path) -> None:
    fake = FakeLLM([], default=answers())  # (the first two documents' words settle everything: no question)
    backend = newsstruct.OpenAIBackend(model="fake", client=fake.client())
    corpora = MUC4 / "raw_muc34" / "TASK" / "CORPORA"
    result = run_split(corpora, MUC4, "test", backend=backend, limit=3, cache_dir=tmp_path)
    assert result["documents"] == 3 and fake.requests
    assert result["document_level"]["micro"]["gold"] > 0
    assert len(result["predictions"]) == 3  # each document's predictions, kept for re-scoring
    for predicted in result["predictions"].values():
        assert set(predicted) == {"templates", "document_roles", "error", "seconds"} and predicted["error"] is None
    assert (tmp_path / "answers.sqlite").is_file()  # every question's answer is kept
    texts = list(read_split(corpora, "test").values())
    # the raw text, shown in lower case (all-capital wire copy)
    assert any(t.strip()[:100].lower() in fake.requests[0]["messages"][1]["content"] for t in texts)
    no_replies = newsstruct.OpenAIBackend(model="fake", client=FakeLLM([]).client())
    again = run_split(corpora, MUC4, "test", backend=no_replies, limit=3, cache_dir=tmp_path)
    assert again["document_level"] == result["document_level"]
    assert "| micro |" in to_markdown(result) and "GRIT" in to_markdown(result)
    # The run's answers as text re-make its reports on another machine (an empty cache) with no model.
    assert result["reports_from_cache"] == 0 and again["reports_from_cache"] == 3
    exported = tmp_path / "answers.jsonl"
    assert (
        AnswerStore(tmp_path / "answers.sqlite").export(exported, set(result["answer_keys"]))
        == len(result["answer_keys"])
        > 0
    )
    elsewhere = run_split(corpora, MUC4, "test", backend=no_replies, limit=3, cache_dir=tmp_path / "new",
                          answers_file=exported)  # fmt: skip
    assert elsewhere["document_level"] == result["document_level"] and elsewhere["predictions"].keys() == {
        *result["predictions"]
    }


@pytest.mark.skipif(not MUC4.is_dir(), reason="../shared/data/muc4 is not beside the checkout")
def test_roles_set_up_shows_retrieved_train_demonstrations_and_drops_fillers_not_in_the_text(tmp_path: Path) -> None:
    def answer(body: dict) -> str:  # type: ignore[type-arg]
        document = body["messages"][-1]["content"]
        word = next(w for w in document.split() if w.isalpha() and len(w) >= 6)
        return json.dumps({"PerpInd": [word], "PerpOrg": ["INVENTED LIBERATION FRONT"], "Target": [],
                           "Victim": [], "Weapon": []})  # fmt: skip

    fake = FakeLLM([answer] * 2)
    backend = newsstruct.OpenAIBackend(model="fake", client=fake.client())
    corpora = MUC4 / "raw_muc34" / "TASK" / "CORPORA"
    result = run_split(corpora, MUC4, "test", backend=backend, limit=2, cache_dir=tmp_path, demos=2)
    assert result["documents"] == 2 and len(fake.requests) == 2 and "k=2" in result["setup"]
    roles = [m["role"] for m in fake.requests[0]["messages"]]
    assert roles == ["system", "user", "assistant", "user", "assistant", "user"]
    demos = [m["content"] for m in fake.requests[0]["messages"][1:-1:2]]
    test_texts = read_split(corpora, "test").values()
    assert all(d.startswith("Text:") and not any(t.strip()[:200] in d for t in test_texts) for d in demos)
    assert result["dropped_ungrounded"] == 2  # the invented organisation, once per document
    assert result["document_level"]["PerpOrg"]["pred"] == 0 and result["document_level"]["PerpInd"]["pred"] == 2
    silent = newsstruct.OpenAIBackend(model="fake", client=FakeLLM([]).client())
    again = run_split(corpora, MUC4, "test", backend=silent, limit=2, cache_dir=tmp_path, demos=2)
    assert again["document_level"] == result["document_level"]
    assert "k=2 retrieved train demonstrations" in to_markdown(result)

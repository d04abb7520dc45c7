"""Actor mentions on hand-built documents (our own sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.config import Config
from communique.ingest import iter_inputs, to_document
from communique.kb import Country, KnowledgeBase
from communique.model import DocMeta, Document, Mention
from communique.nlp.mentions import MentionStage
from communique.nlp.sentences import SentenceStage

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def stage() -> MentionStage:
    return MentionStage(Config(), kb=KnowledgeBase.load())


def run(stage: MentionStage, text: str, published: str | None = None) -> Document:
    doc = Document("t", text, DocMeta(published=published))
    return stage(SentenceStage(Config())(doc))


def found(doc: Document) -> dict[str, Mention]:
    return {doc.text[m.start : m.end]: m for m in doc.mentions}


def test_full_names_with_and_without_diacritics(stage: MentionStage) -> None:
    doc = run(stage, "Nguyễn Phú Trọng received guests. Later Nguyen Phu Trong left.")
    ids = [m.actor_id for m in doc.mentions]
    assert ids == ["p:nguyen-phu-trong", "p:nguyen-phu-trong"]


def test_titles_with_surnames_and_stated_roles(stage: MentionStage) -> None:
    doc = run(stage, "President Putin and Party chief Trong spoke. Mr. Trong smiled.", "2018-09-06")
    m = found(doc)
    assert m["President Putin"].actor_id == "p:vladimir-putin"
    assert m["President Putin"].role == "head_of_state"
    assert m["Party chief Trong"].role == "party_leader"
    assert m["Mr. Trong"].actor_id == "p:nguyen-phu-trong"


def test_role_descriptions_and_the_latter(stage: MentionStage) -> None:
    text = ("Russian President Vladimir Putin met Prime Minister Pham Minh Chinh. "
            "The Russian leader praised the latter for the reception.")  # fmt: skip
    m = found(run(stage, text, "2024-06-20"))
    assert m["The Russian leader"].actor_id == "p:vladimir-putin"
    assert m["the latter"].actor_id == "p:pham-minh-chinh"


def test_former_as_an_adjective_is_no_reference(stage: MentionStage) -> None:
    text = "Putin met Trong. Both recalled the former Soviet Union."
    assert "the former" not in found(run(stage, text, "2018-09-06"))


def test_countries_capitals_and_groups(stage: MentionStage) -> None:
    text = "Moscow said Vietnam and Russia will cooperate. The two sides met in Hanoi."
    m = found(run(stage, text))
    assert m["Moscow"].actor_id == "c:RUS"  # a metonym for the government
    assert "Hanoi" not in m  # "in Hanoi" is a place, not an actor
    assert m["The two sides"].actor_id == "g:c:RUS+c:VNM"


def test_unknown_titled_person_gets_an_x_actor(stage: MentionStage) -> None:
    m = found(run(stage, "Chilean Foreign Minister Ana Valdivia Reyes arrived."))
    person = next(v for k, v in m.items() if "Valdivia" in k)
    assert person.actor_id.startswith("x:") and person.role == "foreign_minister"
    assert person.country == "CHL"


def test_role_checks(stage: MentionStage) -> None:
    ok = found(run(stage, "State President To Lam welcomed the guests.", "2024-06-20"))
    assert ok["State President To Lam"].flags == ()
    wrong = found(run(stage, "Prime Minister To Lam welcomed the guests.", "2024-06-20"))
    (flag,) = wrong["Prime Minister To Lam"].flags
    assert flag.startswith("role_conflict")


def test_seed_mentions_are_well_formed(stage: MentionStage) -> None:
    kb = stage.gazetteer.kb
    for item in iter_inputs([SEEDS]):
        doc = stage(SentenceStage(Config())(to_document(item)))  # type: ignore[arg-type]
        assert doc.mentions
        for m in doc.mentions:
            assert doc.text[m.start : m.end].strip()
            assert m.actor_id[:2] in ("x:", "g:") or kb.actor(m.actor_id) is not None


def test_names_with_particles_and_six_words(stage: MentionStage) -> None:
    m = found(run(stage, "President Luiz Inacio Lula da Silva met Ursula von Leyen-Smith. "
                         "Luiz Inacio Lula da Silva left.", "2024-03-01"))  # fmt: skip
    assert m["President Luiz Inacio Lula da Silva"].actor_id == "p:luiz-inacio-lula-da-silva"
    assert m["Luiz Inacio Lula da Silva"].actor_id == "p:luiz-inacio-lula-da-silva"


def test_a_dateline_capital_is_a_place_not_a_government(stage: MentionStage) -> None:
    text = "Talks in Brasilia\nBRASILIA, March 3 (Wire) - Brasilia said the talks went well."
    doc = run(stage, text, "2024-03-03")
    capitals = [m for m in doc.mentions if m.actor_id == "c:BRA"]
    assert [text[m.start : m.end] for m in capitals] == ["Brasilia"]
    assert capitals[0].start > text.index(" - ")  # only the metonym after the dateline


def test_the_two_presidents_are_the_heads_of_state_named(stage: MentionStage) -> None:
    text = ("President Javier Milei spoke with President Luiz Inacio Lula da Silva and Foreign "
            "Minister Gerardo Werthein. The two presidents agreed to meet.")  # fmt: skip
    m = found(run(stage, text, "2025-01-10"))
    assert m["The two presidents"].actor_id == "g:p:javier-milei+p:luiz-inacio-lula-da-silva"


def test_demonym_with_an_agent_noun_is_the_country(stage: MentionStage) -> None:
    text = ("Chile asked the Peruvian side to act. Peruvian diplomats left. "
            "The Peruvian Foreign Ministry objected. The Peruvian Party chief Ana Rios spoke.")  # fmt: skip
    doc = run(stage, text, "2024-03-03")
    peru = [x.start for x in doc.mentions if x.actor_id == "c:PER"]
    expected = [text.index("Peruvian side"), text.index("Peruvian diplomats"),
                text.index("Peruvian Foreign")]  # fmt: skip
    assert peru == expected  # not the "Peruvian Party chief": a person's title


# -- titles of international organizations (a KB of our own rows) --------------------------


def _row(name: str, country: str, role: str, start: str, end: str = "") -> dict[str, str]:
    slug = name.lower().replace(" ", "-")
    return {"actor_id": slug, "name": name, "aliases": "", "country": country, "role": role,
            "title": "", "start": start, "end": end, "source": "test"}  # fmt: skip


@pytest.fixture(scope="module")
def org_kb() -> KnowledgeBase:
    rows = [
        _row("Jens Stoltenberg", "NOR", "head_of_government", "2005-10-17", "2013-10-16"),
        _row("Jens Stoltenberg", "NATO", "secretary_general", "2014-10-01", "2024-10-01"),
        _row("Antonio Guterres", "UNO", "secretary_general", "2017-01-01"),
        _row("Kao Kim Hourn", "ASEAN", "secretary_general", "2023-01-01"),
        _row("Ursula von der Leyen", "EUR", "org_head", "2019-12-01"),
        _row("Kamala Harris", "USA", "vice_head_of_state", "2021-01-20", "2025-01-20"),
        _row("Nguyen Phu Trong", "VNM", "party_leader", "2011-01-19", "2024-07-19"),
    ]
    who = Country("WHO", "World Health Organization", ("World Health Organization", "WHO"), (),
                  None, ())  # fmt: skip
    return KnowledgeBase([*KnowledgeBase.load().countries(), who], rows)


def _analyse(kb: KnowledgeBase, text: str, published: str) -> Document:
    return run(MentionStage(Config(), kb=kb), text, published)


@pytest.mark.parametrize(
    ("text", "aid", "role", "country"),
    [
        ("NATO Secretary General Jens Stoltenberg", "p:jens-stoltenberg", "secretary_general",
         "NATO"),
        ("NATO's Secretary-General Stoltenberg", "p:jens-stoltenberg", "secretary_general", "NATO"),
        ("UN Secretary-General Antonio Guterres", "p:antonio-guterres", "secretary_general", "UNO"),
        ("U.N. Secretary-General Guterres", "p:antonio-guterres", "secretary_general", "UNO"),
        ("ASEAN Secretary-General Kao Kim Hourn", "p:kao-kim-hourn", "secretary_general", "ASEAN"),
        ("European Commission President Ursula von der Leyen", "p:ursula-von-der-leyen",
         "org_head", "EUR"),
        ("President of the European Commission Ursula von der Leyen", "p:ursula-von-der-leyen",
         "org_head", "EUR"),
        ("US Vice President Kamala Harris", "p:kamala-harris", "vice_head_of_state", "USA"),
        ("Party General Secretary Nguyen Phu Trong", "p:nguyen-phu-trong", "party_leader", "VNM"),
        ("Party Secretary General Nguyen Phu Trong", "p:nguyen-phu-trong", "party_leader", "VNM"),
    ],
)  # fmt: skip
def test_titles_of_organizations(org_kb: KnowledgeBase, text: str, aid: str, role: str,
                                 country: str) -> None:  # fmt: skip
    doc = _analyse(org_kb, f"{text} spoke on Monday.", "2023-06-12")
    (m,) = [m for m in doc.mentions if m.kind == "person"]
    assert (m.actor_id, m.role, m.country, m.method, m.flags) == (aid, role, country, "title", ())


def test_a_secretary_general_alone_claims_no_office(org_kb: KnowledgeBase) -> None:
    # a party's or an organisation's: the name decides, and no role is claimed for dating
    doc = _analyse(org_kb, "Secretary-General Guterres spoke on Monday.", "2023-06-12")
    (m,) = [m for m in doc.mentions if m.kind == "person"]
    assert m.actor_id == "p:antonio-guterres" and m.role == "secretary_general"
    assert m.method == "name"  # the role is the one the KB gives for the date


def test_an_unknown_head_of_an_organization_keeps_its_code(org_kb: KnowledgeBase) -> None:
    doc = _analyse(org_kb, "IMF Managing Director Ana Rios Vidal spoke on Monday.", "2023-06-12")
    (m,) = [m for m in doc.mentions if m.kind == "person"]
    assert (m.actor_id, m.role, m.country) == ("x:ana-rios-vidal", "org_head", "IMF")


def test_a_short_acronym_counts_only_in_capitals(org_kb: KnowledgeBase) -> None:
    text = "Officials who Head Ana Rios Vidal named left. Who said so? The WHO did."
    doc = _analyse(org_kb, text, "2023-06-12")
    assert not [m for m in doc.mentions if m.kind == "person"]
    (who,) = [m for m in doc.mentions if m.actor_id == "c:WHO"]
    assert (doc.text[who.start : who.end], who.kind) == ("WHO", "organization")


def test_a_head_title_in_lower_case_counts_after_an_organization(org_kb: KnowledgeBase) -> None:
    doc = _analyse(org_kb, "NATO chief Stoltenberg met the chief of staff.", "2023-06-12")
    (m,) = [m for m in doc.mentions if m.kind == "person"]
    assert (doc.text[m.start : m.end], m.actor_id, m.role) == (
        "chief Stoltenberg", "p:jens-stoltenberg", "secretary_general")  # fmt: skip


def test_initials_are_one_name_and_no_surname(stage: MentionStage) -> None:
    # "S" of "Harry S. Truman" is no surname: "S.M. Krishna" is India's foreign minister
    m = found(run(stage, "Indian Foreign Minister S.M. Krishna arrived.", "2011-03-02"))
    person = m["Foreign Minister S.M. Krishna"]
    assert person.actor_id.endswith(":s-m-krishna") and person.role == "foreign_minister"
    assert not [k for k in stage.gazetteer.short if len(k) < 2]

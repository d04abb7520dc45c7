"""Actor mentions on hand-built documents (our own sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.config import Config
from communique.ingest import iter_inputs, to_document
from communique.kb import KnowledgeBase
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

"""Figures and pledges on hand-built documents (our own sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.config import Config
from communique.ingest import iter_inputs, to_document
from communique.model import DocMeta, Document
from communique.pipeline import Pipeline

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    """The trigger rules alone (``--coder rules``): their constructions, which the learned
    coder's path also keeps for roles, coordinated predicates and evidence."""
    return Pipeline(Config(event_coder="rules"))


def run(pipeline: Pipeline, text: str, published: str = "2021-04-10") -> Document:
    return pipeline(Document("t", text, DocMeta(published=published)))


def test_money_with_scale_period_and_kind(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Exports to Peru rose to US$3.4 billion in 2020 and $410 million in "
                        "the first three months of 2021.")  # fmt: skip
    f1, f2 = doc.figures
    assert (f1.quantity, f1.value, f1.unit, f1.period, f1.kind) == (
        "exports",
        3.4e9,
        "USD",
        "2020",
        "actual",
    )
    assert (f2.value, f2.period) == (4.1e8, "2021-01/2021-03")


def test_forecast_and_target(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Two-way trade is expected to reach 2 billion euros this year. "
                        "Chile and Peru agreed to bring trade to US$5 billion by 2025.")  # fmt: skip
    forecast, target = doc.figures
    assert (forecast.kind, forecast.unit, forecast.period) == ("forecast", "EUR", "2021")
    assert (target.kind, target.value, target.period) == ("target", 5e9, "2025")


def test_counts_and_percentages_but_not_years_or_names(pipeline: Pipeline) -> None:
    doc = run(pipeline, "In 2019, about 1,200 students from Chile studied in Peru, up 15 percent, "
                        "at the Lima 2 campus.")  # fmt: skip
    got = {(f.unit, f.value) for f in doc.figures}
    assert got == {("students", 1200.0), ("percent", 15.0)}


def test_commitments_with_and_without_deadline(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Chile and Peru will sign a fisheries accord by 2023. "
                        "Peru pledged to open a consulate in Arica.")  # fmt: skip
    a, b = doc.pledges
    assert a.deadline == "2023" and set(a.actors) == {"c:CHL", "c:PER"}
    assert b.deadline is None and b.actors == ("c:PER",) and "consulate" in b.text


def test_expectations_and_conditionals_are_not_pledges(pipeline: Pipeline) -> None:
    doc = run(pipeline, "The visit will help strengthen ties between Chile and Peru. "
                        "Peru would join the pact if Chile agreed. "
                        "Peru pledged to open a consulate in Arica.")  # fmt: skip
    assert [p.text for p in doc.pledges] == ["open a consulate in Arica"]  # the promise alone


def test_accepted_invitation_but_no_request(pipeline: Pipeline) -> None:
    """A request to another party is an exhortation, not a commitment (issue 14)."""
    doc = run(pipeline, "President Joe Biden invited President Emmanuel Macron to visit "
                        "Washington, which the latter accepted. Macron asked the American side "
                        "to finish the talks by 2022.")  # fmt: skip
    (inv,) = doc.pledges
    assert inv.kind == "invitation" and inv.actors == ("p:emmanuel-macron",)


def test_reported_promise_target_and_accepted_invitation(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Peru's foreign minister said Peru would lend Chile 80 million dollars "
                        "by 2024. Trade between Chile and Peru reached US$2.1 billion in 2020, "
                        "and the two sides set a target of US$4 billion by 2026. President "
                        "Emmanuel Macron accepted an invitation to visit Lima next year.")  # fmt: skip
    loan, target, visit = doc.pledges
    assert loan.kind == "commitment" and loan.deadline == "2024" and "c:PER" in loan.actors
    assert target.kind == "target" and target.deadline == "2026"
    assert visit.kind == "invitation" and visit.actors == ("p:emmanuel-macron",)
    assert visit.deadline == "2022"
    lent, actual, goal = doc.figures
    assert (lent.kind, lent.value) == ("target", 8e7)  # promised, not yet paid
    assert (actual.kind, goal.kind) == ("actual", "target")
    assert goal.quantity == actual.quantity == "trade"  # the target's measure carries over


def test_a_conditional_would_is_no_promise(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Peru would lend Chile money in a crisis. "
                        "Peru will lend Chile 5 million dollars by 2024.")  # fmt: skip
    (promise,) = doc.pledges  # the second sentence's, not the first's
    assert promise.start > 0 and promise.deadline == "2024"


def test_coordinated_predicates_are_two_events(rules: Pipeline) -> None:
    doc = run(rules, "President Joe Biden held talks with President Emmanuel Macron and "
                        "witnessed the signing of three agreements. Chile condemned the raid "
                        "on the port and called for an inquiry. Chile warned that looting and "
                        "killing could follow.")  # fmt: skip
    by_sentence: dict[int, list[str]] = {}
    for ev in doc.events:
        by_sentence.setdefault(ev.start, []).append(f"{ev.type}/{ev.mode}")
    talks, condemned, warned = (sorted(v) for _, v in sorted(by_sentence.items()))
    assert talks == ["CONSULT/meet", "SUPPORT/sign"]
    assert condemned == ["ACCUSE/disapprove", "REQUEST/None"]
    assert warned == ["THREATEN/None"]  # "and killing" is a noun, not a second predicate


def test_seed_figures_and_pledges_are_well_formed(pipeline: Pipeline) -> None:
    docs = [pipeline(to_document(item)) for item in iter_inputs([SEEDS])]  # type: ignore[arg-type]
    assert len(docs) == 5
    figures = [(d, f) for d in docs for f in d.figures]
    pledges = [(d, p) for d in docs for p in d.pledges]
    # the seeds state trade figures and targets, and promise visits and cooperation
    assert len(figures) >= 3 and len(pledges) >= 5
    assert sum(bool(d.figures) for d in docs) >= 2 and sum(bool(d.pledges) for d in docs) >= 3
    for doc, f in figures:
        assert f.value > 0 and f.unit and 0 <= f.start < f.end <= len(doc.text)
        assert f.value_start is not None and f.start <= f.value_start < f.end
    for doc, p in pledges:
        assert (p.start, p.end) in {(s.start, s.end) for s in doc.sentences} and p.text


def test_an_actor_providing_is_a_promise_a_visit_helping_is_not(pipeline: Pipeline) -> None:
    doc = run(pipeline, "Peru will provide a loan of 20 million dollars to Chile. The visit by "
                        "President Emmanuel Macron will help strengthen ties with Chile.")  # fmt: skip
    (loan,) = doc.pledges
    assert loan.actors[0] == "c:PER" and "loan" in loan.text


def test_an_event_needs_an_actor_and_a_visit_a_traveller(rules: Pipeline) -> None:
    doc = run(rules, "Thousands of refugees arrived in Chile. Chile condemned the raid.")
    assert [e.type for e in doc.events] == ["ACCUSE"]


def test_the_source_is_the_actor_of_the_triggers_own_clause(rules: Pipeline) -> None:
    doc = run(rules, "As Chile sought to calm the markets, Peru said it had imposed sanctions "
                        "on Bolivia. President Emmanuel Macron, who landed on Monday, met "
                        "President Joe Biden.")  # fmt: skip
    sanction, meeting = doc.events
    assert (sanction.type, sanction.source) == ("SANCTION", ("c:PER",))
    assert meeting.source == ("p:emmanuel-macron",) and meeting.target == ("p:joe-biden",)

"""Fusion on article sets we build by hand: merging, visits, pledges, contradictions, dating."""

from __future__ import annotations

import dataclasses

from communique.fuse import fuse
from communique.model import (
    DocMeta,
    Document,
    Event,
    Figure,
    Location,
    Mention,
    Pledge,
    Sentence,
    TimeExpr,
)

A, B = "p:alice-ardent", "p:boris-bold"  # two heads of state
C = "p:carla-cole"  # a prime minister


def doc(doc_id: str, published: str | None, sentences: list[str], **layers: object) -> Document:
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append(Sentence(pos, pos + len(s)))
        pos += len(s) + 1
    return Document(doc_id, text, DocMeta(published=published), sentences=tuple(spans),
                    **layers)  # type: ignore[arg-type]  # fmt: skip


def meet(doc_id: str, i: int, date: str | None, who: tuple[str, ...], mode: str = "meet",
         historical: bool = False, span: tuple[int, int] = (0, 10)) -> Event:  # fmt: skip
    return Event(f"{doc_id}-e{i}", span[0], span[1], "CONSULT", mode, "040",
                 source=who[:1], target=who[1:], participants=who, date=date,
                 location=Location("Capital", "AAA"), confidence=0.8, historical=historical)  # fmt: skip


def persons(*ids: str) -> tuple[Mention, ...]:
    return tuple(Mention(0, 1, i, "person", "AAA" if i == A else "BBB") for i in ids)


def test_one_happening_in_three_outlets_is_one_entry() -> None:
    docs = [
        doc("wire", "2020-05-04", ["Ardent and Bold held talks on Monday."],
            events=(meet("wire", 1, "2020-05-04", (A, B)),), mentions=persons(A, B)),
        doc("daily", "2020-05-05", ["The two presidents met yesterday in the capital."],
            events=(meet("daily", 1, "2020-05-04", (B, A)),), mentions=persons(A, B)),
        doc("weekly", "2020-09-01", ["Ardent met Bold in May."],
            events=(meet("weekly", 1, "2020-05", (A, B), historical=True),),
            mentions=persons(A, B)),
    ]  # fmt: skip
    (entry,) = fuse(docs).timeline
    assert entry.doc_ids == ("daily", "weekly", "wire")
    assert entry.date == "2020-05-04" and len(entry.event_ids) == 3
    assert entry.flags == ()


def test_two_meetings_on_one_day_stay_apart_within_one_visit() -> None:
    events = (
        meet("v", 1, "2020-05-04", (B,), mode="visit", span=(0, 10)),
        meet("v", 2, "2020-05-04", (B, A), span=(11, 20)),
        meet("v", 3, "2020-05-04", (B, C), span=(21, 30)),
    )
    d = doc("v", "2020-05-04", ["Bold arrived.", "He met Ardent.", "He met Cole."],
            events=events, mentions=persons(A, B, C))  # fmt: skip
    (visit,) = fuse([d]).timeline
    assert visit.kind == "visit" and len(visit.parts) == 3
    assert sorted(len(p["event_ids"]) for p in visit.parts) == [1, 1, 1]


def test_date_contradiction_is_flagged_with_both_claims() -> None:
    docs = [
        doc("a", "2020-05-04", ["Ardent met Bold on Monday."],
            events=(meet("a", 1, "2020-05-04", (A, B)),), mentions=persons(A, B)),
        doc("b", "2020-05-06", ["Ardent met Bold on Tuesday."],
            events=(meet("b", 1, "2020-05-05", (A, B)),), mentions=persons(A, B)),
    ]  # fmt: skip
    (entry,) = fuse(docs).timeline
    assert entry.flags == ("contradiction: date",)
    assert {(c["doc_id"], c["value"]) for c in entry.claims} == {
        ("a", "2020-05-04"),
        ("b", "2020-05-05"),
    }


def _target_doc() -> Document:
    s = "The sides agreed to bring trade to US$5 billion by 2015."
    fig = Figure(0, len(s), "trade", 5e9, "USD", "2015", "target", 36, 49)
    pledge = Pledge("p1", 0, len(s), "2013-01-01", ("c:AAA", "c:BBB"), "bring trade", "2015",
                    kind="target")  # fmt: skip
    return doc("t", "2013-01-01", [s], figures=(fig,), pledges=(pledge,))


def _actual_doc(doc_id: str, value: float) -> Document:
    s = f"Trade reached US$ {value / 1e9} billion in 2016."
    fig = Figure(0, len(s), "trade", value, "USD", "2016", "actual", 14, 30)
    return doc(doc_id, "2017-02-01", [s], figures=(fig,))


def test_target_missed_and_kept_by_a_later_figure() -> None:
    missed = {p.pledge_id: p for p in fuse([_target_doc(), _actual_doc("x", 2.7e9)]).pledges}
    assert missed["p1"].status == "missed" and missed["p1"].evidence[0].doc_id == "x"
    kept = {p.pledge_id: p for p in fuse([_target_doc(), _actual_doc("y", 5.5e9)]).pledges}
    assert kept["p1"].status == "kept"


def test_open_and_unknown_without_evidence() -> None:
    alone = fuse([_target_doc()]).pledges[0]
    assert alone.status == "open" and alone.evidence == ()
    later = doc("z", "2019-01-01", ["Nothing about trade."])
    assert fuse([_target_doc(), later]).pledges[0].status == "unknown"


def test_invitation_kept_by_a_later_visit() -> None:
    s = "Bold invited Ardent to visit Bbbland, which she accepted."
    inv = Pledge("i1", 0, len(s), "2018-01-01", (A,), "Ardent to visit", kind="invitation")
    d1 = doc("inv", "2018-01-01", [s], pledges=(inv,),
             mentions=(Mention(30, 37, "c:BBB", "country", "BBB"),))  # fmt: skip
    visit = Event("v1", 0, 20, "CONSULT", "visit", "042", source=(A,), target=("c:BBB",),
                  participants=(A, "c:BBB"), date="2019-03-02", confidence=0.8)  # fmt: skip
    d2 = doc("vis", "2019-03-02", ["Ardent arrived in Bbbland."], events=(visit,))
    (p,) = fuse([d1, d2]).pledges
    assert p.status == "kept" and p.evidence[0].doc_id == "vis"


def test_undated_document_takes_the_date_of_a_matching_report() -> None:
    dated = doc(
        "dated",
        "2020-05-04",
        ["Ardent met Bold on Monday."],
        events=(meet("dated", 1, "2020-05-04", (A, B)),),
        mentions=persons(A, B),
    )
    undated = doc("undated", None, ["Ardent met Bold on May 4."],
                  events=(meet("undated", 1, None, (A, B)),), mentions=persons(A, B),
                  times=(TimeExpr(19, 24, "DATE", "XXXX-05-04"),))  # fmt: skip
    result = fuse([dated, undated])
    (dating,) = result.dating
    assert dating.doc_id == "undated" and dating.published == "2020-05-04"
    assert "dated" in dating.evidence
    (entry,) = result.timeline
    assert entry.doc_ids == ("dated", "undated")


def test_sources_naming_different_holders_of_one_office_are_one_flagged_entry() -> None:
    d_ = "p:dan-dory"  # another person the second outlet calls the prime minister
    pm_c = (Mention(0, 1, A, "person", "AAA", "head_of_state"),
            Mention(0, 1, C, "person", "BBB", "head_of_government"))  # fmt: skip
    pm_d = (Mention(0, 1, A, "person", "AAA", "head_of_state"),
            Mention(0, 1, d_, "person", "BBB", "head_of_government"))  # fmt: skip
    docs = [
        doc("a", "2020-05-04", ["President Ardent met Prime Minister Cole."],
            events=(meet("a", 1, "2020-05-04", (A, C)),), mentions=pm_c),
        doc("b", "2020-05-04", ["President Ardent met Prime Minister Dory."],
            events=(meet("b", 1, "2020-05-04", (A, d_)),), mentions=pm_d),
    ]  # fmt: skip
    (entry,) = fuse(docs).timeline
    assert entry.doc_ids == ("a", "b")
    assert entry.flags == ("contradiction: participant",)
    assert {(c["doc_id"], c["actor_id"], c["office"]) for c in entry.claims} == {
        ("a", C, "head_of_government"),
        ("b", d_, "head_of_government"),
    }


def test_different_people_without_a_shared_office_stay_apart() -> None:
    # the same day, the head of state meets a prime minister, then a person of no known office
    docs = [
        doc("a", "2020-05-04", ["Ardent met Cole."],
            events=(meet("a", 1, "2020-05-04", (A, C)),),
            mentions=(Mention(0, 1, C, "person", "BBB", "head_of_government"),)),
        doc("b", "2020-05-04", ["Ardent met Dory."],
            events=(meet("b", 1, "2020-05-04", (A, "x:dory")),), mentions=persons(A)),
    ]  # fmt: skip
    assert len(fuse(docs).timeline) == 2
    assert all(not e.flags for e in fuse(docs).timeline)


def test_a_month_mention_does_not_bridge_two_days() -> None:
    docs = [
        doc("a", "2020-05-04", ["Ardent met Bold on Monday."],
            events=(meet("a", 1, "2020-05-04", (A, B)),), mentions=persons(A, B)),
        doc("b", "2020-05-20", ["Ardent met Bold again."],
            events=(meet("b", 1, "2020-05-20", (A, B)),), mentions=persons(A, B)),
        doc("c", "2020-06-30", ["Ardent met Bold in May."],
            events=(meet("c", 1, "2020-05", (A, B)),), mentions=persons(A, B)),
    ]  # fmt: skip
    entries = fuse(docs).timeline
    assert sorted(len(e.doc_ids) for e in entries) == [1, 2]  # May joins one day, not both
    assert all(not e.flags for e in entries)


def test_a_trip_at_home_anchors_no_state_visit() -> None:
    home = Location("Capital", "BBB")  # Bold's own country
    trip = Event("h-e1", 0, 10, "CONSULT", "visit", "042", source=(B,), target=(),
                 participants=(B,), date="2020-05-04", location=home, confidence=0.8)  # fmt: skip
    talk = meet("h", 2, "2020-05-04", (B, C), span=(11, 20))
    d = doc("h", "2020-05-04", ["Bold toured the capital.", "He met Cole."],
            events=(trip, talk), mentions=persons(B, C))  # fmt: skip
    entries = fuse([d]).timeline
    assert [(e.kind, e.event_ids) for e in entries] == [
        ("happening", ("h-e1",)), ("happening", ("h-e2",))]  # fmt: skip


def _placed(ev: Event, country: str) -> Event:
    return dataclasses.replace(ev, location=Location("Somewhere", country))


def test_reports_placed_in_two_countries_are_two_happenings() -> None:
    """Issue 14: one happening takes place in one country, even when the same people, on the
    same day, are told of by a report that names no place and could bridge the two."""
    docs = [
        doc("x", "2020-05-04", ["Ardent and Bold met in Aland."],
            events=(_placed(meet("x", 1, "2020-05-04", (A, B)), "AAA"),), mentions=persons(A, B)),
        doc("y", "2020-05-04", ["Ardent and Bold met in Boland."],
            events=(_placed(meet("y", 1, "2020-05-04", (A, B)), "BBB"),), mentions=persons(A, B)),
        doc("z", "2020-05-04", ["Ardent and Bold met."],
            events=(dataclasses.replace(meet("z", 1, "2020-05-04", (A, B)), location=None),),
            mentions=persons(A, B)),
    ]  # fmt: skip
    entries = [e for e in fuse(docs).timeline if e.date]
    assert len(entries) == 2
    assert sorted(len(e.doc_ids) for e in entries) == [1, 2]


def test_a_visits_parts_are_at_the_visited_place() -> None:
    """What the traveller did elsewhere that week is no part of the visit."""
    visit = Event("v-e1", 0, 10, "CONSULT", "visit", "042", source=(A,), target=("c:BBB",),
                  participants=(A, "c:BBB"), date="2020-05-04",
                  location=Location("Capital", "BBB"), confidence=0.8)  # fmt: skip
    there = _placed(meet("v", 2, "2020-05-05", (A, B), span=(11, 20)), "BBB")
    elsewhere = _placed(meet("v", 3, "2020-05-06", (A, C), span=(21, 30)), "CCC")
    d = doc("v", "2020-05-06", ["Ardent visited Boland.", "She met Bold.", "She met Cole."],
            events=(visit, there, elsewhere), mentions=persons(A, B, C))  # fmt: skip
    entries = {e.kind: e for e in fuse([d]).timeline}
    assert set(entries["visit"].event_ids) == {"v-e1", "v-e2"}
    assert entries["happening"].event_ids == ("v-e3",)


def test_history_is_flagged_apart_from_the_corpus_period() -> None:
    old = meet("h", 1, "2009", (A, B), historical=True)
    new = meet("h", 2, "2020-05-04", (A, B), span=(11, 20))
    d = doc("h", "2020-05-04", ["They first met in 2009.", "They met again."],
            events=(old, new), mentions=persons(A, B))  # fmt: skip
    flags = {e.date: e.flags for e in fuse([d]).timeline}
    assert "history" in flags["2009"] and "history" not in flags["2020-05-04"]


def test_a_title_names_the_main_reports_actors_not_the_most_named_person() -> None:
    """Issue 14: a leader named in every story of a war is not the actor of each happening."""
    names = {A: "Alice Ardent", B: "Boris Bold", C: "Carla Cole"}.get
    ev = dataclasses.replace(meet("m", 1, "2020-05-04", (C, B)), participants=(A, C, B))
    weak = dataclasses.replace(meet("n", 1, "2020-05-04", (C, B)), participants=(A, C, B),
                               confidence=0.6)  # fmt: skip
    docs = [doc("m", "2020-05-04", ["Cole met Bold, Ardent's rival."], events=(ev,),
                mentions=persons(A, B, C)),
            doc("n", "2020-05-04", ["Cole and Bold talked about Ardent."], events=(weak,),
                mentions=persons(A, B, C))]  # fmt: skip
    (entry,) = [e for e in fuse(docs, names=lambda a: names(a) or a).timeline if e.date]
    assert entry.title == "Talks: Carla Cole, Boris Bold"

"""The Spark refresh's keyed steps, without Spark: each equals the local function.

Documents of the seeds, our fusion and pledge folders, two articles one of which dates the
other and a third no date reaches, a copy, and a slice of t17-dev (meetings and visits day after day) are turned into
facts, grouped by each step's key with dicts (in a shuffled order: Spark gives a group's
members in any order), and each step's result is compared with the local fuser's; then the
whole refresh assembled from the steps with the local refresh, row for row.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.api import read, sample_corpus
from communique.config import Config
from communique.fuse import fuse
from communique.fuse.apply import _actors, _load_kb
from communique.fuse.crossdate import cross_date
from communique.fuse.merge import happenings, index_keys, reports
from communique.fuse.outcomes import judge
from communique.model import Document
from communique.pipeline import Pipeline
from communique.scale.corpus import refresh_rows
from communique.scale.facts import doc_facts, doc_reports
from communique.scale.pledges import Judged, earliest, keep_invitations, settle_targets
from communique.scale.steps import (
    HappeningGroups,
    UndatedEntries,
    VisitEntries,
    actor_row,
    add_mention,
    date_matches,
    doc_dating,
    group_ids,
    link_keys,
    mentions_of,
    undated_ids,
    visit_index,
    visit_requests,
)
from communique.store.rows import Provenance
from tests.test_crossdate import DATED, UNDATED

PROV = Provenance("v", "c", "r")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
T17 = ROOT.parent / "shared" / "corpus" / "t17-dev" / "LibyaWar_reuters" / "articles.jsonl.gz"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Document], dict[str, str]]:
    """Documents in doc_id order and their near-duplicate map (one copy)."""
    tmp, t17 = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("t17")
    (tmp / "dated.txt").write_text(DATED, encoding="utf-8")
    (tmp / "undated.txt").write_text(UNDATED.format(bound=""), encoding="utf-8")
    loose = UNDATED.format(bound="").replace("TALLINN, June 20 (Wire)", "TALLINN (Wire)")
    (tmp / "loose.txt").write_text(loose, encoding="utf-8")  # states no day: stays undated
    lines = gzip.decompress(T17.read_bytes()).splitlines()
    kept = [ln for ln in lines if str(json.loads(ln).get("text", "")).strip()][:40]
    (t17 / "libya.jsonl").write_bytes(b"\n".join(kept) + b"\n")
    pipeline = Pipeline(Config(event_coder="rules", today="2026-11-30"))
    inputs = [sample_corpus(), DATA / "fusion_two_outlets", DATA / "pledge_outcomes", tmp, t17]
    found = [pipeline(d) for d in read(inputs, {}, PROV) if isinstance(d, Document)]
    copy = pipeline(Document(doc_id="zz-copy", text=found[0].text, meta=found[0].meta))
    return sorted([*found, copy], key=lambda d: d.doc_id), {"zz-copy": found[0].doc_id}


class Facts:
    """The facts of a corpus by tag, each tag's pairs in a shuffled order."""

    def __init__(self, facts: Iterable[tuple[str, Any, Any]], seed: int = 7) -> None:
        self.by_tag: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
        for tag, key, value in facts:
            self.by_tag[tag].append((key, value))
        for pairs in self.by_tag.values():
            random.Random(seed).shuffle(pairs)

    def __getitem__(self, tag: str) -> list[tuple[Any, Any]]:
        return self.by_tag.get(tag, [])


def group(*pairs: list[tuple[Any, Any]]) -> Iterator[tuple[Any, tuple[list[Any], ...]]]:
    """Spark's cogroup: each key with the values of each input."""
    found: dict[Any, tuple[list[Any], ...]] = {}
    for n, part in enumerate(pairs):
        for key, value in part:
            found.setdefault(key, tuple([] for _ in pairs))[n].append(value)
    yield from found.items()


def components(edges: Iterable[tuple[str, str]], nodes: Iterable[str]) -> dict[str, str]:
    """Each node's smallest component member (union-find)."""
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in parent}


def the_facts(docs: list[Document], dups: dict[str, str]) -> Facts:
    return Facts(f for d in docs for f in doc_facts(d, d.doc_id in dups))


def keyed_actors(facts: Facts) -> dict[str, Any]:
    acc: dict[str, Any] = {}
    for aid, m in facts["mention"]:
        acc[aid] = add_mention(acc[aid], m) if aid in acc else mentions_of(m)
    return {aid: actor_row(aid, m) for aid, m in acc.items()}


def keyed_dating(facts: Facts) -> dict[str, Any]:
    matches: dict[str, list[Any]] = defaultdict(list)
    for key, g in group(facts["cand"], facts["probe"]):
        for doc_id, m in date_matches((key, g)):
            matches[doc_id].append(m)
    return dict(x for doc_id, ms in matches.items() for x in doc_dating((doc_id, ms)))


def keyed_reports(docs: list[Document], dups: dict[str, str], facts: Facts) -> Facts:
    country: dict[str, Any] = {}
    for aid, m in facts["home"]:
        country[aid] = min(country.get(aid, m), m, key=lambda x: x[0])
    homes: dict[str, dict[str, str]] = defaultdict(dict)
    for person, doc_id in facts["need"]:
        if person in country:
            homes[doc_id][person] = country[person][1]
    copies: dict[str, list[str]] = defaultdict(list)
    for c, original in dups.items():
        copies[original].append(c)
    dating = keyed_dating(facts)
    return Facts(
        f
        for d in docs
        if d.doc_id not in dups
        for f in doc_reports(d, homes[d.doc_id], dating.get(d.doc_id), tuple(copies[d.doc_id]))
    )


def keyed_happenings(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    links = [(k, rid, own) for rid, item in items for k, own in link_keys(item)]
    edges = []
    for _, members in group([(k, (rid, own)) for k, rid, own in links]):
        (nodes,) = members
        if any(own for _, own in nodes):
            head = min(rid for rid, _ in nodes)
            edges += [(head, rid) for rid, _ in nodes]
    label = components(edges, [rid for rid, _ in items])
    ranks: dict[Any, str] = {}
    for rid, item in items:
        for k in index_keys(item.report):
            ranks[k] = min(ranks.get(k, rid), rid)
    records = [(label[rid], ("item", rid, item)) for rid, item in items]
    keys = {(label[rid], k) for rid, item in items for k in index_keys(item.report)}
    records += [(lab, ("rank", k, ranks[k])) for lab, k in keys]
    return [g for key, (rs,) in group(records) for g in HappeningGroups()((key, rs))]


def keyed_timeline(groups: list[tuple[str, Any]], undated: list[tuple[str, Any]],
                   names: dict[str, str], first_day: str | None) -> list[tuple[str, str, str]]:  # fmt: skip
    requests = [r for g in groups for r in visit_requests(g)]
    index = [x for g in groups for x in visit_index(g)]
    edges = [
        (anchor, gid)
        for _, (asks, found) in group(requests, index)
        for anchor, host in asks
        for gid, (places, countries) in found
        if (not places and host in countries) or places == {host}
    ]
    label = components(edges, [gid for gid, _ in groups])
    units = [(label[gid], (gid, g)) for gid, g in groups]
    rows = []
    for key, (members,) in group(units):
        wanted = {a: names[a] for m in members for a in group_ids(m) if a in names}
        rows += VisitEntries(first_day)((key, (members, wanted)))
    for doc_id, (docs,) in group(undated):
        wanted = {a: names[a] for d in docs for a in undated_ids(d) if a in names}
        rows += UndatedEntries()((doc_id, (docs, wanted)))
    return rows


def keyed_pledges(facts: Facts, today: str) -> list[tuple[str, str, str]]:
    settled: dict[Any, Any] = {}
    invited: dict[Any, Any] = {}
    for g in group(facts["target"], facts["actual"]):
        for key, found in settle_targets(g):
            settled[key] = earliest(settled[key], found) if key in settled else found
    for g in group(facts["invite"], facts["visit"]):
        for key, found in keep_invitations(g):
            invited[key] = earliest(invited[key], found) if key in invited else found
    judged = Judged(today)
    parts = (facts["pledge"], list(settled.items()), list(invited.items()))
    return [r for g in group(*parts) for r in judged(g)]


def test_actors_by_actor_id_are_the_local_actors(corpus: Any) -> None:
    docs, dups = corpus
    rows = keyed_actors(the_facts(docs, dups))
    want = _actors(docs, _load_kb())
    assert want and [rows[a] for a in sorted(rows)] == want


def test_cross_dating_by_family_and_persons_is_the_local_cross_dating(corpus: Any) -> None:
    docs, dups = corpus
    originals = [d for d in docs if d.doc_id not in dups]
    dates = {d.doc_id: d.meta.published for d in originals if d.meta.published}
    want = cross_date(originals, reports(originals, dates))
    found = keyed_dating(the_facts(docs, dups))
    assert want and [found[d.doc_id] for d in want] == want and len(found) == len(want)


def test_reports_with_joined_home_countries_are_the_local_reports(corpus: Any) -> None:
    docs, dups = corpus
    originals = [d for d in docs if d.doc_id not in dups]
    dates = {d.doc_id: d.meta.published for d in originals if d.meta.published}
    dates.update({d.doc_id: d.published for d in keyed_dating(the_facts(docs, dups)).values()})
    items = sorted(keyed_reports(docs, dups, the_facts(docs, dups))["item"])
    want = reports(originals, dates)
    assert [i.report for _, i in items] == want and any(r.homes for r in want)


def test_happenings_by_components_are_the_local_happenings(corpus: Any) -> None:
    """(Run on a component with the component's own key order instead of the corpus's, the
    local function gives other happenings on this corpus: the ranks are needed.)"""
    docs, dups = corpus
    items = sorted(keyed_reports(docs, dups, the_facts(docs, dups))["item"])
    found = sorted(keyed_happenings(items))
    want = happenings([i.report for _, i in items])
    assert [[i.report for i in g] for _, g in found] == want
    assert max(len(g) for g in want) > 2 and len(want) > 50


def test_the_timeline_by_components_is_the_local_timeline(corpus: Any) -> None:
    docs, dups = corpus
    facts = the_facts(docs, dups)
    per_doc = keyed_reports(docs, dups, facts)
    names = {a: r["name"] for a, r in keyed_actors(facts).items()}
    first_day = min(day for _, day in facts["first_day"])
    rows = keyed_timeline(keyed_happenings(per_doc["item"]), per_doc["undated"], names, first_day)
    from communique.fuse.apply import _entry_row, _name_lookup

    local = fuse(docs, _name_lookup(list(keyed_actors(facts).values()), _load_kb()), dups, False)
    want = [json.loads(json.dumps(_entry_row(e))) for e in local.timeline]
    assert [json.loads(r) for _, _, r in sorted(rows, key=lambda r: r[1])] == want
    assert any(e.parts for e in local.timeline) and any(e.date is None for e in local.timeline)
    assert any("history" in e.flags for e in local.timeline)


def test_pledges_by_unit_and_invitee_are_the_local_judge(corpus: Any) -> None:
    docs, dups = corpus
    today = "2015-06-01"
    rows = sorted(keyed_pledges(the_facts(docs, dups), today), key=lambda r: r[1])
    want = judge(docs, today)
    assert [json.loads(r)[1] for _, _, r in rows] == [p.status for p in want]
    assert {"kept", "missed"} <= {p.status for p in want}
    assert ("invitation", "kept") in {(p.kind, p.status) for p in want}
    from communique.store.rows import dumps

    assert [json.loads(r) for _, _, r in rows] == [
        [p.pledge_id, p.status, dumps(p.evidence)] for p in want
    ]


def test_the_keyed_refresh_is_the_local_refresh(corpus: Any) -> None:
    docs, dups = corpus
    facts = the_facts(docs, dups)
    per_doc = keyed_reports(docs, dups, facts)
    actors = keyed_actors(facts)
    names = {a: r["name"] for a, r in actors.items()}
    first_day = min(day for _, day in facts["first_day"])
    today = max(day for _, day in per_doc["date"])
    timeline = keyed_timeline(
        keyed_happenings(per_doc["item"]), per_doc["undated"], names, first_day
    )
    want = refresh_rows(docs, dups)
    got = {
        "actors": [actors[a] for a in sorted(actors)],
        "timeline": [json.loads(r) for _, _, r in sorted(timeline, key=lambda r: r[1])],
        "pledges": [
            json.loads(r) for _, _, r in sorted(keyed_pledges(facts, today), key=lambda r: r[1])
        ],
    }
    for kind in got:
        assert got[kind] == json.loads(json.dumps(want[kind])), kind

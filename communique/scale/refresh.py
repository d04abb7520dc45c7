"""The corpus-level refresh on Spark, as keyed steps, recomputing only what a run touches.

What :func:`communique.scale.corpus.refresh_rows` computes in one process (actors, the
timeline, cross-dating, pledge outcomes: ``fuse/apply.py``'s refresh less the figure
contradictions, :mod:`communique.scale.keyed`), computed here by groups, each exact
(:mod:`communique.scale.steps`, :mod:`communique.scale.pledges` say why):

1. each document to its facts (:mod:`communique.scale.facts`), decoded once;
2. actors by actor_id; home countries by person, joined to the documents naming them;
3. cross-dating by (family, persons), then by document;
4. each document's reports, with its home countries and final date;
5. happenings, visits and undated entries (:mod:`communique.scale.happen`);
6. pledges by unit and by invitee;
7. two scalars pass through the driver: the first publication day (the history flag) and
   the latest date (``today`` of the pledges). No document, row or map does.

Every step keeps its inputs and results by its key (:mod:`communique.scale.state`). A full
build computes every group. An append starts from the documents it *changes*: the new ones,
and those whose near-duplicate status changed (a copy found, or no longer one); their
originals' copies change too. Each step then recomputes only the groups under the keys
those changes reach, and passes on what changed in its results: the facts of the changed
documents give the keys touched (actors, persons, cross-dating keys, pledge groups); actors
whose name changed, persons whose home country changed and documents whose inferred date
changed give the documents to report again; their reports before and after give the
happenings components touched (:mod:`communique.scale.happen`), and so on. A new first
publication day recomputes every visit (the history flag), a new year of ``today`` judges
every pledge again.

Rows go to ``_refresh`` as ``(kind, key, JSON row)``: ``key`` sorts a kind's rows as the
local refresh lists them (:func:`communique.scale.load.load` sorts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from communique.scale import tables
from communique.scale.facts import DocFactLists, DocReportLists
from communique.scale.happen import happenings_step, undated_step, visits_step
from communique.scale.keyed import SEP
from communique.scale.pledges import Judged, earliest, keep_invitations, pledge_key, settle_targets
from communique.scale.rdd import Keys, Run, changed, cogroup, listed, tagged
from communique.scale.state import State
from communique.scale.steps import (
    actor_row,
    add_mention,
    as_json,
    date_matches,
    doc_dating,
    mentions_of,
    merge_mentions,
)

REFRESH_DDL = "kind string, key string, row string"


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: the units each step recomputed (-1: every one), the documents it
    found changed (``doc_id`` rows; None: a full refresh), the scalars to commit."""

    counts: dict[str, int]
    changed: Any
    scalars: dict[str, Any]


def write_refresh(spark: Any, state: State, docs: Any, dups: Any, out: str) -> Refreshed:
    """The refresh of ``docs`` (``_docs`` rows) with the near-duplicate map ``dups``,
    written to ``out``'s ``_refresh`` table, and the new state written beside ``state``
    (the caller commits it). With an earlier state, only what the changed documents reach
    is recomputed: those the state holds no facts of, or holds with another
    ``duplicate_of`` (so a run that failed before its commit is redone by the next)."""
    rows = docs.select("doc_id", "payload").join(dups, "doc_id", "left")
    run = Run(spark, max(2, spark.sparkContext.defaultParallelism), state)
    try:
        keys: tuple[Keys, Keys] = _changes(run, rows) if state.earlier else (None, None)
        made, scalars, counts = _steps(run, rows, dups, *keys)
        frame = spark.createDataFrame(made.values(), REFRESH_DDL)
        frame.write.mode("overwrite").parquet(f"{out}/{tables.REFRESH}")
        changed_docs = None
        if keys[0] is not None:
            found = keys[0].keys().map(lambda d: (d,))
            changed_docs = spark.createDataFrame(found, "doc_id string").localCheckpoint()
        return Refreshed(counts, changed_docs, scalars)
    finally:
        run.release()


def _changes(run: Run, rows: Any) -> tuple[Any, Any]:
    """The documents whose facts the state lacks or holds with another ``duplicate_of``,
    and the originals whose copies changed (those such a document is, or was, a copy of),
    as key sets."""
    now = rows.rdd.map(lambda r: (r.doc_id, r.duplicate_of))
    was = run.state.old("facts").mapValues(lambda v: v[0])
    both = now.leftOuterJoin(was.mapValues(lambda d: (d,)), run.n)
    moved = run.hold(both.filter(lambda kv: kv[1][1] is None or kv[1][1][0] != kv[1][0]))
    ends = moved.flatMap(lambda kv: [kv[1][0], (kv[1][1] or (None,))[0]])
    return run.hold(run.keys(moved.keys())), run.keys(ends.filter(lambda d: d is not None))


@dataclass(frozen=True)
class Facts:
    """Every document's facts, and the (tag, key) pairs of the changed documents' facts
    before and after (None: every key)."""

    flat: Any
    touched: Any

    def tagged(self, tag: str) -> Any:
        return tagged(self.flat, tag)

    def keys(self, run: Run, *tags: str) -> Keys:
        if self.touched is None:
            return None
        return run.hold(run.keys(self.touched.filter(lambda t: t[0] in tags).map(lambda t: t[1])))


def _steps(run: Run, rows: Any, dups: Any, docs: Keys, originals: Keys
           ) -> tuple[Any, dict[str, Any], dict[str, int]]:  # fmt: skip
    facts = _facts(run, rows, docs)
    actors, renamed, made = _actors(run, facts)
    homes, moved_homes = _homes(run, facts)
    datings, dated, redated = _cross_dating(run, facts, docs)
    need = facts.tagged("need")
    redo = None if docs is None else run.hold(run.either(
        docs, originals, run.keys(run.restrict(need, moved_homes).values()), redated))  # fmt: skip
    reports, moved = _reports(run, rows, dups, need, homes, datings, redo)
    scalars = {"first_day": _scalar(facts.tagged("first_day").values(), min),
               "today": _scalar(listed(reports, "date").values(), max) or ""}  # fmt: skip
    old = run.state.scalars
    names = actors.map(lambda kv: (kv[0], kv[1]["name"]))
    merged = happenings_step(run, reports, moved)
    whole = bool(old) and old.get("first_day") != scalars["first_day"]
    visits, v_units = visits_step(run, merged, renamed, scalars["first_day"], names, whole)
    undated, u_units = undated_step(run, reports, redo, renamed, names)
    rejudge = bool(old) and old.get("today", "")[:4] != scalars["today"][:4]
    pledges, p_units = _pledges(run, facts, scalars["today"], rejudge)
    updates, d_units = _document_updates(run, rows, dated, docs)
    units = {"a": made[1], "v": v_units, "u": u_units, "p": p_units, "d": d_units}
    fresh = [made[0], visits, undated, pledges, updates]
    found = _rows(run, fresh, units)
    counts = {"documents": _count(docs), "reports": _count(redo), "actors": _count(made[1]),
              "happening components": _count(merged.components),
              "happenings": _count(merged.undone), "visits": _count(v_units),
              "undated": _count(u_units), "pledges": _count(p_units)}  # fmt: skip
    return found, scalars, counts


def _count(keys: Keys) -> int:
    """How many units a step recomputed (-1: every one)."""
    return -1 if keys is None else int(keys.count())


def _facts(run: Run, rows: Any, docs: Keys) -> Facts:
    """Each changed document's facts (every document's in a full build), kept by document."""
    by_doc = rows.rdd.map(lambda r: (r.doc_id, r))
    fresh = run.hold(run.restrict(by_doc, docs).values().mapPartitions(DocFactLists()))
    touched = None
    if docs is not None:
        both = run.restrict(run.state.old("facts"), docs).union(fresh)
        pairs = both.flatMap(lambda kv: [(f[0], f[1]) for f in kv[1][1]])
        touched = run.hold(pairs.distinct(run.n))
    kept = run.renew("facts", fresh, docs)
    return Facts(run.hold(kept.flatMap(lambda kv: kv[1][1])), touched)


def _actors(run: Run, facts: Facts) -> tuple[Any, Keys, tuple[Any, Keys]]:
    """Actors by actor_id: every actor, those whose name changed, and the rows made with
    the units they replace."""
    ids = facts.keys(run, "mention")
    mentions = run.restrict(facts.tagged("mention"), ids)
    found = mentions.combineByKey(mentions_of, add_mention, merge_mentions, run.n)
    found = run.hold(found.map(lambda kv: (kv[0], actor_row(*kv))))
    renamed = None
    if ids is not None:
        was = run.restrict(run.state.old("actors"), ids).mapValues(lambda r: r["name"])
        renamed = run.hold(changed(run, was, found.mapValues(lambda r: r["name"])))
    actors = run.renew("actors", found, ids)
    made = found.map(lambda kv: (("a", kv[0]), ("actors", kv[0], as_json(kv[1]))))
    return actors, renamed, (made, _units("a", ids))


def _units(prefix: str, keys: Keys) -> Keys:
    return None if keys is None else keys.map(lambda kv: ((prefix, kv[0]), None))


def _homes(run: Run, facts: Facts) -> tuple[Any, Keys]:
    """Each person's home country (the first person mention with a country) and the
    persons whose home changed."""
    persons = facts.keys(run, "home")
    first = run.restrict(facts.tagged("home"), persons).reduceByKey(_first_mention, run.n)
    first = run.hold(first)
    moved = None
    if persons is not None:
        moved = changed(run, run.restrict(run.state.old("homes"), persons), first)
    return run.renew("homes", first, persons), moved


def _first_mention(a: Any, b: Any) -> Any:
    return min(a, b, key=lambda m: m[0])


def _cross_dating(run: Run, facts: Facts, docs: Keys) -> tuple[Any, Any, Keys]:
    """Every document's inferred date, those computed now, and the documents whose inferred
    date changed. A document is dated again when one of its probes' keys is touched."""
    keys = facts.keys(run, "cand", "probe")
    probes, cands, dating = facts.tagged("probe"), facts.tagged("cand"), None
    if keys is not None:
        named = run.restrict(probes, keys).map(lambda kv: kv[1].doc.doc_id)
        dating = run.hold(run.either(run.keys(named), docs))
        by_doc = probes.map(lambda kv: (kv[1].doc.doc_id, kv))
        probes = run.restrict(by_doc, dating).values()
        cands = run.restrict(cands, run.keys(probes.keys()))
    matches = cogroup(run.n, cands, probes).flatMap(date_matches)
    found = run.hold(matches.groupByKey(run.n).flatMap(doc_dating))
    redated = None
    if dating is not None:
        redated = run.hold(changed(run, run.restrict(run.state.old("datings"), dating), found))
    return run.renew("datings", found, dating), (found, dating), redated


def _reports(run: Run, rows: Any, dups: Any, need: Any, homes: Any, datings: Any,
             redo: Keys) -> tuple[Any, Any]:  # fmt: skip
    """The reports of each document that is no copy, kept by document; and ``(report id,
    Item)`` of the documents reported again, before and after (None: a full build)."""
    originals = rows.filter("duplicate_of IS NULL").rdd.map(lambda r: (r.doc_id, r.payload))
    if redo is not None:
        need = need.map(lambda kv: (kv[1], kv[0])).join(redo, run.n)
        need = need.map(lambda kv: (kv[1][0], kv[0]))
    homes_of = need.join(homes, run.n).map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1])))
    copies = dups.rdd.map(lambda r: (r.duplicate_of, r.doc_id))
    parts = [run.restrict(r, redo) for r in (originals, homes_of, datings, copies)]
    fresh = cogroup(run.n, *parts).map(DocReportLists()).filter(lambda kv: kv[1])
    fresh = run.hold(fresh)
    moved = None
    if redo is not None:
        was = run.restrict(run.state.old("reports"), redo)
        moved = run.hold(listed(was.union(fresh), "item"))
    return run.hold(run.renew("reports", fresh, redo)), moved


def _scalar(values: Any, pick: Callable[[Any, Any], Any]) -> Any:
    """The least or greatest of ``values`` (None when there are none): one value returns."""
    return values.aggregate(None, lambda a, b: _pick(pick, a, b), lambda a, b: _pick(pick, a, b))


def _pick(pick: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else pick(a, b)


def _document_updates(run: Run, rows: Any, dated: tuple[Any, Keys], docs: Keys
                      ) -> tuple[Any, Keys]:  # fmt: skip
    """The changed documents' ``duplicate_of`` and the dates cross-dating infers for those
    dated again, with the units they replace."""
    from communique.fuse.apply import _dating_update

    found, dating = dated
    by_doc = run.restrict(rows.rdd.map(lambda r: (r.doc_id, r.duplicate_of)), docs)
    dup = by_doc.map(
        lambda kv: (("d0", kv[0]), ("documents", SEP.join(("0", kv[0])),
                                     as_json([kv[0], {"duplicate_of": kv[1]}])))
    )  # fmt: skip
    new = found.map(
        lambda kv: (("d1", kv[0]), ("documents", SEP.join(("1", kv[0])),
                                     as_json(list(_dating_update(kv[1])))))
    )  # fmt: skip
    units = None
    if docs is not None:
        units = _units("d0", docs).union(_units("d1", dating))
    return dup.union(new), units


def _pledges(run: Run, facts: Facts, today: str, rejudge: bool) -> tuple[Any, Keys]:
    """Pledges judged: targets by unit and head word, invitations by invitee (each group's
    answers kept), then the pledges those groups hold (every pledge with a new year of
    ``today``)."""
    t_keys = facts.keys(run, "target", "actual")
    i_keys = facts.keys(run, "invite", "visit")
    targets = run.restrict(facts.tagged("target"), t_keys)
    invites = run.restrict(facts.tagged("invite"), i_keys)
    settled = cogroup(run.n, targets, run.restrict(facts.tagged("actual"), t_keys))
    settled = run.renew("targets", settled.flatMap(_by_group(settle_targets)), t_keys)
    kept = cogroup(run.n, invites, run.restrict(facts.tagged("visit"), i_keys))
    kept = run.renew("invites", kept.flatMap(_by_group(keep_invitations)), i_keys)
    judge = None
    if facts.touched is not None and not rejudge:
        ours = facts.touched.filter(lambda t: t[0] == "pledge").map(lambda t: t[1])
        held = targets.values().union(invites.values()).map(lambda v: v[0])
        judge = run.hold(run.keys(ours.union(held)))
    best = [run.restrict(r.values(), judge).reduceByKey(earliest, run.n) for r in (settled, kept)]
    judged = cogroup(run.n, run.restrict(facts.tagged("pledge"), judge), *best)
    made = judged.flatMap(Judged(today)).map(lambda r: (("p", r[1]), r))
    units = None if judge is None else judge.map(lambda kv: (("p", pledge_key(*kv[0])), None))
    return made, units


def _by_group(step: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    """A pledge step's answers, ``(pledge, settled)``, kept under the group's key."""
    return lambda group: [(group[0], found) for found in step(group)]


def _rows(run: Run, fresh: list[Any], units: dict[str, Keys]) -> Any:
    """Every refresh row, ``(unit, (kind, key, row))``: the kept ones less those of the
    units recomputed (a whole step's every unit), and the new ones."""
    made = run.spark.sparkContext.union(fresh)
    if all(u is None for u in units.values()):
        return run.state.keep("rows", made)
    old = run.state.old("rows")
    whole = frozenset(p for p, u in units.items() if u is None)
    old = old.filter(lambda kv: kv[0][0][0] not in whole)
    gone = [u for u in units.values() if u is not None]
    kept = old.subtractByKey(run.spark.sparkContext.union(gone), run.n)
    return run.state.keep("rows", kept.union(made))

"""Document dating measured: real news with known creation dates (TBAQ, MEANTIME) and the
dating suite of articles we wrote (``tests/dating/``).

Each case is a text, the date a careful reader gives it (day, month or year precision, or
none), and a split. The dater sees only the text: no metadata, no file name. A case is

* ``right``: the dater's date equals the expected one (for a case the text cannot settle,
  right means left undated);
* ``wrong``: the dater's date contradicts the expected one (another day, month or year) —
  the confident error the issue calls the worst;
* ``vague``: anything else (undated, or coarser than expected, or finer than the text allows).

For TBAQ and MEANTIME, "with a stated date" means the text writes the creation day in one of
the usual forms (ISO, "Month D, YYYY", "D Month YYYY", "MM/DD/YYYY", "YYYYMMDD"); the issue's
target (0.95 dated to the day) is over those, and no document may be ``wrong``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from communique.config import Config
from communique.nlp.date_values import compatible
from communique.nlp.timex_eval_meantime import load_meantime

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Case:
    case_id: str
    text: str
    expected: str  # YYYY-MM-DD / YYYY-MM / YYYY, or "" when the text cannot settle it
    split: str  # dev / test
    corpus: str
    candidates: tuple[str, ...] = ()
    window: str = ""
    stated: bool = True  # the text writes the expected day (TBAQ/MEANTIME), else unknown
    partner: str = ""  # for a pair: the other article's case id
    same_happening: bool = False


@dataclass(frozen=True)
class Outcome:
    case: Case
    published: str | None
    source: str | None
    evidence: str | None
    window: str | None = None

    @property
    def verdict(self) -> str:
        got, want = self.published or "", self.case.expected
        if not want:
            return "right" if not got else "wrong"
        if got == want:
            return "right"
        if got and not compatible(got, want):
            return "wrong"
        return "vague"


@dataclass
class Score:
    n: int = 0
    right: int = 0
    wrong: int = 0
    cross_dated: int = 0  # unrelated pairs: B took A's date
    # wrong, but the day given is one the text itself writes in full (a stamp a day after
    # the dateline): inside the text's own window, unlike the other wrong ones
    wrong_in_text: int = 0
    wrong_ids: list[str] = field(default_factory=list)

    def add(self, o: Outcome, partner_date: str | None = None) -> None:
        self.n += 1
        v = o.verdict
        self.right += v == "right"
        if v == "wrong":
            self.wrong += 1
            self.wrong_ids.append(o.case.case_id)
            got = o.published or ""
            self.wrong_in_text += len(got) == 10 and states(o.case.text, got)
        if (
            o.case.partner
            and not o.case.same_happening
            and partner_date
            and o.published
            and o.published == partner_date
            and o.published != o.case.expected
        ):
            self.cross_dated += 1

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0


def split_of(key: str) -> str:
    """dev or test, by a hash of the key: fixed before anyone looks at an error."""
    return "test" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 else "dev"


def day_forms(day: str) -> list[str]:
    """The usual ways news writes one day (to tell whether a text states its own date)."""
    d = date.fromisoformat(day)
    month = _MONTHS[d.month - 1]
    return [
        d.isoformat(),
        f"{month} {d.day}, {d.year}",
        f"{month} {d.day:02d}, {d.year}",
        f"{month[:3]}. {d.day}, {d.year}",
        f"{month[:3]} {d.day}, {d.year}",
        f"{d.day} {month} {d.year}",
        f"{d.day} {month[:3]} {d.year}",
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        f"{d.month}/{d.day}/{d.year}",
        f"{d.year}{d.month:02d}{d.day:02d}",
    ]


def states(text: str, day: str) -> bool:
    folded = " ".join(text.split())
    return any(form in folded for form in day_forms(day))


# -- TBAQ ------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def tbaq_text(raw: str) -> tuple[str, str, str]:
    """(doc id, creation day, text as a wire file shows it: title, header lines, body). The
    document id is removed from the header line; the DCT element is not part of the text."""
    docid = re.search(r"<DOCID>(.*?)</DOCID>", raw, re.S)
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw) or re.search(
        r'value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"', raw
    )
    name = docid.group(1).strip() if docid else ""
    parts = []
    for tag in ("TITLE", "EXTRAINFO", "TEXT"):
        m = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S)
        if m:
            parts.append(html.unescape(_TAG.sub("", m.group(1))).replace(name, "").strip())
    return name, (dct.group(1)[:10] if dct else ""), "\n\n".join(p for p in parts if p)


def tbaq_cases(root: Path) -> Iterator[Case]:
    for sub in ("TimeBank", "AQUAINT"):
        for path in sorted((root / sub).glob("*.tml")):
            name, day, text = tbaq_text(path.read_text(encoding="utf-8"))
            if len(day) == 10:
                yield Case(f"tbaq-{name}", text, day, split_of(name), "tbaq",
                           stated=states(text, day))  # fmt: skip


def meantime_cases(root: Path) -> Iterator[Case]:
    """MEANTIME's WikiNews articles: all held out (never tuned on)."""
    for d in load_meantime(root):
        yield Case(f"meantime-{d.name}", d.text, d.dct[:10], "test", "meantime",
                   stated=states(d.text, d.dct[:10]))  # fmt: skip


# -- the dating suite ------------------------------------------------------------------------


def suite_cases(folder: Path) -> Iterator[Case]:
    """Every row of ``folder/cases_*.csv``; a pair's rows name each other as partners."""
    for path in sorted(folder.glob("cases_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        ids = {r["id"] for r in rows}
        for r in rows:
            partner = ""
            if r["id"].endswith(("-a", "-b")):
                other = r["id"][:-1] + ("b" if r["id"].endswith("-a") else "a")
                partner = other if other in ids else ""
            yield Case(
                case_id=r["id"],
                text=(folder / "articles" / r["files"]).read_text(encoding="utf-8"),
                expected=r["published"].strip(),
                split=r["split"].strip(),
                corpus=path.stem.removeprefix("cases_"),
                candidates=tuple(c for c in r.get("candidates", "").split(";") if c),
                window=r.get("window", "").strip(),
                stated=False,
                partner=partner,
                same_happening=r.get("same_happening", "").strip() == "yes",
            )


def score(outcomes: Iterable[Outcome], split: str | None = None) -> Score:
    by_id = {o.case.case_id: o for o in outcomes}
    s = Score()
    for o in by_id.values():
        if split and o.case.split != split:
            continue
        partner = by_id.get(o.case.partner)
        s.add(o, partner.published if partner else None)
    return s


def table(rows: Sequence[tuple[str, Score]]) -> str:
    lines = [
        "| data | n | right | accuracy | wrong (of which the text writes our date) | cross-dated |",
        "|---|---|---|---|---|---|",
    ]
    for label, s in rows:
        lines.append(f"| {label} | {s.n} | {s.right} | {s.accuracy:.3f} | {s.wrong} "
                     f"({s.wrong_in_text}) | {s.cross_dated} |")  # fmt: skip
    return "\n".join(lines)


# -- running the dater -----------------------------------------------------------------------


def date_each(cases: Sequence[Case], config: Config | None = None) -> list[Outcome]:
    """Each text alone through ingest and the per-document stages up to dating."""
    from communique.ingest.document import to_document
    from communique.ingest.sources import RawDoc
    from communique.pipeline import Pipeline

    config = config or Config(stages=("sentences", "mentions", "dating"))
    pipe = Pipeline(config)
    out = []
    for c in cases:
        doc = pipe(to_document(RawDoc(c.case_id, c.text, doc_id=c.case_id)))
        m = doc.meta
        out.append(Outcome(c, m.published, m.published_source, m.published_evidence,
                           m.published_window))  # fmt: skip
    return out


def date_by_build(
    cases: Sequence[Case], workdir: Path, config: Config | None = None
) -> list[Outcome]:
    """All texts built together into one store (so cross-document dating can act, for better
    or worse); each written to ``workdir`` as ``<case id>.txt``."""
    from communique.api import build
    from communique.serve.export import export_rows
    from communique.store.duckdb_store import DuckDBStore

    folder = workdir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for c in cases:
        (folder / f"{c.case_id}.txt").write_text(c.text, encoding="utf-8")
    db = workdir / "dating.duckdb"
    build([folder], db, config)
    with DuckDBStore(db, read_only=True) as store:
        docs = {r["doc_id"]: r for r in export_rows(store, "documents")}
    return [
        Outcome(c, (r := docs.get(c.case_id, {})).get("published"), r.get("published_source"),
                r.get("published_evidence"), r.get("published_window"))
        for c in cases
    ]  # fmt: skip

"""Compile the knowledge base shipped in ``communique/kb/data/``.

    python -m communique.kb.build [--shared ../shared]

Sources (facts only; each row records where it came from):
- ``reference/actors/countries.csv`` (NGEC, MIT): ISO codes, names, nationality forms;
- ``reference/actors/CountryInfo.120116.txt`` (CC BY-SA 3.0): capitals, major cities, and
  presidents, prime ministers, monarchs and party leaders with dated terms (to ~2011);
- ``communique/kb/curated/*.csv``: our own rows (one file per group of countries) for recent
  terms and the roles the references lack (speakers, foreign ministers, vice-presidents, heads
  of international organizations), each with its source; a curated term overrides a
  reference row that overlaps it;
- ``curated/reference_fixes.csv``: corrections to reference rows a curated term cannot
  override (``communique.kb.fixes``);
- ``curated/relations.csv`` and ``curated/meetings.csv``: the fact tables of
  ``communique.kb.facts``.

Heads of organizations carry the organization's code as their country: the country table
lists UN, EU, NATO and ASEAN (which the mention stage takes for organizations); the codes of
``OFFICE_ONLY_ORGS`` are valid in office rows only (in the country table the mention stage
would take them for states).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from communique.kb import facts
from communique.kb.base import ROLE_RANK
from communique.kb.fixes import apply_fixes, read_fixes, unused
from communique.kb.fold import slug
from communique.kb.office_row import OfficeRow
from communique.kb.reign import close_with_reign, reign_rows

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[2] / "shared"

# metonyms for governments: facts about where governments sit
CAPITAL_ALIASES = {
    "RUS": ("Kremlin", "the Kremlin"),
    "USA": ("White House", "Washington"),
    "GBR": ("Downing Street", "Whitehall"),
    "FRA": ("Elysee", "Élysée"),
    "CHN": ("Zhongnanhai",),
    "KOR": ("Seoul",),
    "VNM": ("Hanoi",),
}
# summit and resort venues the reference city lists lack (facts: the city and its country)
EXTRA_CITIES = {
    "RUS": ("Sochi", "Vladivostok", "Kazan"),
    "VNM": ("Da Nang", "Danang", "Hue", "Ha Long"),
    "USA": ("Camp David", "Honolulu"),
    "CHE": ("Geneva", "Davos", "Zurich"),
    "CHN": ("Shanghai", "Hangzhou", "Xi'an", "Qingdao"),
    "IDN": ("Bali", "Nusa Dua"),
    "KAZ": ("Astana",),
    "JPN": ("Hiroshima", "Osaka"),
    "LBY": ("Benghazi", "Misrata", "Ajdabiya", "Sirte", "Zawiya", "Ras Lanuf", "Brega"),
}
# international organizations in the country table (codes as communique.nlp.mentions knows
# them); "UNO" and "EUR" come with the reference country list
ORGANIZATIONS = {
    "NATO": ("North Atlantic Treaty Organization", ("North Atlantic Alliance",), ("NATO",)),
    "ASEAN": ("Association of Southeast Asian Nations", (), ("ASEAN",)),
}
# organizations whose heads are office holders but which stay out of the country table
OFFICE_ONLY_ORGS = {
    "IMF": "International Monetary Fund", "WBG": "World Bank Group",
    "WTO": "World Trade Organization", "WHO": "World Health Organization", "AU": "African Union",
}  # fmt: skip
# the curated tables that are not office terms
FACT_TABLES = frozenset(("relations.csv", "meetings.csv", "reference_fixes.csv"))
OFFICE_COLUMNS = ("name", "aliases", "country", "role", "title", "start", "end", "source")
ROLE_OF_TAG = (
    (re.compile(r"vice|deputy|governor|regent|acting"), None),
    # a council of ministers is the government; a council of state is a collective head of
    # state (East Germany, Cambodia 1981-93), whose chairman is the head of state
    (re.compile(r"prime minister|premier|chancellor|"
                r"(?:chairm|presiden)\w* of the council of (?!state(?! secretar))"), "head_of_government"),
    (re.compile(r"secretar\w* of the (?:central committee|communist|party)|party"), "party_leader"),
    (re.compile(r"president|king|queen|emir|sultan|monarch|emperor|head of state|"
                r"chairm\w* of the (?:presidium|state|council of state)|supreme leader"),
     "head_of_state"),
)  # fmt: skip


NOT_A_PERSON = re.compile(
    r"\b(?:Council|Committee|Junta|Military|Government|Front|Command|Army|Party|Directory|"
    r"Commission|Regency|Presidium|Provisional|Collective)\b"
)


def _title_case(token: str) -> str:
    token = re.sub(r"[\x00-\x1f]", "", token)
    words = token.strip("_ ").replace("_", " ").split()
    return " ".join(
        w if w.isupper() and len(w) <= 3 and "." in w else w.capitalize() for w in words
    )


def _yyyymmdd(text: str) -> str:
    text = text.strip()
    if not re.fullmatch(r"\d{8}", text):
        return ""
    y, m, d = text[:4], text[4:6], text[6:8]
    if m == "01" and d == "01":
        return y
    return f"{y}-{m}" if d in ("00", "01") else f"{y}-{m}-{d}"


def _blocks(path: Path) -> Iterator[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    yield from re.findall(r"<Country>(.*?)</Country>", text, re.S)


def _tag(block: str, name: str) -> list[str]:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    if not m:
        return []
    lines = [ln.split("#")[0].strip() for ln in m.group(1).splitlines()]
    return [ln for ln in lines if ln]


def _leaders(block: str, iso3: str) -> Iterator[OfficeRow]:
    leaders = re.search(r"<Leaders>(.*?)</Leaders>", block, re.S)
    if not leaders:
        return
    for tag, body in re.findall(r"<([^/>][^>]*)>(.*?)</\1>", leaders.group(1), re.S):
        role = next((r for pat, r in ROLE_OF_TAG if pat.search(tag.lower())), None)
        if role is None:
            continue
        for line in body.splitlines():
            m = re.match(r"\s*([A-Z][^\s\[]*)\s+(.*)", line)
            if not m or line.strip().startswith("#"):
                continue
            name = _title_case(m.group(1))
            if NOT_A_PERSON.search(name):
                continue
            # a term starting before its holder was born is another person's dates copied
            # onto the line (NLD: Mark Rutte, born 1967, given Victor Marijnen's 1963-65)
            born = re.search(r"\[B:(\d{4})", m.group(2))
            for start, end in re.findall(r"\[>?(\d{8})(?:\s*-\s*(\d{8}))?\]", m.group(2)):
                if born and start[:4] < born.group(1):
                    continue
                yield OfficeRow(
                    slug(name), name, "", iso3, role, tag.strip().title(), _yyyymmdd(start),
                    _yyyymmdd(end), "CountryInfo.120116 (CC BY-SA 3.0)",
                )  # fmt: skip


def build_countries(shared: Path) -> list[dict[str, str]]:
    info = {}
    for block in _blocks(shared / "reference/actors/CountryInfo.120116.txt"):
        code = _tag(block, "CountryCode")
        if code:
            info[code[0]] = block
    rows = []
    with (shared / "reference/actors/countries.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            iso3 = rec["CCA3"].strip()
            block = info.get(iso3, "")
            forms = [f.strip() for f in rec["Nationality"].split(",") if f.strip()]
            demonyms = [f for f in forms if f.split()[0][0].isupper() and len(f.split()) == 1]
            names = [f for f in forms if len(f.split()) > 1]
            capital = [_title_case(c) for c in _tag(block, "Capital")]
            cities = [_title_case(c) for c in _tag(block, "MajorCities")]
            extra = EXTRA_CITIES.get(iso3, ())
            rows.append(
                {
                    "iso3": iso3,
                    "name": rec["Name"].strip(),
                    "names": ";".join(names),
                    "demonyms": ";".join(demonyms),
                    "capital": capital[0] if capital else "",
                    "capital_aliases": ";".join(CAPITAL_ALIASES.get(iso3, ())),
                    "cities": ";".join(dict.fromkeys(capital[1:] + cities + list(extra))),
                }
            )
    known = {r["iso3"] for r in rows}
    for org, (full, other, short) in ORGANIZATIONS.items():
        if org not in known:
            rows.append({"iso3": org, "name": full, "names": ";".join((full, *other)),
                         "demonyms": ";".join(short), "capital": "", "capital_aliases": "",
                         "cities": ""})  # fmt: skip
    return rows


def _iso3(code: str, valid: set[str]) -> str | None:
    """The ISO code of a CountryInfo block: plain ("VNM"), compound ("GBRVGB": the territory)
    or dated successions ("[YUGSRB <...][SRB >20030101]": the current state)."""
    found = [c for c in re.findall(r"[A-Z]{3}", code) if c in valid]
    return found[-1] if found else None


def curated_offices(curated: Path, valid: set[str]) -> list[OfficeRow]:
    """The curated office terms: every table in ``curated`` but the fact tables."""
    rows = []
    for path in sorted(curated.glob("*.csv")):
        if path.name in FACT_TABLES:
            continue
        with path.open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != OFFICE_COLUMNS:
                raise ValueError(f"{path.name}: not an office table ({','.join(OFFICE_COLUMNS)})")
            for n, rec in enumerate(reader, start=2):
                row = OfficeRow(slug(rec["name"]), **{k: rec[k] or "" for k in OFFICE_COLUMNS})
                _check_curated(row, valid, f"{path.name}:{n}")
                rows.append(row)
    return rows


DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


def _check_curated(r: OfficeRow, valid: set[str], where: str) -> None:
    checks = (
        (not r.name, "no name"), (not r.source, "no source"),
        (r.role not in ROLE_RANK, f"unknown role {r.role!r}"),
        (bool(r.country) and r.country not in valid, f"unknown country {r.country!r}"),
        (not DATE.fullmatch(r.start), f"bad start {r.start!r}"),
        (bool(r.end) and not DATE.fullmatch(r.end), f"bad end {r.end!r}"),
        (bool(r.end) and r.end[: len(r.start)] < r.start[: len(r.end)], "ends before it starts"),
    )  # fmt: skip
    if found := [problem for bad, problem in checks if bad]:
        raise ValueError(f"{where}: {'; '.join(found)}")


def build_offices(
    shared: Path, valid: set[str], curated: Path = HERE / "curated"
) -> list[OfficeRow]:
    rows: list[OfficeRow] = []
    for block in _blocks(shared / "reference/actors/CountryInfo.120116.txt"):
        code = _tag(block, "CountryCode")
        iso3 = _iso3(code[0], valid) if code else None
        if iso3:
            rows.extend(_leaders(block, iso3))
    fixes, used = read_fixes(curated / "reference_fixes.csv"), set[int]()
    rows = apply_fixes(rows, fixes, used)
    rows.extend(curated_offices(curated, valid | set(OFFICE_ONLY_ORGS)))
    reign = shared / "reference/actors/leaderlist_3_21.csv"
    rows = close_with_reign(reign, rows)
    rows.extend(apply_fixes(reign_rows(reign, rows), fixes, used))
    if stale := unused(fixes, used):
        raise ValueError(f"reference_fixes.csv: no reference row matches {stale[0]}")
    return _curated_wins(_close_open_terms(rows))


def _month(date: str, *, end: bool) -> str:
    if not date:
        return "9999-12" if end else "0000-01"
    return date[:7] if len(date) >= 7 else f"{date[:4]}-{'12' if end else '01'}"


def _curated_wins(rows: list[OfficeRow]) -> list[OfficeRow]:
    """One office has one holder at a time: a reference row whose term overlaps a curated
    term of the same office by more than the handover month is dropped (it is the same
    person under another spelling, or a stale or misfiled entry)."""
    curated: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in rows:
        if r.source.startswith("curated"):
            span = (_month(r.start, end=False), _month(r.end, end=True))
            curated.setdefault((r.country, r.role), []).append(span)

    def clashes(r: OfficeRow) -> bool:
        start, end = _month(r.start, end=False), _month(r.end, end=True)
        return any(start < c_end and c_start < end
                   for c_start, c_end in curated.get((r.country, r.role), ()))  # fmt: skip

    return [r for r in rows if r.source.startswith("curated") or not clashes(r)]


def _close_open_terms(rows: list[OfficeRow]) -> list[OfficeRow]:
    """An open-ended term in a dated source ends where the next holder's term starts; so
    does one whose end the source gives only as a year (its "0101" dates) when the next
    holder starts within that year (ARG: Rodriguez Saa, 2001-12-23 to "2002", overlapped
    Duhalde's whole first year)."""
    starts: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r.start:
            starts.setdefault((r.country, r.role), []).append(r.start)
    out = []
    for r in rows:
        if (not r.end or len(r.end) == 4) and r.start and r.source.startswith("CountryInfo"):
            later = [s for s in starts.get((r.country, r.role), [])
                     if s[:7] > r.start[:7] and (not r.end or s[:4] == r.end)]  # fmt: skip
            if later:
                r = dataclasses.replace(r, end=min(later))
        out.append(r)
    return out


def write(shared: Path, out: Path) -> tuple[int, int]:
    countries = build_countries(shared)
    offices = build_offices(shared, {c["iso3"] for c in countries})
    out.mkdir(parents=True, exist_ok=True)
    with (out / "countries.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(countries[0]))
        w.writeheader()
        w.writerows(countries)
    with (out / "offices.csv").open("w", encoding="utf-8", newline="") as fh:
        fields = list(OfficeRow.__dataclass_fields__)
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows({f: getattr(r, f) for f in fields} for r in offices)
    facts.write(HERE / "curated", out, {c["iso3"] for c in countries})
    return len(countries), len(offices)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=HERE / "data")
    args = ap.parse_args()
    n_c, n_o = write(args.shared, args.out)
    print(f"wrote {n_c} countries and {n_o} office terms to {args.out}")


if __name__ == "__main__":
    main()

"""Compile the knowledge base shipped in ``communique/kb/data/``.

    python -m communique.kb.build [--shared ../shared]

Sources (facts only; each row records where it came from):
- ``reference/actors/countries.csv`` (NGEC, MIT): ISO codes, names, nationality forms;
- ``reference/actors/CountryInfo.120116.txt`` (CC BY-SA 3.0): capitals, major cities, and
  presidents, prime ministers, monarchs and party leaders with dated terms (to ~2011);
- ``communique/kb/curated/*.csv``: our own rows (one file per group of countries) for recent
  terms and the roles the references lack (speakers, foreign ministers), each with its
  source; a curated term overrides a reference row that overlaps it.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

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
ROLE_OF_TAG = (
    (re.compile(r"vice|deputy|governor|regent|acting"), None),
    (re.compile(r"prime minister|premier|chancellor|chairm\w* of the council of"), "head_of_government"),
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
            for start, end in re.findall(r"\[>?(\d{8})(?:\s*-\s*(\d{8}))?\]", m.group(2)):
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
    return rows


def _iso3(code: str, valid: set[str]) -> str | None:
    """The ISO code of a CountryInfo block: plain ("VNM"), compound ("GBRVGB": the territory)
    or dated successions ("[YUGSRB <...][SRB >20030101]": the current state)."""
    found = [c for c in re.findall(r"[A-Z]{3}", code) if c in valid]
    return found[-1] if found else None


def build_offices(shared: Path, valid: set[str]) -> list[OfficeRow]:
    rows: list[OfficeRow] = []
    for block in _blocks(shared / "reference/actors/CountryInfo.120116.txt"):
        code = _tag(block, "CountryCode")
        iso3 = _iso3(code[0], valid) if code else None
        if iso3:
            rows.extend(_leaders(block, iso3))
    for path in sorted((HERE / "curated").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                rows.append(OfficeRow(slug(rec["name"]), **{k: rec[k] or "" for k in (
                    "name", "aliases", "country", "role", "title", "start", "end", "source")}))  # fmt: skip
    reign = shared / "reference/actors/leaderlist_3_21.csv"
    rows = close_with_reign(reign, rows)
    rows.extend(reign_rows(reign, rows))
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
    """An open-ended term in a dated source ends where the next holder's term starts."""
    starts: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r.start:
            starts.setdefault((r.country, r.role), []).append(r.start)
    out = []
    for r in rows:
        if not r.end and r.start and r.source.startswith("CountryInfo"):
            later = [s for s in starts.get((r.country, r.role), []) if s[:7] > r.start[:7]]
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

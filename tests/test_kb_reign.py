"""REIGN gap-filling: state codes mapped by matching leaders, new leaders as role 'leader'."""

from __future__ import annotations

from pathlib import Path

from communique.kb import KnowledgeBase
from communique.kb.base import role_matches
from communique.kb.office_row import OfficeRow
from communique.kb.reign import SOURCE, reign_rows

HEADER = "stateabb,ccode,leadid,leader,sdate,smonth,syear,emonth,eyear\n"


def _row(name: str, iso: str, start: str, end: str) -> OfficeRow:
    return OfficeRow(name.lower().replace(" ", "-"), name, "", iso, "head_of_government",
                     "Prime Minister", start, end, "test")  # fmt: skip


def _reign_csv(folder: Path, *lines: str) -> Path:
    path = folder / "reign.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_state_code_mapped_through_known_leaders_and_new_leader_added(tmp_path: Path) -> None:
    csv_path = _reign_csv(
        tmp_path,
        "XYZ,1,a,Ann Example,1,1,1990,6,1999",
        "XYZ,1,b,Bloggs,2,6,1999,3,2008",
        "XYZ,1,c,Carla Newname,5,3,2008,,",
        "XYZ,1,d,Old Gap,1,1,1950,1,1955",  # ended before the gap: not added
        "QQQ,2,e,Nobody Known,1,1,2012,,",  # no known leader: no country, skipped
    )
    known = [_row("Ann Example", "FRA", "1990-01", "1999-06"),
             _row("Joe Bloggs", "FRA", "1999-06", "2008-03")]  # fmt: skip
    new = reign_rows(csv_path, known)
    assert [(r.name, r.country, r.role, r.start, r.end, r.source) for r in new] == [
        ("Carla Newname", "FRA", "leader", "2008-03-05", "", SOURCE)
    ]


def test_leader_fits_any_top_office_and_fills_holders_only_as_a_fallback() -> None:
    assert role_matches("leader", "head_of_state")
    assert role_matches("leader", "head_of_government")
    assert not role_matches("leader", "foreign_minister")
    assert not role_matches("head_of_state", "head_of_government")
    kb = KnowledgeBase.load()
    # New Zealand after the older reference: known only from REIGN, as its effective leader
    assert [a.name for a in kb.holders("NZL", "head_of_government", "2019-01-01")] == [
        "Jacinda Ardern"
    ]
    # where an exact office holder is known, the fallback is not used
    assert [a.name for a in kb.holders("USA", "head_of_state", "2019-01-01")] == ["Donald Trump"]


def test_open_reference_terms_closed_only_by_reign_ends_after_its_horizon(tmp_path: Path) -> None:
    from communique.kb.reign import close_with_reign

    csv_path = _reign_csv(
        tmp_path,
        "XYZ,1,a,Ann Example,1,1,1990,6,1999",
        "XYZ,1,b,Bloggs,2,6,2004,3,2013",
        "XYZ,1,k,King Solo,1,1,1975,11,1975",
    )
    rows = [_row("Ann Example", "FRA", "1990-01", "1999-06"),
            _row("Joe Bloggs", "FRA", "2004-06", ""),
            _row("King Solo", "FRA", "1975-01", "")]  # fmt: skip
    closed = {r.name: r.end for r in close_with_reign(csv_path, rows)}
    assert closed == {"Ann Example": "1999-06", "Joe Bloggs": "2013-03", "King Solo": ""}

"""The knowledge-base build's checks of curated rows and its corrections of reference rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.kb.build import curated_offices
from communique.kb.fixes import apply_fixes, read_fixes, unused
from communique.kb.office_row import OfficeRow

HEADER = "name,aliases,country,role,title,start,end,source\n"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("A B,,VNM,chief,,2020,,s", "unknown role"),
        ("A B,,XXX,head_of_state,,2020,,s", "unknown country"),
        ("A B,,VNM,head_of_state,,2020-05,2020-04,s", "ends before it starts"),
        ("A B,,VNM,head_of_state,,May 2020,,s", "bad start"),
        ("A B,,VNM,head_of_state,,2020,,", "no source"),
    ],
)
def test_curated_rows_are_checked(tmp_path: Path, row: str, problem: str) -> None:
    (tmp_path / "offices_x.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        curated_offices(tmp_path, {"VNM"})


def test_fact_tables_are_not_read_as_offices(tmp_path: Path) -> None:
    (tmp_path / "relations.csv").write_text("a,b,established,source\n", encoding="utf-8")
    (tmp_path / "offices_x.csv").write_text(HEADER + "A B,,,secretary_general,,2020,,s\n",
                                            encoding="utf-8")  # fmt: skip
    assert [r.actor_id for r in curated_offices(tmp_path, set())] == ["a-b"]


def _row(name: str, source: str = "CountryInfo") -> OfficeRow:
    return OfficeRow(name.lower().replace(" ", "-"), name, "", "DEU", "head_of_state", "T",
                     "1976-10-29", "1989-10-24", source)  # fmt: skip


def test_fixes_correct_reference_rows_only(tmp_path: Path) -> None:
    path = tmp_path / "reference_fixes.csv"
    path.write_text(
        "name,country,role,start,fix,reason\n"
        "Erich Honecker,DEU,head_of_state,,country=|title=Chairman (GDR),the GDR's\n"
        "Showa Tenno,DEU,head_of_state,1976,drop,twice\n"
        "Nobody Here,DEU,head_of_state,,drop,stale\n",
        encoding="utf-8",
    )
    fixes, used = read_fixes(path), set[int]()
    rows = [_row("Erich Honecker"), _row("Erich Honecker", "curated: ours"), _row("Showa Tenno")]
    out = apply_fixes(rows, fixes, used)
    assert [(r.name, r.country, r.title) for r in out] == [
        ("Erich Honecker", "", "Chairman (GDR)"), ("Erich Honecker", "DEU", "T")]  # fmt: skip
    assert out[0].source.startswith("CountryInfo; corrected (country, title): the GDR's")
    assert [f.actor_id for f in unused(fixes, used)] == ["nobody-here"]

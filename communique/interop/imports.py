"""Reading other event data sets to put beside communique's: GDELT 2.0 event files and
ICEWS-style tab-separated files, as :class:`ForeignEvent` rows.

GDELT 2.0: tab-separated, no header, 61 columns (:mod:`.gdelt_columns`), as shipped
(``20150218230000.export.CSV``, or zipped: ``.export.CSV.zip``). ICEWS: tab-separated with a
header row naming at least ``Event ID``, ``Event Date``, ``Source Country``, ``Target Country``
and ``CAMEO Code`` (its other columns are read when present); countries are names, read as
ISO3 codes. A malformed file raises :class:`~communique.errors.MalformedInput` naming the line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.errors import MalformedInput, UnreadableInput
from communique.interop.codes import quad_class
from communique.interop.gdelt_columns import COLUMNS
from communique.serve import params

FORMATS = ("gdelt", "icews")
ICEWS_NEEDS = ("Event ID", "Event Date", "Source Country", "Target Country", "CAMEO Code")
csv.field_size_limit(1 << 24)


@dataclass(frozen=True)
class ForeignEvent:
    """One event of another data set, in the few fields a comparison needs."""

    dataset: str  # "gdelt" / "icews"
    event_id: str
    date: str  # YYYY-MM-DD
    source_name: str | None
    source_country: str | None  # ISO3 (or a CAMEO code GDELT uses for a region)
    target_name: str | None
    target_country: str | None
    cameo: str | None
    quad: int | None
    goldstein: float | None
    url: str | None


def read_events(path: Path | str, fmt: str) -> list[ForeignEvent]:
    """Every event of a GDELT 2.0 (``fmt="gdelt"``) or ICEWS (``"icews"``) file."""
    if fmt not in FORMATS:
        raise MalformedInput(f"unknown event format {fmt!r}; choose gdelt or icews", str(path))
    lines = _lines(Path(path))
    return list(_gdelt(lines, str(path)) if fmt == "gdelt" else _icews(lines, str(path)))


def _lines(path: Path) -> list[str]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if not n.endswith("/")]
                if len(names) != 1:
                    raise MalformedInput(f"a zip of one file is expected, it has {len(names)}",
                                         str(path))  # fmt: skip
                data = z.read(names[0])
        else:
            data = path.read_bytes()
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnreadableInput(f"cannot read: {exc}", str(path)) from exc
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.splitlines()


def _gdelt(lines: list[str], src: str) -> Iterator[ForeignEvent]:
    col = {name: i for i, name in enumerate(COLUMNS)}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) != len(COLUMNS):
            raise MalformedInput(f"line {n} has {len(f)} columns, GDELT 2.0 events have "
                                 f"{len(COLUMNS)}", src)  # fmt: skip
        date = f[col["SQLDATE"]]
        if not (len(date) == 8 and date.isdigit()):
            raise MalformedInput(f"line {n}: SQLDATE {date!r} is not YYYYMMDD", src)
        code = f[col["EventCode"]] or None
        quad = f[col["QuadClass"]]
        yield ForeignEvent(
            "gdelt", f[0], f"{date[:4]}-{date[4:6]}-{date[6:]}",
            f[col["Actor1Name"]] or None, f[col["Actor1CountryCode"]] or None,
            f[col["Actor2Name"]] or None, f[col["Actor2CountryCode"]] or None,
            code, int(quad) if quad.isdigit() else quad_class(code, None),
            _float(f[col["GoldsteinScale"]]), f[col["SOURCEURL"]] or None,
        )  # fmt: skip


def _icews(lines: list[str], src: str) -> Iterator[ForeignEvent]:
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t",
                            quoting=csv.QUOTE_NONE)  # fmt: skip
    missing = [c for c in ICEWS_NEEDS if c not in (reader.fieldnames or [])]
    if missing:
        raise MalformedInput(f"not an ICEWS file: no column {', '.join(missing)}", src)
    for n, row in enumerate(reader, start=2):
        date = (row.get("Event Date") or "").strip()
        if len(date) < 10 or not date[:4].isdigit():
            raise MalformedInput(f"line {n}: Event Date {date!r} is not YYYY-MM-DD", src)
        code = _cameo(row.get("CAMEO Code"))
        yield ForeignEvent(
            "icews", (row.get("Event ID") or "").strip(), date[:10],
            row.get("Source Name") or None, _country(row.get("Source Country")),
            row.get("Target Name") or None, _country(row.get("Target Country")),
            code, quad_class(code, None), _float(row.get("Intensity")),
            None,
        )  # fmt: skip


def _cameo(value: str | None) -> str | None:
    """A CAMEO code as text: "42" (a spreadsheet's 042) back to "042"."""
    code = (value or "").strip()
    if not code.isdigit():
        return None
    return code.zfill(3) if len(code) < 2 or (len(code) == 2 and int(code) > 20) else code


def _country(name: str | None) -> str | None:
    """A country name (or code) as its ISO3 code; None when the knowledge base has none."""
    if not name or not name.strip():
        return None
    try:
        return params.country(name)
    except params.BadValue:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None

"""The GDELT 2.0 event table's 61 columns, in their order, and which of them hold text.

Codes (CAMEO actor and event codes, geographic codes) are text even when they look like
numbers: EventCode "040" is not 40. Read a file with ``dtype=TEXT_DTYPES`` in pandas.
"""

from __future__ import annotations


def _actor(n: int) -> tuple[str, ...]:
    return tuple(f"Actor{n}{f}" for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code"))  # fmt: skip


def _geo(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}Geo_{f}" for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
        "FeatureID"))  # fmt: skip


COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *_actor(1), *_actor(2),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *_geo("Actor1"), *_geo("Actor2"), *_geo("Action"),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

_NUMERIC = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "IsRootEvent",
            "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
            "AvgTone", "DATEADDED"}  # fmt: skip
_NUMERIC_GEO = ("Type", "Lat", "Long")
TEXT: tuple[str, ...] = tuple(
    c for c in COLUMNS if c not in _NUMERIC and not c.endswith(tuple("_" + g for g in _NUMERIC_GEO))
)
TEXT_DTYPES: dict[str, str] = dict.fromkeys(TEXT, "string")

"""Reading a built database from Python: ``communique.open(path)`` gives a :class:`Record`
whose methods return typed rows (:mod:`communique.typed`) in :class:`~communique.frames.Results`.

The filters are the JSON API's and the CLI's, read by the same code
(:mod:`communique.serve.params`, :mod:`communique.serve.reader`): the same values are
accepted, with the same errors (:class:`~communique.serve.params.BadValue`, code E600).
The database is opened read-only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict, TypeVar, Unpack

import duckdb

from communique.errors import StoreError
from communique.frames import Results
from communique.serve import params
from communique.serve.lists import SPECS
from communique.serve.reader import Filters, decode_row, filtered, sort_order
from communique.store.duckdb_store import DuckDBStore
from communique.store.schema import MIGRATIONS
from communique.store.snapshot import open_reader
from communique.typed import (
    Actor,
    Contradiction,
    Document,
    Event,
    Figure,
    Pledge,
    TimelineEntry,
    from_row,
)

R = TypeVar("R")

# the order rows come in when no ``sort`` is given: oldest first, undated last
DEFAULT_SORT = {
    "events": "date",
    "timeline": "date",
    "pledges": "made",
    "figures": "period",
    "documents": "published",
    "actors": "-events",
    "contradictions": "subject",
}
# a CAMEO code given as ``type`` filters these lists (events by their code, the timeline by
# the codes of its events); the SQL takes the code as a bound prefix
_CAMEO_SQL = {
    "events": "starts_with(cameo, ?)",
    "timeline": """list_has_any(from_json(event_ids, '["VARCHAR"]'),
        (SELECT coalesce(list(event_id), []::VARCHAR[]) FROM events
         WHERE starts_with(cameo, ?)))""",
}
Day = str | dt.date


class Filter(TypedDict, total=False):
    """The keyword arguments every list method takes (all optional)."""

    date_from: Day  # YYYY, YYYY-MM, YYYY-MM-DD or a date: on or after (undated: by window)
    date_to: Day
    actor: str  # an actor id or part of a name
    country: str | Sequence[str]  # ISO3 code or English name; several must all take part
    type: str  # PLOVER type, any case (consult), or a CAMEO code (04, 042)
    context: str  # PLOVER context (economic, military, ...)
    outlet: str
    q: str  # text search
    status: str  # pledges: open / kept / missed / unknown
    kind: str  # figures, pledges, actors, timeline entries, contradictions
    sort: str  # a column of the list's sorts, "-" first for descending
    limit: int | None  # at most this many rows (None: all)


_KEYS = frozenset(Filter.__annotations__)
# the API's parameter names that are other keywords here
_KEYWORDS = {"from": "date_from", "to": "date_to", "from/to": "date_from/date_to",
             "countries": "country"}  # fmt: skip


class Record:
    """A communique database, read-only. Use as a context manager, or :meth:`close` it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._store = open_reader(self.path)  # never waits for (nor blocks) a build
        try:
            _check_schema(self._store)
        except StoreError:
            self._store.close()
            raise

    def __enter__(self) -> Record:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<communique.Record {str(self.path)!r}>"

    def close(self) -> None:
        self._store.close()

    def events(self, **filters: Unpack[Filter]) -> Results[Event]:
        """Events, each read from one sentence of one document."""
        return self._read("events", Event, filters)

    def timeline(self, **filters: Unpack[Filter]) -> Results[TimelineEntry]:
        """Merged happenings, the reports of every document behind each; undated ones last."""
        return self._read("timeline", TimelineEntry, filters)

    def actors(self, **filters: Unpack[Filter]) -> Results[Actor]:
        """People, countries and organizations mentioned, the most active first."""
        return self._read("actors", Actor, filters)

    def pledges(self, **filters: Unpack[Filter]) -> Results[Pledge]:
        """Promises made, with the status later documents give them."""
        return self._read("pledges", Pledge, filters)

    def figures(self, **filters: Unpack[Filter]) -> Results[Figure]:
        """Figures stated (trade, aid, casualties, ...), in base units."""
        return self._read("figures", Figure, filters)

    def documents(self, **filters: Unpack[Filter]) -> Results[Document]:
        """The documents read, with their cleaned text."""
        return self._read("documents", Document, filters)

    def contradictions(self, **filters: Unpack[Filter]) -> Results[Contradiction]:
        """Figures on which the sources disagree."""
        return self._read("contradictions", Contradiction, filters)

    def _read(self, name: str, cls: type[R], given: Mapping[str, Any]) -> Results[R]:
        try:
            return self._query(name, cls, given)
        except params.BadValue as exc:  # named as the API names it: say the keyword instead
            if exc.param not in _KEYWORDS:
                raise
            raise params.BadValue(_KEYWORDS[exc.param], exc.detail) from None

    def _query(self, name: str, cls: type[R], given: Mapping[str, Any]) -> Results[R]:
        spec = SPECS[name]
        f, cameo = filters_for(name, given)
        _, order = sort_order(spec, given.get("sort") or DEFAULT_SORT[name])
        sql, args = filtered(self._store, spec, f)
        if cameo is not None:
            sql, args = f"SELECT * FROM ({sql}) AS c WHERE {_CAMEO_SQL[name]}", [*args, cameo]
        sql += f" ORDER BY {order}"
        limit = _limit(given.get("limit"))
        if limit is not None:
            sql, args = sql + " LIMIT ?", [*args, limit]
        rows = self._store.query(sql, args)
        return Results(tuple(_typed(name, cls, decode_row(r, spec.json_cols)) for r in rows), cls)


def open(path: str | Path) -> Record:  # shadows the builtin here only: communique.open
    """Open the database a ``communique build`` wrote, read-only."""
    return Record(path)


def filters_for(name: str, given: Mapping[str, Any]) -> tuple[Filters, str | None]:
    """The list filters for keyword arguments, each checked as the API checks it, and the
    CAMEO code ``type`` gave (None when it gave a PLOVER type or nothing)."""
    unknown = sorted(set(given) - _KEYS)
    if unknown:
        raise TypeError(
            f"{name}() got unexpected keyword arguments {', '.join(unknown)}; "
            f"filters: {', '.join(sorted(_KEYS))}"
        )
    start, end = _day(given.get("date_from"), "date_from"), _day(given.get("date_to"), "date_to")
    params.check_range(start, end)
    plover, cameo = _type(name, given.get("type"))
    status, kind = given.get("status"), given.get("kind")
    if status and name != "pledges":
        raise params.BadValue("status", f"{name} cannot be filtered by status")
    filters = Filters(
        start=start,
        end=end,
        actor=_text(given.get("actor"), "actor"),
        countries=_countries(given.get("country")),
        type=plover,
        context=params.context(given["context"]) if given.get("context") else None,
        outlet=_text(given.get("outlet"), "outlet"),
        q=_text(given.get("q"), "q"),
        status=params.pledge_status(status) if status else None,
        kind=params.kind(kind, name) if kind else None,
    )
    return filters, cameo


def _day(value: Day | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise params.BadValue(name, "a date: YYYY, YYYY-MM, YYYY-MM-DD or a datetime.date")
    return params.check_date(value, name)


def _text(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise params.BadValue(name, "a string")
    return params.text(value, name)


def _countries(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return params.countries(value)
    codes = [params.country(str(v)) for v in value]
    if len(codes) > params.MAX_COUNTRIES:
        raise params.BadValue("countries", f"at most {params.MAX_COUNTRIES}")
    return tuple(dict.fromkeys(codes))


def _type(name: str, value: str | None) -> tuple[str | None, str | None]:
    """(PLOVER type, CAMEO code) for a ``type`` value."""
    if not value:
        return None, None
    code = value.strip()
    if not code.isdigit():
        return params.event_type(value), None
    if name not in _CAMEO_SQL:
        raise params.BadValue("type", f"a CAMEO code filters {' and '.join(_CAMEO_SQL)} only")
    if not 2 <= len(code) <= 4 or not any(c.startswith(code) for c in _cameo_codes()):
        raise params.BadValue("type", f"{params.shown(value)} is not a CAMEO event code")
    return None, code


@functools.cache
def _cameo_codes() -> frozenset[str]:
    from communique.extract.classify import cameo_table

    return frozenset(cameo_table())


def _limit(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise params.BadValue("limit", "a whole number of at least 1, or None for all rows")
    return value


def _typed(name: str, cls: type[R], row: dict[str, Any]) -> R:
    if name == "contradictions":  # the list calls its period "date", as every list does
        row["period"] = row.pop("date")
    return from_row(cls, row)


def _check_schema(store: DuckDBStore) -> None:
    try:
        version = store.scalar("SELECT max(version) FROM schema_migrations")
    except duckdb.Error:
        raise StoreError("not a communique database", source=store.path) from None
    latest = MIGRATIONS[-1].version
    if version is None or version < latest:
        raise StoreError(
            f"written by an older communique (schema {version}, now {latest}): "
            "run communique build on it once to upgrade",
            source=store.path,
        )

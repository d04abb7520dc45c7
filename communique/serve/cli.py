"""The ``communique`` command: a thin shell over the library. Only the ``cli`` modules print
(``build``/``load`` in :mod:`cli_build`, ``import-events``/``compare`` in :mod:`cli_interop`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from communique import __version__
from communique.errors import CommuniqueError
from communique.interop.dispatch import FORMATS as INTEROP_FORMATS
from communique.interop.dispatch import REPORT as INTEROP_REPORT
from communique.serve import params
from communique.serve.cli_build import build, load
from communique.serve.cli_common import DEFAULT_DB
from communique.serve.cli_common import fail as _fail
from communique.serve.cli_interop import compare, import_events
from communique.serve.export import EXPORTS
from communique.serve.params import BadValue
from communique.store.duckdb_store import DuckDBStore
from communique.store.snapshot import open_reader

if TYPE_CHECKING:
    pass


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
def cli() -> None:
    """communique: international-relations news turned into an evidence-linked record."""


@cli.command()
@click.argument(
    "what",
    type=click.Choice([*EXPORTS, INTEROP_REPORT]),
)
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", *INTEROP_FORMATS]),
    default="jsonl",
    show_default=True,
    help="jsonl, csv, parquet: any WHAT. gdelt, plover: events. timelinejs: timeline. "
    "graphml, gexf: actors (the network). markdown, html: report (docs/interop.md).",
)
@click.option("--a", "country_a", help="report: the first country (ISO3 code or name).")
@click.option("--b", "country_b", help="report: the second country.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
def export(
    what: str, db: str, fmt: str, country_a: str | None, country_b: str | None, output: Path | None
) -> None:
    """Export WHAT following the contract (docs/contract.md), or in an interchange format.

    CSV cells that a spreadsheet would run as formulas (=, +, -, @ first) start with an
    apostrophe; the file is written whole or not at all (its folder must exist).
    """
    from communique.serve.export import export_columns, export_rows, write_export
    from communique.store.snapshot import open_reader

    if fmt in INTEROP_FORMATS or what == INTEROP_REPORT:
        _export_interop(what, db, fmt, (country_a, country_b), output)
        return
    try:
        with open_reader(db) as store:  # a build running: the last one it published
            columns = export_columns(store, what)
            n = write_export(export_rows(store, what), fmt, output or sys.stdout, columns)
    except CommuniqueError as exc:
        _fail(exc)
        return
    if output:
        click.echo(f"wrote {n} {what} rows to {output}", err=True)


def _export_interop(
    what: str, db: str, fmt: str, pair: tuple[str | None, str | None], output: Path | None
) -> None:
    """``export`` in an interchange format (communique.interop)."""
    from communique.interop import Options, check, write_interop
    from communique.store.snapshot import open_reader

    try:
        check(what, fmt)
        with open_reader(db) as store:
            n = write_interop(store, what, fmt, output or sys.stdout, Options(*pair))
    except CommuniqueError as exc:
        _fail(exc)
        return
    if output:
        click.echo(f"wrote {n} {what} records as {fmt} to {output}", err=True)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
def info(db: str) -> None:
    """What the store holds: counts per table, schema version, last runs.

    While a build is writing DB, what the last completed build published."""
    from communique.store.snapshot import open_reader, reading_snapshot_of_a_build

    try:
        store = open_reader(db)
    except CommuniqueError as exc:
        _fail(exc)
        return
    with store:
        version = store.scalar("SELECT max(version) FROM schema_migrations")
        click.echo(f"{db}: schema version {version}")
        if reading_snapshot_of_a_build(store, db):
            click.echo("  a build is writing it: the counts of the last completed build")
        for table in (
            "documents",
            "actors",
            "mentions",
            "times",
            "events",
            "figures",
            "pledges",
            "timeline",
            "contradictions",
        ):
            click.echo(f"  {table:<14} {store.count(table):>8}")
        dups = store.scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")
        click.echo(f"  near-duplicate documents: {dups}")
        for r in store.query(
            "SELECT run_id, finished_at, added, skipped, failed, pipeline_version, config_hash "
            "FROM runs ORDER BY finished_at DESC LIMIT 5"
        ):
            click.echo(
                f"  run {r['run_id']} {r['finished_at']:%Y-%m-%d %H:%M}: +{r['added']} "
                f"={r['skipped']} !{r['failed']} (v{r['pipeline_version']}, "
                f"config {r['config_hash']})"
            )


def _checked(check: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback reading an option with one of :mod:`communique.serve.params`."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return check(value)
        except BadValue as exc:
            raise click.BadParameter(exc.detail, ctx=ctx, param=param) from None

    return callback


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option(
    "--from",
    "start",
    callback=_checked(params.check_date),
    help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD). Undated entries are kept out of a "
    "date range unless their window overlaps it.",
)
@click.option(
    "--to",
    "end",
    callback=_checked(params.check_date),
    help="Latest date (undated entries: as for --from).",
)
@click.option("--actor", help="Only entries naming this actor (part of a name).")
@click.option(
    "--country",
    callback=_checked(params.countries),
    help="Only entries in which this country takes part: an ISO3 code or an English name "
    "(VNM, Vietnam); several, comma-separated, must all take part.",
)
@click.option(
    "--type",
    "kind",
    callback=_checked(params.event_type),
    help="Only entries holding an event of this PLOVER type, any case: "
    + ", ".join(params.PLOVER_TYPES)
    + ".",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "tilse"]),
    default="text",
    show_default=True,
    help="tilse: a summarized timeline of the whole corpus in the Timeline17 format "
    "(dated days only: undated entries are left out).",
)
@click.option("--max-dates", type=int, help="Summarize: at most N dates (implies tilse mode).")
@click.option("--sentences-per-date", type=int, help="Summarize: K sentences per date.")
def timeline(
    db: str,
    start: str | None,
    end: str | None,
    actor: str | None,
    country: tuple[str, ...] | None,
    kind: str | None,
    fmt: str,
    max_dates: int | None,
    sentences_per_date: int | None,
) -> None:
    """A readable timeline of merged happenings, each with its sources.

    Happenings no date reaches follow in an Undated section, one entry per document and
    happening, each with the window its document lies in (or "no window").

    With --max-dates/--sentences-per-date or --format tilse, a timeline summary the benchmark
    way instead: the most referred-to days of the whole corpus, each with its most central
    sentences (extractive), as in Timeline17.
    """
    import json

    from communique.fuse.timeline import filter_entries, format_timeline
    from communique.serve.export import export_rows

    try:
        params.check_range(start, end)
    except BadValue as exc:
        raise click.BadParameter(exc.detail, param_hint="'--from' / '--to'") from None
    if fmt == "tilse" or max_dates is not None or sentences_per_date is not None:
        n = 10 if max_dates is None else max_dates
        _summary(db, start, end, n, 1 if sentences_per_date is None else sentences_per_date, fmt)
        return
    try:
        with open_reader(db) as store:
            entries = list(export_rows(store, "timeline"))
            keep = _entry_ids(store, country or (), kind) if country or kind else None
    except CommuniqueError as exc:
        _fail(exc)
        return
    entries = filter_entries(entries, start, end, actor, None)
    if keep is not None:
        entries = [e for e in entries if e["entry_id"] in keep]
    if fmt == "jsonl":
        for e in entries:
            click.echo(json.dumps(e, ensure_ascii=False))
    else:
        click.echo(format_timeline(entries) or "no timeline entries match")


def _entry_ids(store: DuckDBStore, countries: tuple[str, ...], kind: str | None) -> set[str]:
    """Timeline entries in which all ``countries`` take part, holding an event of ``kind``
    (the API's filters: a country takes part through any of its actors)."""
    from communique.serve.lists import SPECS
    from communique.serve.reader import Filters, filtered

    inner, args = filtered(store, SPECS["timeline"], Filters(countries=countries, type=kind))
    return {r["entry_id"] for r in store.query(f"SELECT entry_id FROM ({inner}) AS t", args)}


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB file to serve.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Serve the web UI and JSON API over DB, read-only (every page has a .json twin).

    Builds may add to DB meanwhile: the server reads the snapshot each build publishes
    (DB.snapshots/) and serves the next one from the moment it is published.
    """
    import uvicorn

    from communique.serve.app import create_app

    try:
        app = create_app(db)
    except CommuniqueError as exc:
        _fail(exc)
        return
    click.echo(f"serving {db} read-only on http://{host}:{port}/ (API schema: /openapi.json)")
    if app.state.store.following:
        click.echo("builds may add to it meanwhile: each is served once it completes")
    else:
        click.echo(f"no snapshot can be written next to {db}: serving the file itself, so "
                   "builds must wait until the server stops", err=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _summary(db: str, start: str | None, end: str | None, n: int, k: int, fmt: str) -> None:
    import json

    from communique.fuse.tls import TlsRequest, format_tilse, summarize

    if n < 1 or k < 1:
        _fail(CommuniqueError("--max-dates and --sentences-per-date must be at least 1"))
    try:
        with open_reader(db) as store:
            days = summarize(store, TlsRequest(n, k, start, end))
    except CommuniqueError as exc:
        _fail(exc)
        return
    if fmt == "jsonl":
        for d in days:
            sents = [{"doc_id": s.doc_id, "span": [s.start, s.end], "text": s.text}
                     for s in d.sentences]  # fmt: skip
            click.echo(json.dumps({"date": d.date, "score": d.score, "sentences": sents}))
    else:
        click.echo(format_tilse(days), nl=False)


for _command in (build, load, import_events, compare):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="communique")


if __name__ == "__main__":
    main()

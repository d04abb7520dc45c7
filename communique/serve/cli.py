"""The ``communique`` command: a thin shell over the library. Only this module prints."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from communique import __version__
from communique.config import Config
from communique.errors import CommuniqueError
from communique.serve import params
from communique.serve.export import EXPORTS
from communique.serve.params import BadValue
from communique.store.duckdb_store import DuckDBStore

DEFAULT_DB = "communique.duckdb"


def _fail(exc: CommuniqueError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
def cli() -> None:
    """communique: international-relations news turned into an evidence-linked record."""


@cli.command()
@click.argument("corpus", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB file to build into.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--coder",
    type=click.Choice(["learned", "rules"]),
    default="learned",
    show_default=True,
    help="Event coder: the shipped model (docs/coder.md) or the trigger rules alone.",
)
def build(corpus: tuple[Path, ...], db: str, quiet: bool, coder: str) -> None:
    """Ingest, analyse and fuse CORPUS (files, folders, globs; txt, html, jsonl(.gz), warc).

    With no CORPUS, builds the short sample articles shipped with communique.
    Incremental and idempotent: documents already stored unchanged are skipped.
    """
    from tqdm import tqdm

    from communique.api import build as run_build
    from communique.api import sample_corpus

    inputs = list(corpus) or [sample_corpus()]
    if not corpus:
        click.echo(f"no corpus given: building the sample articles in {inputs[0]}", err=True)
    bar = tqdm(unit="doc", desc="build", disable=quiet, file=sys.stderr)
    try:
        report = run_build(inputs, db, progress=bar.update, config=Config(event_coder=coder))
    except CommuniqueError as exc:
        bar.close()
        _fail(exc)
        return
    bar.close()
    for f in report.failures:
        click.echo(f"failed: {f}", err=True)
    click.echo(
        f"read {report.read} documents: {report.added} added, {report.skipped} skipped "
        f"(unchanged), {report.failed} failed"
    )
    click.echo("in the store: " + ", ".join(f"{v} {k}" for k, v in report.corpus.items()))
    if report.languages:
        langs = ", ".join(f"{n} {lang}" for lang, n in report.languages.items())
        click.echo(f"documents by language: {langs}")
    if n := report.not_extracted:
        click.echo(
            f"{n} document{'s' if n > 1 else ''} not extracted: communique extracts English "
            "only (each says so in its notes: communique export documents)"
        )
    _print_found(db)
    if report.failures:
        sys.exit(1)


def _print_found(db: str) -> None:
    from communique.store.duckdb_store import DuckDBStore

    with DuckDBStore(db, read_only=True) as store:
        rows = store.query("SELECT date, title FROM timeline ORDER BY date DESC NULLS LAST LIMIT 5")
    if rows:
        click.echo("latest timeline entries:")
        for r in rows:
            click.echo(f"  {r['date'] or '?':<10}  {r['title']}")


@cli.command()
@click.argument(
    "what",
    type=click.Choice(list(EXPORTS)),
)
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
def export(what: str, db: str, fmt: str, output: Path | None) -> None:
    """Export WHAT following the contract (docs/contract.md)."""
    from communique.serve.export import export_rows, write_export
    from communique.store.duckdb_store import DuckDBStore

    try:
        with DuckDBStore(db, read_only=True) as store:
            n = write_export(export_rows(store, what), fmt, output or sys.stdout)
    except CommuniqueError as exc:
        _fail(exc)
        return
    if output:
        click.echo(f"wrote {n} {what} rows to {output}", err=True)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
def info(db: str) -> None:
    """What the store holds: counts per table, schema version, last runs."""
    from communique.store.duckdb_store import DuckDBStore

    try:
        store = DuckDBStore(db, read_only=True)
    except CommuniqueError as exc:
        _fail(exc)
        return
    with store:
        version = store.scalar("SELECT max(version) FROM schema_migrations")
        click.echo(f"{db}: schema version {version}")
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
        with DuckDBStore(db, read_only=True) as store:
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
    """Serve the web UI and JSON API over DB, read-only (every page has a .json twin)."""
    import uvicorn

    from communique.serve.app import create_app

    try:
        app = create_app(db)
    except CommuniqueError as exc:
        _fail(exc)
        return
    click.echo(f"serving {db} read-only on http://{host}:{port}/ (API schema: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _summary(db: str, start: str | None, end: str | None, n: int, k: int, fmt: str) -> None:
    import json

    from communique.fuse.tls import TlsRequest, format_tilse, summarize

    if n < 1 or k < 1:
        _fail(CommuniqueError("--max-dates and --sentences-per-date must be at least 1"))
    try:
        with DuckDBStore(db, read_only=True) as store:
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


def main() -> None:
    cli(prog_name="communique")


if __name__ == "__main__":
    main()

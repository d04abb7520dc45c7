"""``communique build`` and ``communique load``: a thin shell over :func:`communique.api.build`
and the Spark engine (:mod:`communique.scale`); with the other ``cli_*`` modules, the only
code that prints."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from communique.config import Config
from communique.errors import CommuniqueError
from communique.serve.cli_common import DEFAULT_DB
from communique.serve.cli_common import fail as _fail
from communique.store.snapshot import open_reader

if TYPE_CHECKING:
    from communique.api import BuildReport


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$", re.I)


def _byte_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A size in bytes from "5000000", "500k", "5M" or "1.5GB" (decimal units)."""
    if value is None:
        return None
    m = _SIZE.match(value)
    size = int(float(m.group(1)) * 1000 ** " kmg".index(m.group(2).lower() or " ")) if m else 0
    if size < 1:
        raise click.BadParameter(f"{value!r} is not a size (e.g. 5M, 500k)", ctx, param)
    return size


class _BuildBar:
    """One progress bar: the bytes read of the inputs chosen, the documents read beside it."""

    def __init__(self, quiet: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=0, unit="B", unit_scale=True, desc="build", disable=quiet, file=sys.stderr
        )
        self.docs = 0

    def on_doc(self, n: int) -> None:
        self.docs += n
        self.bar.set_postfix_str(f"{self.docs} doc{'' if self.docs == 1 else 's'}", refresh=False)
        self.bar.update(0)  # redraws at most every tenth of a second

    def on_bytes(self, read: int, total: int) -> None:
        self.bar.total = max(total, read)
        self.bar.update(read - self.bar.n)


@click.command()
@click.argument("corpus", nargs=-1, type=click.Path())  # a URL, with --engine spark
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB file to build into.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--coder",
    type=click.Choice(["learned", "rules"]),
    default="learned",
    show_default=True,
    help="Event coder: the shipped model (docs/coder.md) or the trigger rules alone.",
)
@click.option(
    "--max-bytes",
    callback=_byte_size,
    help="Largest document read: a text or HTML file, a JSON Lines or WARC record (bytes, "
    "or 500k, 5M; default 5M). A larger one is named as too large and not read.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Read only the files matching GLOB (repeatable), against a file's name or its path "
    "under the folder given; in folders, turns off the default choice below.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out the files matching GLOB (repeatable), named, globbed or found.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes analysing documents (local engine; default: every core).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="spark: build on Spark into Parquet tables under --out (then: communique load).",
)
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
@click.option("--out", type=click.Path(path_type=Path), help="Folder of a Spark build.")
@click.option(
    "--append",
    is_flag=True,
    help="Spark: add CORPUS (a new day, say) to the build already in --out; only its "
    "documents are analysed.",
)
def build(
    corpus: tuple[str, ...],
    db: str,
    quiet: bool,
    coder: str,
    max_bytes: int | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    workers: int | None,
    engine: str,
    master: str,
    out: Path | None,
    append: bool,
) -> None:
    """Ingest, analyse and fuse CORPUS (files, folders, globs; txt, html, jsonl(.gz), warc).

    With no CORPUS, builds the short sample articles shipped with communique. With
    --engine spark, CORPUS may also be URLs of any filesystem Spark reads (hdfs://,
    s3a://, file:/..., globs allowed), fetched by the executors. Incremental and
    idempotent: documents already stored unchanged are skipped.

    \b
    A file named (or globbed) is read. In a folder, these are left out and counted:
    hidden files and folders, files of other types, README/LICENSE files, and loose
    txt/html files in a folder that holds jsonl or warc collections (side files such
    as timelines or gold data: --include reads them).
    """
    from communique.api import build as run_build
    from communique.api import sample_corpus
    from communique.scale.pool import default_workers

    inputs: list[str | Path] = [*corpus] or [sample_corpus()]
    if not corpus:
        click.echo(f"no corpus given: building the sample articles in {inputs[0]}", err=True)
    config = Config(event_coder=coder)
    if max_bytes is not None:
        config = dataclasses.replace(config, max_document_bytes=max_bytes)
    if engine == "spark":
        _build_spark(inputs, config, master, out, (include, exclude), append)
        return
    if append:
        raise click.UsageError("--append adds to a Spark build: give --engine spark --out DIR")
    bar = _BuildBar(quiet)
    try:
        report = run_build(
            inputs,
            db,
            config=config,
            progress=bar.on_doc,
            include=include,
            exclude=exclude,
            byte_progress=bar.on_bytes,
            workers=workers or default_workers(),
        )
    except CommuniqueError as exc:
        bar.bar.close()
        _fail(exc)
        return
    bar.bar.close()
    _print_report(report, include)
    _print_found(db)
    if report.failures:
        sys.exit(1)


def _build_spark(inputs: list[str | Path], config: Config, master: str, out: Path | None,
                 choice: tuple[tuple[str, ...], tuple[str, ...]], append: bool) -> None:  # fmt: skip
    from communique.scale.engine import build_parquet

    if out is None:
        raise click.UsageError("--engine spark writes Parquet tables: give --out DIR")
    try:
        report = build_parquet(inputs, out, config, master, include=choice[0],
                               exclude=choice[1], append=append)  # fmt: skip
    except CommuniqueError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {report.documents} documents to {out} ({report.duplicates} near "
               f"duplicates, {report.failed} failed); communique load {out} --db FILE")  # fmt: skip
    redone = [f"{n} {step}" for step, n in report.refreshed if n >= 0]
    if redone:  # an append: what the refresh recomputed, step by step
        click.echo("recomputed only what the new documents touch: " + ", ".join(redone))
    if report.failed:
        sys.exit(1)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB file to load into.")
def load(folder: Path, db: str) -> None:
    """Load FOLDER, written by build --engine spark, into DB (the UI then serves it)."""
    from communique.scale.load import load as run_load

    try:
        report = run_load(folder, db)
    except CommuniqueError as exc:
        _fail(exc)
        return
    for source, code, reason in report.failures:
        click.echo(f"failed in the build: {source}: {reason} [{code}]", err=True)
    click.echo(f"loaded {report.documents} documents into {db}")


def _print_report(report: BuildReport, include: tuple[str, ...]) -> None:
    for f in report.failures:
        click.echo(f"failed: {f}", err=True)
    click.echo(
        f"read {report.read} documents: {report.added} added, {report.skipped} skipped "
        f"(unchanged), {report.failed} failed"
    )
    click.echo("inputs: " + report.inputs.describe(tuple(f.code for f in report.failures)))
    for reason, example in sorted(report.inputs.examples.items()):
        click.echo(f"  e.g. {example} ({reason})")
    if report.inputs.skipped and not include:
        click.echo("  (--include GLOB reads files left out by default; communique build --help)")
    click.echo("in the store: " + ", ".join(f"{v} {k}" for k, v in report.corpus.items()))
    if report.languages:
        langs = ", ".join(f"{n} {lang}" for lang, n in report.languages.items())
        click.echo(f"documents by language: {langs}")
    if n := report.not_extracted:
        click.echo(
            f"{n} document{'s' if n > 1 else ''} not extracted: communique extracts English "
            "only (each says so in its notes: communique export documents)"
        )


def _print_found(db: str) -> None:

    with open_reader(db) as store:
        rows = store.query("SELECT date, title FROM timeline ORDER BY date DESC NULLS LAST LIMIT 5")
    if rows:
        click.echo("latest timeline entries:")
        for r in rows:
            click.echo(f"  {r['date'] or '?':<10}  {r['title']}")

"""``communique import-events`` and ``communique compare``: other data sets' events
(GDELT 2.0, ICEWS) beside communique's (:mod:`communique.interop`)."""

from __future__ import annotations

from pathlib import Path

import click

from communique.errors import CommuniqueError
from communique.serve.cli_common import DEFAULT_DB
from communique.serve.cli_common import fail as _fail


@click.command("import-events")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["gdelt", "icews"]), required=True,
              help="gdelt: a GDELT 2.0 event file (.CSV or .CSV.zip); icews: ICEWS-style TSV.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
def import_events(file: Path, fmt: str, output: Path | None) -> None:
    """Read another data set's events (GDELT 2.0, ICEWS) as JSON Lines of one shape
    (dataset, event_id, date, source/target name and ISO3 country, cameo, quad, goldstein,
    url), to set beside communique's; see also `communique compare`."""
    import dataclasses as dc
    import json

    from communique.interop import read_events

    try:
        events = read_events(file, fmt)
    except CommuniqueError as exc:
        _fail(exc)
        return
    lines = "".join(json.dumps(dc.asdict(e), ensure_ascii=False) + "\n" for e in events)
    if output:
        output.write_text(lines, encoding="utf-8")
        click.echo(f"read {len(events)} {fmt} events into {output}", err=True)
    else:
        click.echo(lines, nl=False)


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--a", "country_a", required=True, help="First country (ISO3 code or name).")
@click.option("--b", "country_b", required=True, help="Second country.")
@click.option("--gdelt", "gdelt_files", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="A GDELT 2.0 event file (.CSV or .CSV.zip); repeat for several.")  # fmt: skip
@click.option("--icews", "icews_files", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="An ICEWS-style TSV file; repeat for several.")  # fmt: skip
def compare(
    db: str, country_a: str, country_b: str, gdelt_files: tuple[Path, ...],
    icews_files: tuple[Path, ...],
) -> None:  # fmt: skip
    """Events per month between two countries: communique's beside GDELT's and ICEWS's."""
    from communique.interop import compare as run_compare
    from communique.interop import format_comparison, read_events
    from communique.store.snapshot import open_reader

    try:
        others = {name: [e for f in files for e in read_events(f, name)]
                  for name, files in (("gdelt", gdelt_files), ("icews", icews_files)) if files}  # fmt: skip
        with open_reader(db) as store:
            table = run_compare(store, country_a, country_b, others)
    except CommuniqueError as exc:
        _fail(exc)
        return
    click.echo(format_comparison(table))

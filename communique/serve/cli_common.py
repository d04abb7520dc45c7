"""What every ``communique`` command module shares: the default database and how a coded
error ends a command (one line on stderr, exit code 2)."""

from __future__ import annotations

import sys

import click

from communique.errors import CommuniqueError

DEFAULT_DB = "communique.duckdb"


def fail(exc: CommuniqueError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)

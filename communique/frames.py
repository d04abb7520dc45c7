"""The rows a Python API call returns: :class:`Results`, a sequence of typed rows that turns
into a pyarrow Table, a pandas DataFrame or a polars DataFrame with one column per field.

pyarrow comes with communique; pandas and polars are optional
(``pip install 'communique[dataframe]'``): asking for a frame without them raises
:class:`~communique.errors.OptionalDependencyMissing` saying what to install.
"""

from __future__ import annotations

import dataclasses
import importlib
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import pyarrow as pa

from communique.errors import OptionalDependencyMissing
from communique.typed import hints, optional_inner

if TYPE_CHECKING:
    import pandas
    import polars

R = TypeVar("R")
INSTALL = "pip install 'communique[dataframe]'"


@dataclass(frozen=True)
class Results(Sequence[R], Generic[R]):
    """Typed rows of one kind, in order: iterate, index, ``len``, or convert to a table whose
    columns are the row class's fields (in the class's order, even when there are no rows)."""

    rows: tuple[R, ...]
    row_type: type[R]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Results[R]: ...
    def __getitem__(self, index: int | slice) -> R | Results[R]:
        if isinstance(index, slice):
            return Results(self.rows[index], self.row_type)
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<Results: {len(self.rows)} {self.row_type.__name__} rows>"

    @property
    def columns(self) -> list[str]:
        """The fields of the row class, the columns of every table made from these rows."""
        return list(hints(self.row_type))

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (nested rows as dicts too)."""
        return [_plain(r) for r in self.rows]

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table typed from the row class (lists as list columns, objects as
        structs)."""
        return pa.Table.from_pylist(self.to_dicts(), schema=arrow_schema(self.row_type))

    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame, one row per result; list fields hold tuples, objects dicts."""
        pd = require("pandas")
        return pd.DataFrame.from_records(self.to_dicts(), columns=self.columns)

    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame with the Arrow table's types."""
        pl = require("polars")
        frame = pl.from_arrow(self.to_arrow())
        return typing.cast("polars.DataFrame", frame)


def require(module: str) -> Any:
    """Import an optional dependency, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise OptionalDependencyMissing(
            f"{module} is not installed: {INSTALL} (or pip install {module})"
        ) from None


def _plain(row: Any) -> dict[str, Any]:
    return {name: _plain_value(getattr(row, name)) for name in hints(type(row))}


def _plain_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, tuple):
        return tuple(_plain_value(v) for v in value)
    return value


def arrow_schema(cls: type) -> pa.Schema:
    """The Arrow schema of a typed row class."""
    return pa.schema([(name, arrow_type(hint)) for name, hint in hints(cls).items()])


_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a field's type: scalars, ``X | None``, tuples, dataclasses."""
    hint = optional_inner(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if typing.get_origin(hint) is tuple:
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return pa.list_(arrow_type(args[0]))
    if dataclasses.is_dataclass(hint):
        return pa.struct([(n, arrow_type(h)) for n, h in hints(typing.cast(type, hint)).items()])
    return pa.string()

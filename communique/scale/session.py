"""The Spark session a build runs in: Spark's Python workers run this interpreter.

PySpark is optional: ``pip install 'communique[spark]'`` (Java 17 must be present).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from communique.errors import OptionalDependencyMissing

# read by PySpark when its context starts: the interpreter for workers and for the driver
PYTHON_VARS = ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")


@contextmanager
def spark_session(master: str, python: str | None = None) -> Iterator[Any]:
    """A Spark session whose Python workers run ``python`` (default: this interpreter, which
    has the project's dependencies; left to itself PySpark starts whatever ``python3`` comes
    first on the PATH). On a cluster whose nodes keep the interpreter elsewhere, pass its path
    there."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise OptionalDependencyMissing(
            "Spark support needs PySpark: pip install 'communique[spark]' (and Java 17)"
        ) from None
    python = python or sys.executable
    with worker_python(python):
        builder = SparkSession.builder.master(master).appName("communique")
        for key in ("spark.pyspark.python", "spark.pyspark.driver.python"):
            builder = builder.config(key, python)
        builder = builder.config("spark.sql.shuffle.partitions", "8")
        builder = builder.config("spark.ui.enabled", "false")
        # partition values are day strings ("2016-05-03", "2016-05", "undated"), never dates
        builder = builder.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        spark = builder.getOrCreate()
        try:
            yield spark
        finally:
            spark.stop()


@contextmanager
def worker_python(python: str) -> Iterator[None]:
    """Set the interpreter PySpark gives its workers (read when the context starts), and put
    the environment back afterwards."""
    saved = {name: os.environ.get(name) for name in PYTHON_VARS}
    os.environ.update(dict.fromkeys(PYTHON_VARS, python))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

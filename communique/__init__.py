"""communique: international-relations news turned into an evidence-linked record.

Public API (small on purpose):

- :func:`communique.api.build` — ingest, analyse and fuse a corpus into a store.
- :func:`communique.api.export` — rows of one export table, following the contract.
- :class:`communique.store.duckdb_store.DuckDBStore` — the embedded store.
"""

__version__ = "0.1.0"
PIPELINE_VERSION = __version__

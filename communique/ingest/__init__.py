"""communique.ingest"""

"""Knowledge base: countries, places and office holders with dated terms."""

from communique.kb.base import Country, KnowledgeBase

__all__ = ["Country", "KnowledgeBase"]

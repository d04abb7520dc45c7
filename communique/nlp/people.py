"""Person links checked against time and context, once the article's date or window is known.

(Being written: see issue 12. For now every link is kept as the mention stage made it.)
"""

from __future__ import annotations

from communique.kb import KnowledgeBase
from communique.model import Document


def check_people(doc: Document, kb: KnowledgeBase) -> Document:
    """Unlink persons whose known offices and life do not fit the document's date window or
    the words around the mention; they stay unresolved persons of that name."""
    del kb
    return doc

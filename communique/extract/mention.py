"""Is a trigger word a report of an event, or only a mention of one?

"The army attacked the town" reports an attack; "the bombings of the embassies", "a series of
bombings", "the task-force investigation" only name events the sentence talks about (figures,
causes, opinions). A trigger used as a noun reports its event only with a verb that makes it
happen ("launched an attack", "held talks", "filed a petition") or as the subject of one
("the blast killed 12", "protests erupted"). A trigger under "if", "whether", "might" or
"could" is a supposition, not a report.
"""

from __future__ import annotations

import re

# words before a noun: "the attack", "a series of bombings", "besides meeting ..."
_NOUN_LEFT = re.compile(
    r"\b(?:the|a|an|this|that|these|those|its|his|her|their|our|my|your|of|for|about|"
    r"over|against|besides|despite|new|recent|latest|further|any|no|such|similar|last|"
    r"previous|earlier|possible|future|alleged|press|planned|reported)\s+(?:[\w'-]+\s+)?$"
)
# a word form that can only be a noun (with _NOUN_LEFT: a noun use)
_NOUN_FORM = re.compile(
    r"(?:ions?|ments?|ings|als|ure|ures|talks|summit|bombs?|attacks?|protests?|strikes?|"
    r"clash(?:es)?|threats?|warnings?|arrests?|charges|sanctions|embargo|releases?|ceasefire|"
    r"cease-fire|truce|inquiry|probe|visits?|invasion|blasts?|complaints?|demands?|requests?|"
    r"appeals?|offers?|rall(?:y|ies)|riots?|boycotts?|curfew|raids?|crackdown|accusations?)$"
)
# "the fighting", "a bombing" (after a preposition, "-ing" is a verb: "guilty of violating")
_GERUND_AS_NOUN = re.compile(
    r"\b(?:the|a|an|this|that|its|his|her|their|new|recent|latest|further|heavy|fierce|"
    r"renewed)\s+(?:[\w'-]+\s+)?\w+ing$"
)
# a verb that makes a named event happen: "launched an attack", "lodged a protest"
_SUPPORT_VERB = re.compile(
    r"\b(?:launch|carr(?:y|ies|ied) out|stag|h[oe]ld|holds|beg[ai]n|begun|open|conduct|fil|"
    r"lodg|mount|start|order|announc|impos|issu|made|make|call(?:ed|s)? for|resum|step(?:ped)? "
    r"up|escalat|intensif|join|led|lead|organi[sz]|threaten|vow|pledg|sign|reach|complet|"
    r"conclud|host|attend|took part|participat|pa(?:id|y)|sent|send|deliver|provid|grant|"
    r"receiv|condemn|denounc|approv|declar|unleash|continu|renew|expand|end|halt|"
    r"suffer|survive|witness|report|cancel|call(?:ed|s)? off|postpon|suspend|extend|shorten|"
    r"died|lift|violat|embark)"
    r"\w*\s+(?:[\w'-]+\s+){0,4}$"
)
# the named event as subject: "the blast killed 12", "protests erupted", "talks were held"
_HAPPENS = re.compile(
    r"^[^,.;]{0,40}?\b(?:killed|kills|wounded|injured|left \w+ (?:dead|injured|wounded)|"
    r"erupted|broke out|spread|took place|(?:was|were|is|are) (?:held|launched|staged|"
    r"carried out|signed|imposed)|began|started|continued|ended|hit|struck|destroyed|"
    r"damaged|targeted|claimed|resumed|opened|closed|went ahead)\b"
)
# a supposition: "if the rebels cannot coordinate an attack", "might sue", "could be hit"
_SUPPOSED = re.compile(r"\b(?:if|whether|might|could|may(?!\s+\d))\b[^,;:.\"]{0,50}$")


# a question put to someone: "said when asked about the violations"
_QUESTION = re.compile(r"^asked (?:about|whether|if|how|what|why|when)\b")
_WHEN_ASKED = re.compile(r"\b(?:when|if|once|after being|as) $")


def is_mention(low: str, start: int, end: int) -> bool:
    """True when the trigger at ``low[start:end]`` names an event the sentence does not report."""
    left = low[max(0, start - 60) : start]
    if _SUPPOSED.search(left):
        return True
    if low.startswith("asked", start) and (
        _QUESTION.match(low[start:]) or _WHEN_ASKED.search(left)
    ):
        return True
    words = low[start:end].split()
    word = words[0] if words else ""  # "shortened ... the curfew" starts with its verb
    det = _NOUN_LEFT.search(left)
    if not det or not (_NOUN_FORM.search(word) or _GERUND_AS_NOUN.search(left + word)):
        return False
    before = left[: det.start()] if det else left
    if _SUPPORT_VERB.search(before) or not before.strip(" -\"'`*"):
        return False  # made to happen, or the sentence's subject: "The rally drew 5,000"
    return not _HAPPENS.search(low[end : end + 60])

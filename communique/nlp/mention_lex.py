"""Lexicon for actor mentions: titles and the office each one names, role descriptions, groups."""

from __future__ import annotations

import re

# title (folded) -> role vocabulary of communique.model.Office
TITLES: dict[str, str] = {
    "state president": "head_of_state", "president": "head_of_state",
    "king": "head_of_state", "queen": "head_of_state", "emir": "head_of_state",
    "prime minister": "head_of_government", "pm": "head_of_government",
    "premier": "head_of_government", "chancellor": "head_of_government",
    "party general secretary": "party_leader", "general secretary": "party_leader",
    "party secretary general": "party_leader",
    # a party's or an organisation's (below): alone it says which office only with a name
    "secretary general": "", "secretary-general": "", "high representative": "high_representative",
    "party chief": "party_leader", "party leader": "party_leader",
    "national assembly chairman": "speaker", "national assembly chairwoman": "speaker",
    "na chairman": "speaker", "speaker": "speaker", "duma chairman": "speaker",
    "foreign minister": "foreign_minister", "minister of foreign affairs": "foreign_minister",
    "secretary of state": "foreign_minister", "external affairs minister": "foreign_minister",
    "defence minister": "defence_minister", "defense minister": "defence_minister",
    "deputy prime minister": "deputy_head_of_government", "minister": "minister",
    "vice premier": "deputy_head_of_government", "deputy premier": "deputy_head_of_government",
    "vice president": "vice_head_of_state", "vice-president": "vice_head_of_state",
    "deputy president": "vice_head_of_state", "foreign secretary": "foreign_minister",
    "minister for foreign affairs": "foreign_minister",
    "mr": "", "mrs": "", "ms": "", "dr": "",
}  # fmt: skip

# the organisation written before a title ("NATO Secretary General", "IMF Managing Director")
# or after it ("President of the European Commission"): its code, and the office of its head
ORGS: dict[str, tuple[str | None, str]] = {
    "party": (None, "party_leader"), "un": ("UNO", "secretary_general"),
    "u n": ("UNO", "secretary_general"), "united nations": ("UNO", "secretary_general"),
    "nato": ("NATO", "secretary_general"), "asean": ("ASEAN", "secretary_general"),
    "european commission": ("EUR", "org_head"), "eu commission": ("EUR", "org_head"),
    "european council": ("EUR", "org_head"), "imf": ("IMF", "org_head"),
    "international monetary fund": ("IMF", "org_head"), "world bank": ("WBG", "org_head"),
    "wto": ("WTO", "org_head"), "world trade organization": ("WTO", "org_head"),
    "who": ("WHO", "org_head"), "world health organization": ("WHO", "org_head"),
    "african union commission": ("AU", "org_head"), "au commission": ("AU", "org_head"),
}  # fmt: skip
# titles that name the head of the organisation before (or after) them; without one, only
# those also in TITLES are titles
HEAD_TITLES = frozenset(
    ("president", "chairman", "chairwoman", "chairperson", "chair", "chief", "head",
     "secretary general", "secretary-general", "general secretary", "managing director",
     "director general", "director-general")
)  # fmt: skip
ORG_AFTER_TITLE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?((?:[A-Z][\w.]*[ \t]+){1,4})")


def title_office(title: str, org: str | None) -> tuple[str, str | None] | None:
    """The office a (folded) title names and the code of the organisation it heads, after
    the (folded) organisation named with it; None when the words are no title here."""
    if org is not None:
        code, role = ORGS[org]
        # another title in the organisation ("European Commission Vice President"): no
        # office of the knowledge base's
        return (role if title in HEAD_TITLES else ""), code
    return (TITLES[title], None) if title in TITLES else None


# titles that name the office only in some countries: elsewhere they claim none ("Foreign
# Secretary" is the foreign minister in Britain, the top diplomat, a civil servant, in India)
COUNTRY_TITLES: dict[str, tuple[str, ...]] = {"foreign secretary": ("GBR",)}

# role descriptions: "the Russian leader", "his Vietnamese counterpart", "the Government leader"
ROLE_NOUNS: dict[str, str | None] = {
    "leader": None, "counterpart": None, "host": None, "guest": None, "state leader": None,
    "president": "head_of_state", "head of state": "head_of_state",
    "prime minister": "head_of_government", "premier": "head_of_government",
    "government leader": "head_of_government", "head of government": "head_of_government",
    "party chief": "party_leader", "party leader": "party_leader",
    "chancellor": "head_of_government", "foreign minister": "foreign_minister",
    "top legislator": "speaker",
}  # fmt: skip

GROUP_PHRASES = re.compile(
    r"\b(?:the two|both) (?:sides|countries|nations|states|governments|parties|leaders|"
    r"presidents|prime ministers|state leaders|heads of state)\b|\bhost and guest\b",
)
PERSON_GROUP = re.compile(r"leaders|presidents|prime ministers|heads of state|host and guest")
# the office a group of persons shares ("the two presidents": heads of state)
GROUP_ROLES = {"presidents": "head_of_state", "heads of state": "head_of_state",
               "prime ministers": "head_of_government"}  # fmt: skip
LATTER = re.compile(r"\bthe (latter|former)\b")

CAPITALIZED = r"(?:(?:[A-Z]\.)+|[A-Z][\w'’-]*)"  # "S.M. Krishna": initials are one word
# a name after a title: capitalized words, with the particles names carry inside them
# ("Luiz Inacio Lula da Silva", "Ursula von der Leyen", "Mohammed bin Salman")
NAME_PARTICLE = r"(?:da|de|do|dos|das|di|del|della|van|von|der|den|bin|binti|al|el|la|le)"
NAME_AFTER_TITLE = re.compile(
    rf"[ \t]+({CAPITALIZED}(?:(?:[ \t]+{NAME_PARTICLE})*[ \t]+{CAPITALIZED}){{0,4}})"
)
# "the former Soviet Union", "the latter half": determiner uses, not references to a person
NOT_COREF = re.compile(
    r"\s+(?:[A-Z]|(?:president|prime|minister|leader|chairman|secretary|head|official|"
    r"ambassador|member|colony|republic|capital|regime|government|case|option|part|half|"
    r"stage|period|years?|two)\b)"
)
LOCATIVE = re.compile(
    r"\b(?:in|at|to|from|near|outside|via|into|around|visit(?:ed|ing|s)?|toured|tour|"
    r"reach(?:ed|es)?|left|leave|leaves)\s+$"
)
# a dateline: "TOKYO, March 14 (Reuters) -", "Hanoi (VNA) -", "MOSCOW -": the place of writing
DATELINE_AFTER = re.compile(
    r"\s*(?:\([A-Za-z][\w .&/-]{0,30}\)\s*)?(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+"
    r"[A-Z][a-z]{2,8}|\d{4}-\d\d-\d\d)|[-–—:]\s)"
)
ACTOR_NOUNS = re.compile(
    r"\s+(?:side|government|delegation|authorities|leadership|state|people|party|diplomats?|"
    r"ambassador|embassy|consulate|envoys?|officials|forces|troops|military|army|navy|"
    r"(?:foreign )?ministry|cabinet|parliament)\b"
    # "the Russian State leader", "the Vietnamese Party chief": a person's title, not the country
    r"(?!\s+(?:leader|chief|head|president|chairman|chairwoman|secretary|general|minister|"
    r"spokes\w+|counsellor))",
    re.IGNORECASE,
)


# "former President X", "the late King Y", "then-Premier Z": a past office, not a claim about now
# names of a country that countries.csv files among its nationality forms (the source's
# "Nationality" column mixes them): taken as names ("Britain said"), not as adjectives that
# need an actor noun after them ("the British side"); acronyms ("UK", "U.N.") are names too
COUNTRY_WORDS = frozenset(
    ("Britain", "England", "Scotland", "Wales", "Greenland", "Palestine", "Macedonia", "Myanmar",
     "Zaire", "Swaziland", "Congo-Brazzaville", "Guam", "Gibraltar", "Bermuda")
)  # fmt: skip


def country_word(form: str) -> bool:
    """Is a form from the nationality column a name of the country?"""
    return form in COUNTRY_WORDS or (form.replace(".", "").isupper() and len(form) > 1)


PAST_TITLE = re.compile(r"\b(?:former|late|ex-|then-?|onetime|one-time)\s*$", re.IGNORECASE)

# Words beside a name that make its bearer someone other than an office holder: a trade named
# in apposition ("press secretary Jay Carney", "Sezer, an AFP photographer"), or a photo credit
# ("Photo: X", "(Photo by X/Agency)", "REUTERS/X", "X/Reuters").
OCCUPATIONS = (
    r"photographer|cameraman|reporter|correspondent|journalist|editor|columnist|"
    r"spokes(?:man|woman|person)|press secretary|analyst|professor|researcher|coach|player|"
    r"lawyer|attorney"
)
# "former law professor X", "X, an ex-reporter": a past trade, no other person than the official
PAST_TRADE = re.compile(r"\b(?:former|ex-|onetime|one-time|retired)\b[\w \t-]{0,25}$", re.I)
_GIVEN = r"(?:[A-Z][\w'’.-]*[ \t]+){0,2}"  # first names between the cue and the surname
OCCUPATION_BEFORE = re.compile(rf"(?i:\b(?P<job>{OCCUPATIONS}))[ \t]*,?[ \t]+{_GIVEN}\Z")
OCCUPATION_AFTER = re.compile(
    rf",[ \t]+(?:(?i:a|an|the)[ \t]+)?(?:[\w.'’&-]+[ \t]+){{0,3}}?(?i:(?P<job>{OCCUPATIONS}))"
    r"(?=[ \t]*[,.;:)]|[ \t]+(?:at|of|for|with|from)\b|[ \t]*$)",
    re.MULTILINE,
)
# a credit: the photo's ("Photo: X", "Photo by X"), an agency's ("REUTERS/X", "X/Reuters", "\/"
# as escaped in some feeds) or the story's ("Reporting by X", "Writing by X")
CREDIT_BEFORE = re.compile(
    r"(?:(?i:\b(?:photo(?:graph)?s?|photographed|pictures?|images?|credits?))[ \t]*"
    r"(?:(?i:by)[ \t]+|[:|–—-][ \t]*)|"
    rf"(?i:\b(?:reporting|writing|editing)[ \t]+by)[ \t]+){_GIVEN}\Z"
)
CREDIT_AFTER = re.compile(
    r"[ \t]*\\?/[ \t]*[A-Z][\w.&-]*(?:[ \t/]+[A-Z][\w.&-]*){0,3}[ \t]*(?:[)\]]|$)",
    re.MULTILINE,
)
# "REUTERS/Murad Sezer", "(... 2011/Murad Sezer)": a name after a slash, ending the credit
CREDIT_SLASHED = re.compile(rf"\\?/[ \t]*{_GIVEN}\Z"), re.compile(r"[ \t]*(?:[)\]]|$)", re.M)
# a byline in brackets: "(Reporting by A in Benghazi, B in Cairo; editing by C)"
BYLINE = re.compile(r"\((?i:(?:additional )?(?:reporting|writing|editing)\b)[^()]*\Z")


def title_pattern() -> re.Pattern[str]:
    """Titles, longest first, matched on folded text."""
    keys = sorted(set(TITLES) | HEAD_TITLES, key=len, reverse=True)
    alt = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"\b(?:{alt})\.?(?=\s+[a-z])")


def role_pattern(demonyms: list[str]) -> re.Pattern[str]:
    nouns = "|".join(re.escape(k) for k in sorted(ROLE_NOUNS, key=len, reverse=True))
    dem = "|".join(re.escape(d) for d in sorted(demonyms, key=len, reverse=True))
    return re.compile(rf"\b(?:the|his|her|their|its)\s+(?:({dem})\s+)?({nouns})\b")

"""Word lists and regular-expression fragments for the temporal tagger (:mod:`timex`)."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBR: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}
NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "half a": 0,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "dozen": 12,
    "a dozen": 12,
}
VAGUE_NUMBERS = frozenset(
    {"several", "few", "a few", "some", "many", "the", "recent", "the next few", "numerous"}
)
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "last": -1,
    "final": -1,
}
UNITS: dict[str, str] = {
    "year": "Y",
    "month": "M",
    "week": "W",
    "day": "D",
    "hour": "H",
    "minute": "MIN",
    "second": "S",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
    "weekend": "WE",
    "night": "NI",
    "fortnight": "FN",
}
PART_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
}


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_NUM_WORDS = [w for w in NUMBERS if " " not in w and w not in ("a", "an")]
NUM_WORD = rf"(?:{_alt(_NUM_WORDS)})(?:[\s-](?:{_alt(_NUM_WORDS)}))?"
NUM = (
    rf"(?:\d+(?:\.\d+)?|{NUM_WORD}|a\s+couple\s+of|a\s+few|a\s+dozen|half\s+a|an?|several"
    rf"|few|some|many|numerous|dozens\s+of|hundreds\s+of)"
)
MONTH_FULL = rf"(?:{_alt([m.capitalize() for m in MONTHS])})"
MONTH_SHORT = rf"(?:{_alt([m.capitalize() for m in MONTH_ABBR])})\.?"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_SHORT})"
WEEKDAY = rf"(?:{_alt([w.capitalize() for w in WEEKDAYS])})"
DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)"
UNIT_RE = rf"(?:{_alt(list(UNITS))}|centuries)"
SEASON_RE = rf"(?:{_alt(list(SEASONS))})"
ORDINAL_RE = (
    rf"(?:{_alt([o for o in ORDINALS if o not in ('last', 'final')])}|[1-4](?:st|nd|rd|th))"
)

# Words after a bare number that show it is a quantity, not a year.
QUANTITY_NOUN = re.compile(
    r"\s*(?:%|percent|per\s+cent|billion|million|thousand|tons?|tonnes?|people|troops|soldiers"
    r"|km|kilometers?|kilometres?|miles?|dollars?|USD|euros?|yuan|rubles?|roubles?|dong|MW|kW"
    r"|barrels?|cars?|vehicles?|units?|students?|workers?|deals?|projects?|members?|hours\b"
    r"|feet|meters?|metres?|acres|points?|shares?|votes?|cases?|deaths?|delegates|companies|firms"
    r"|enterprises|businesses|households|families|children|residents|visitors|tourists)\b",
)
QUANTITY_PREFIX = re.compile(
    r"(?:\$|US\$|USD|€|£|¥|No\.|no\.|Nos?\.|number|#|Resolution|resolution|Article|article|Decree"
    r"|decree|Law|Flight|flight|Route|route|Room|room|page|Page|,|\.|\d)\s*$"
)
PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|told|met|held|came|went|left|began|made|took|gave|saw|held"
    r"|arrived|visited|signed|agreed|announced|reported|described|stated|noted|called|paid"
    r"|concluded|attended|received|hosted|welcomed|discussed|launched|opened|ended|won|lost"
    r"|fell|rose|killed|died|returned|[a-z]{3,}ed)\b",
)
FUTURE_CUES = re.compile(
    r"\b(?:will|shall|'ll|is\s+to|are\s+to|is\s+due|are\s+due|is\s+going\s+to|are\s+going\s+to"
    r"|(?:is|are|was|were)\s+(?:scheduled|expected|set|slated|planned|due)\s+to|plans?\s+to"
    r"|intends?\s+to|would|upcoming|next|coming|starting|beginning|set\s+to|planned|planning|plans|scheduled|as\s+soon\s+as|might|could|may|likely\s+to|to\s+resume|to\s+begin|to\s+start)\b",
)
PRESENT_CUES = re.compile(r"\b(?:is|are|am|begins|starts|opens|meets|visits|arrives)\b")

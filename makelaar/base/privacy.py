"""Find personal data in the free text of a signal.

A signal is about a pattern, never about a client, so its description must not
name anyone or point at an address, a date of birth, a BSN, a phone number, an
e-mail address or a bank account. This module finds what looks like such data
so the form can warn the social worker and show the parts it found. It is a
safety net with a bias towards warning.

Names it finds with word lists of first names and surnames (makelaar/base/names/, see its
README for sources and licences) and with patterns: a relation word or form of
address before a name ("buurman Piet", "zoon mohammed", "Familie Yilmaz", "gezin De
Vries", "cliënte Sanne", "mevrouw Jansen", "dhr. van der Berg"), initials ("J.
Bakker", "A.B. de Wit"), a first name with a surname or an initial ("Annie Smit",
"Fatima B."), double surnames ("Jansen-de Vries") and particles ("van der Berg"). A
first name or surname on its own counts when it is not also an ordinary word
("Piet", "Yilmaz", but not "Roos" or "Bakker"); a capitalised word no list knows
counts only behind a relation word or an initial. Months, days, languages, place
names, and names of buildings and funds ("Nelson Mandela Centrum", "Anne
Frankschool") are no person's name, nor is any name the caller passes as allowed:
check_text(), which forms and actions call, passes the registry's own
neighbourhoods, areas, themes, organisations and initiatives. Each name finding
carries a role that can take its place ("een buurman", "iemand").

A BSN is nine digits that pass the elfproef, whole or in groups ("123456782",
"1234.56.782", "12 34 56 782", "123-45-6782"), unless a case-number word comes
before it or "euro" after it; after the word BSN (or sofinummer) any eight or nine
digits count, checksum or not.

Dates follow one rule. A full date (day, month and year) is flagged as a
possible date of birth when a birth word ("geboren", "geb.", "geboortedatum",
"°", "born", "date of birth") stands up to 25 characters before it, whatever
its year; without a birth word it is flagged only when its year lies between
1900 and fourteen years ago (exclusive), because a recent or future date is
almost always an appointment or an event ("sinds 1 maart 2026 ..."). A year on
its own, a month and a year, or a day and a month are never flagged. A date with
a two-digit year ("12-03-84") counts only after a birth word.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BSN = "bsn"
EMAIL = "email"
PHONE = "phone"
IBAN = "iban"
POSTCODE_HOUSE_NUMBER = "postcode_house_number"
DATE_OF_BIRTH = "date_of_birth"
STREET_ADDRESS = "street_address"
NAME = "name"

KIND_LABELS = {
    BSN: _("BSN (citizen service number)"),
    EMAIL: _("e-mail address"),
    PHONE: _("phone number"),
    IBAN: _("IBAN (bank account)"),
    POSTCODE_HOUSE_NUMBER: _("postcode and house number"),
    DATE_OF_BIRTH: _("date of birth"),
    STREET_ADDRESS: _("street and house number"),
    NAME: _("name"),
}

# When two findings of the same length overlap, the kind that is harder to hit
# by accident wins: a checksum or an "@" says more than a run of digits.
_SPECIFICITY = {
    EMAIL: 0,
    IBAN: 1,
    BSN: 2,
    PHONE: 3,
    POSTCODE_HOUSE_NUMBER: 4,
    DATE_OF_BIRTH: 5,
    STREET_ADDRESS: 6,
    NAME: 7,
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    # For a name, the role that can stand in its place ("een buurman", "iemand");
    # empty for the other kinds, which can only be removed.
    replacement: str = ""

    @property
    def label(self):
        return KIND_LABELS[self.kind]


# A number must stand on its own: not glued to a word, and not the tail of
# "Z-2023-118764" or "2024-0012345", which are case numbers, not phone numbers.
# "tel:0182-123456" and "tel.0612345678" still count.
_NUMBER_START = r"(?<!\w)(?<!\d[-./,:])(?<![^\W\d_]-)"
_NUMBER_END = r"(?!\w)(?![-./,:]\d)"


# --- BSN -----------------------------------------------------------------------------------

# Nine digits, whole or in groups split by one kind of separator: 123456782,
# 123.456.782, 1234.56.782, 12 34 56 782, 123-45-6782. Eight digits count too, but only
# after the word BSN (an old number with its leading zero dropped).
_BSN_RE = re.compile(
    _NUMBER_START + r"(?<!€)(?<!€ )"
    r"(?:\d{8,9}|\d{1,4}(?P<sep>[ .-])\d{2,4}(?:(?P=sep)\d{2,4}){0,3})" + _NUMBER_END
)
# A number glued to the word: "bsn123456782", "BSN:123456782".
_BSN_GLUED_RE = re.compile(
    r"(?<![^\W\d_])(?:bsn|sofi(?:nummer|nr)?)[:#.]?(?P<number>\d{8,9})(?!\d)", re.IGNORECASE
)
# Within this reach before a number, the word makes it a BSN whatever its checksum:
# a mistyped BSN is still a BSN.
_BSN_WORD = re.compile(r"\b(?:bsn|burgerservicenummer|sofi(?:nummer|nr)?)\b", re.IGNORECASE)
_BSN_WORD_REACH = 20


def is_valid_bsn(value: str) -> bool:
    """The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (and not zero)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits, strict=False))
    return (total - digits[8]) % 11 == 0


def _bsns(text):
    for m in _BSN_RE.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        if digits not in (8, 9):
            continue
        if _BSN_WORD.search(text, max(0, m.start() - _BSN_WORD_REACH), m.start()):
            yield Finding(BSN, m.start(), m.end(), m.group())
            continue
        # One in eleven nine-digit numbers passes the elfproef, so a number introduced
        # as a project or case number, or followed by "euro", is taken at its word.
        if (
            digits == 9
            and is_valid_bsn(m.group())
            and not _is_reference(text, m.start())
            and not _COUNT_AFTER.match(text, m.end())
        ):
            yield Finding(BSN, m.start(), m.end(), m.group())
    for m in _BSN_GLUED_RE.finditer(text):
        yield Finding(BSN, m.start("number"), m.end("number"), m.group("number"))


# --- E-mail --------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}"
    r"(?![\w-])"
)


def _emails(text):
    if "@" not in text:
        return
    for m in _EMAIL_RE.finditer(text):
        yield Finding(EMAIL, m.start(), m.end(), m.group())


# --- Phone ---------------------------------------------------------------------------------

# Between digit groups people write a space, a dash or en dash (\u2013), with or
# without spaces around it, a slash or a dot; a fixed digit count keeps years and
# amounts out.
_SEP = r"(?:[ ]?[-\u2013/][ ]?|[ .])?"
_PHONE_RE = re.compile(
    _NUMBER_START
    + r"(?:"
    # +31 6 12345678, +316-12345678, 0031 6 ..., +31 (0)6 12345678
    + rf"(?:\+|00)[ ]?31[ ]?(?:\(0\)[ ]?)?(?:[-\u2013][ ]?)?[1-9](?:{_SEP}\d){{8}}"
    # 0800 and 0900 numbers have four or seven digits after the prefix
    + rf"|0[89]0\d(?:{_SEP}\d){{7}}"
    # (06) 12345678, (010) 1234567, (0182) 123 456
    + rf"|\(0[1-9]\)[ ]?\d(?:{_SEP}\d){{7}}"
    + rf"|\(0[1-9]\d\)[ ]?\d(?:{_SEP}\d){{6}}"
    + rf"|\(0[1-9]\d\d\)[ ]?\d(?:{_SEP}\d){{5}}"
    # 06-12345678, 010-1234567, 0182 123456: ten digits in all
    + rf"|0[1-9](?:{_SEP}\d){{8}}"
    + rf"|0[89]0\d(?:{_SEP}\d){{4}}"
    + r")"
    + _NUMBER_END
)

# A number right after one of these words is a reference, even when it has the
# shape of a phone number or passes the elfproef ("zaaknummer 0182-123456").
# "klant" alone is not among them: "klant 06-12345678" is a client's number.
_CASE_NUMBER_BEFORE = re.compile(
    r"\b(?:(?:zaak|dossier|referentie|ref|kenmerk|factuur|casus|case|reference)"
    r"(?:nummer|number|nr|no)?"
    r"|(?:klant|order|aanvraag|registratie|polis|subsidie|project)(?:nummer|nr|no))"
    r"\.?(?:[ ]*(?:nr|no|nummer|number)\.?)?[\s:#.-]*$",
    re.IGNORECASE,
)


def _is_reference(text, start):
    return _CASE_NUMBER_BEFORE.search(text, max(0, start - 30), start) is not None


# "06-03-2024 12 deelnemers" has ten digits, but it is a date and a count.
_DATE_AHEAD = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{4}(?!\d)")


def _phones(text):
    for m in _PHONE_RE.finditer(text):
        if _DATE_AHEAD.match(m.group()):
            continue
        if _is_reference(text, m.start()):
            continue
        yield Finding(PHONE, m.start(), m.end(), m.group())


# --- IBAN ----------------------------------------------------------------------------------

_IBAN_CANDIDATE_RE = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}")

# Knowing the length per country tells where an IBAN written in groups ends, so
# a word after it ("NL91 ABNA 0417 1643 00 voor de huur") is not taken along.
# Only these countries count: with the length fixed, the 1-in-97 chance that
# ordinary text passes the check stays a 1-in-97 chance, not one per length.
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22,
    "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MA": 28, "MC": 27, "ME": 22, "MK": 19,
    "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "AE": 23, "AL": 28,
    "AZ": 28, "BH": 22, "BR": 29, "BY": 28, "EG": 29, "GE": 22, "IL": 23, "IQ": 23,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "MD": 24, "PK": 24, "PS": 29, "QA": 29,
    "SA": 24, "XK": 20,
}  # fmt: skip


def is_valid_iban(value: str) -> bool:
    """The ISO 13616 check: the length of the country, then move the first four
    characters to the end, read letters as 10..35, and that number modulo 97 is 1."""
    compact = re.sub(r"\s+", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_at(text, m):
    """The end offset of a valid IBAN starting where m starts, or None."""
    ends = []  # ends[i]: offset just after the (i+1)-th letter or digit
    chars = []
    for offset in range(m.start(), m.end()):
        if text[offset] != " ":
            chars.append(text[offset])
            ends.append(offset + 1)
    length = _IBAN_LENGTHS.get("".join(chars[:2]).upper())
    if length is None or length > len(chars):
        return None
    end = ends[length - 1]
    if end < len(text) and text[end].isalnum():
        return None
    return end if is_valid_iban("".join(chars[:length])) else None


def _ibans(text):
    pos = 0
    while m := _IBAN_CANDIDATE_RE.search(text, pos):
        end = _iban_at(text, m)
        if end is None:
            # A false start ("xx12 NL91...") must not hide an IBAN inside it.
            pos = m.start() + 1
            continue
        yield Finding(IBAN, m.start(), end, text[m.start() : end])
        pos = end


# --- House numbers (shared by postcodes and streets) ----------------------------------------

# 12, 12a, 12 A, 14-2, 3/5, 12-II, 5 bis, 12 hs
_HOUSE_NUMBER = (
    r"\d{1,5}"
    # 12a, 12 A; "45b." at the end of a sentence, but not "12 A. Jansen"
    r"(?:[A-Za-z](?![\w/'\u2019])(?!\.\S)|[ ][A-Za-z](?![\w/.'\u2019]))?"
    r"(?:[ ]?[-/][ ]?(?:\d{1,4}[A-Za-z]?|[IVX]{1,4}|[A-Za-z]{1,3})(?!\w))?"
    r"(?:[ ](?:bis|hs|bg|sous|zw|I{1,3})(?!\w))?"
) + r"(?![\w%])(?![.,:]\d)"

# "In de Kerkstraat 12 gezinnen ..." counts people, it does not give an address.
_COUNT_AFTER = re.compile(
    r"[ ]*(?:%|procent|x\b|keer\b|maal\b|jaar|jr\b|jarigen|uur\b|min\b|minuten|weken|week\b"
    r"|dagen|dag\b|maanden|maand\b|mensen|personen|gezinnen|huishoudens|kinderen|ouderen"
    r"|jongeren|bewoners|deelnemers|vrijwilligers|cli[eë]nten|signalen|meldingen"
    r"|euro|km\b|meter|m2|m²|plekken|plaatsen|woningen|huizen|adressen|stuks)",
    re.IGNORECASE,
)


# --- Postcode ------------------------------------------------------------------------------

_POSTCODE_RE = re.compile(
    _NUMBER_START + r"[1-9]\d{3}(?:[ ]?(?!S[ADS])[A-Z]{2}|(?!s[ads])(?P<lower>[a-z]{2}))(?!\w)"
    r"(?:(?:,[ ]?|[ ])(?P<number>" + _HOUSE_NUMBER + r"))?"
)
# "1500ml" and "1000mg" have the shape of a postcode written in lower case.
_UNITS = frozenset(
    {"mg", "ml", "kg", "km", "cm", "mm", "dl", "cl", "kb", "mb", "gb", "tb", "kw", "ha", "pk"}
)


def _postcodes(text):
    for m in _POSTCODE_RE.finditer(text):
        if m.group("lower") in _UNITS:
            continue
        end = m.end()
        if m.group("number") and _COUNT_AFTER.match(text, end):
            end = m.start("number")
            # drop the ", " or " " between the postcode and the count
            while text[end - 1] in ", ":
                end -= 1
        yield Finding(POSTCODE_HOUSE_NUMBER, m.start(), end, text[m.start() : end])


# --- Date of birth -------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "maa": 3, "mar": 3, "mrt": 3, "apr": 4, "mei": 5, "may": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>januari|january|jan|februari|february|febr|feb|maart|march|mrt|mar|april|apr"
    r"|mei|may|juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober"
    r"|october|okt|oct|november|nov|december|dec)\.?"
)
_DATE_PATTERNS = (
    # 12-03-1984, 12/3/1984, 12.03.1984, 12-03-84
    re.compile(
        _NUMBER_START + r"(?P<day>[0-3]?\d)(?P<sep>[-./])(?P<mon>[01]?\d)(?P=sep)"
        r"(?P<year>\d{4}|\d{2})" + _NUMBER_END
    ),
    # 1984-03-12
    re.compile(
        _NUMBER_START
        + r"(?P<year>\d{4})(?P<sep>[-/.])(?P<mon>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
        + _NUMBER_END
    ),
    # 12 maart 1984, 3 jan. 1950, 1 mei '84
    re.compile(
        r"(?<![\w.,])(?P<day>[0-3]?\d)(?:e|ste|de|st|nd|rd|th)?[ ]+"
        + _MONTH
        + r",?[ ]+(?P<year>\d{4}|['\u2019]\d{2})"
        + _NUMBER_END,
        re.IGNORECASE,
    ),
    # March 12, 1984
    re.compile(
        # \b rather than a lookbehind: the same here (a month starts with a letter), and
        # it lets the engine skip ahead to likely starts.
        r"\b"
        + _MONTH
        + r"[ ]+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?[ ]+(?P<year>\d{4})"
        + _NUMBER_END,
        re.IGNORECASE,
    ),
)
_BIRTH_WORD = re.compile(
    r"(?<!\w)(?:geboren|geboortedatum|geb(?:\.|(?!\w))|born|date[ ]of[ ]birth|birth[ ]?date"
    r"|d\.?o\.?b(?!\w))|°",
    re.IGNORECASE,
)
_BIRTH_WORD_REACH = 25
_OLDEST_BIRTH_YEAR = 1900
# Younger than this many years, a date is more likely an appointment than a birthday.
_RECENT_YEARS = 14


def _date_parts(m, this_year):
    """(year, two_digit_year) of a date match, or None when it is no real date."""
    year_text = m.group("year").lstrip("'\u2019")
    year = int(year_text)
    two_digit = len(year_text) == 2
    if two_digit:
        year += 2000 if year <= this_year % 100 else 1900
    month = m.group("mon") if "mon" in m.re.groupindex else None
    month = int(month) if month else _MONTHS[m.group("month")[:3].lower()]
    day = int(m.group("day"))
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, two_digit


def _dates_of_birth(text, this_year):
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = _date_parts(m, this_year)
            if parts is None:
                continue
            year, two_digit = parts
            near_birth_word = _BIRTH_WORD.search(
                text, max(0, m.start() - _BIRTH_WORD_REACH), m.start()
            )
            old_enough = not two_digit and _OLDEST_BIRTH_YEAR <= year < this_year - _RECENT_YEARS
            if near_birth_word or old_enough:
                yield Finding(DATE_OF_BIRTH, m.start(), m.end(), m.group())


# --- Street and house number ---------------------------------------------------------------

# Suffixes that rarely end an ordinary word, so "kerkstraat 12" in lower case counts.
_STREET_SUFFIXES = (
    "straat", "laan", "plein", "kade", "gracht", "singel", "dijk", "steeg", "dreef",
    "plantsoen", "boulevard", "weg",
)  # fmt: skip
# Suffixes that also end common words ("arbeidsmarkt", "fietspad", "kwartier"):
# only a capitalised name counts.
_CAPITALISED_SUFFIXES = (
    "hof", "hoven", "park", "pad", "markt", "wal", "erf", "kwartier", "haven", "baan",
    "veld", "ring", "poort", "kant", "oord", "zijde", "vest",
)  # fmt: skip
# A bare suffix is a street only when capitalised and in this list ("Markt 12").
_BARE_STREETS = frozenset(
    {"markt", "singel", "boulevard", "plantsoen", "dreef", "kade", "gracht", "plein", "haven"}
)
_NOT_STREETS = frozenset({"onderweg", "snelweg", "omweg", "uitweg", "zijweg", "rijweg"})
_STREET_PREFIX = (
    r"(?:Van|De|Den|Der|Het|'t|Ter|Ten|Burgemeester|Burg\.|Prins|Prinses|Koning|Koningin"
    r"|Oude|Nieuwe|Lange|Korte|Hoge|Lage|Groote?|Grote|Kleine?|Sint|St\.|Dokter|Dr\.|Professor"
    r"|Prof\.|Graaf|Gravin|Generaal|Kapitein|Pater|Pastoor|Jonker|Mr\.|Mgr\."
    # a town's adjective: "Goudse Houtstraat", "Haagse Markt"
    r"|[A-Z][a-z]+s(?:e|che))"
    r"[ ]+(?:(?:van|de|der|den|het|'t|ter|ten)[ ]+)*"
)
# Scanning for "a word, then a number" and checking the suffix in Python is several
# times faster than one pattern with the suffixes in it: most words fail at once.
_WORD_BEFORE_NUMBER_RE = re.compile(r"[^\W\d_][\w'-]*+[ ]+(?=\d)")
_HOUSE_NUMBER_RE = re.compile(_HOUSE_NUMBER)
# Titles and particles in front of the name: "Burgemeester van Reenensingel".
_STREET_PREFIX_RE = re.compile(rf"(?<![\w'-])(?:{_STREET_PREFIX})+\Z")
_PREFIX_REACH = 60


def _is_street_name(name: str) -> bool:
    lower = name.lower()
    if lower in _NOT_STREETS:
        return False
    capitalised = name[0].isupper()
    for suffix in _STREET_SUFFIXES + _CAPITALISED_SUFFIXES:
        if not lower.endswith(suffix):
            continue
        if lower == suffix:
            return capitalised and lower in _BARE_STREETS
        if capitalised:
            return True
        return suffix in _STREET_SUFFIXES and len(lower) - len(suffix) >= 2
    return False


def _street_addresses(text):
    for m in _WORD_BEFORE_NUMBER_RE.finditer(text):
        start = m.start()
        if start and text[start - 1] == "'" and not text[start - 2 : start - 1].isalnum():
            start -= 1  # 's-Gravenweg
        elif start and (text[start - 1].isalnum() or text[start - 1] in "_'-"):
            continue  # the tail of a word such as "3b"
        name = m.group().rstrip(" ")
        if not _is_street_name(name):
            continue
        number = _HOUSE_NUMBER_RE.match(text, m.end())
        if number is None or _COUNT_AFTER.match(text, number.end()):
            continue
        prefix = _STREET_PREFIX_RE.search(text, max(0, start - _PREFIX_REACH), start)
        if prefix:
            start = prefix.start()
        yield Finding(STREET_ADDRESS, start, number.end(), text[start : number.end()])


# --- Names ---------------------------------------------------------------------------------

# A name is a run of initials, particles and capitalised words that a word list, a
# relation word or an initial marks as one: "buurman Piet", "zoon mohammed", "Familie
# Yilmaz", "gezin De Vries", "cliënte Fatima B.", "J. Bakker", "A.B. de Wit", "Annie
# Smit", "Jansen-de Vries", "dhr. van der Berg"; or a first name or surname on its own
# when it is not also an ordinary word ("Piet", "Yilmaz"). A name that is an ordinary
# word ("Bakker", "Roos") counts only beside another name, an initial, a particle or a
# relation word; a capitalised word that no list knows counts only behind a relation
# word or an initial. The lists are in makelaar/base/names/ (its README gives their sources).

_NAMES_DIR = Path(__file__).resolve().parent / "names"


def _words(text):
    return frozenset(text.split())


def _word_list(name):
    return frozenset((_NAMES_DIR / name).read_text(encoding="utf-8").split())


_FIRST_NAMES = _word_list("first_names.txt")
_SURNAMES = _word_list("surnames.txt")
_NAMES = _FIRST_NAMES | _SURNAMES
# Names that are also ordinary Dutch words ("roos", "bakker", "dan").
_ORDINARY = _word_list("ordinary_words.txt")
_PLACES = _word_list("places.txt")

# Capitalised words that are never a name here: months, days, languages and
# nationalities, feasts, points of the compass and words that often start a sentence.
_NEVER_NAMES = _words(
    """
    januari februari maart april mei juni juli augustus september oktober november december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag kerst kerstmis pasen
    pinksteren ramadan suikerfeest offerfeest divali diwali nederland nederlands nederlandse
    nederlander frans franse engels engelse duits duitse turks turkse arabisch arabische
    marokkaans marokkaanse pools poolse surinaams surinaamse antilliaans somalisch eritrees
    syrisch afghaans oekraïens oekraïense berbers koerdisch papiaments antilliaanse
    somalische eritrese syrische afghaanse koerdische hindoestaanse creoolse molukse
    bulgaarse roemeense irakese iraanse ghanese chinese indiase indonesische russische
    spaanse italiaanse portugese braziliaanse kaapverdiaanse marokkaan turk syriër eritreeër
    somaliër afghaan surinamer antilliaan marokko turkije polen syrië eritrea somalië
    afghanistan oekraïne suriname curaçao aruba irak iran bulgarije roemenië europa afrika
    azië amerika god allah jezus noord oost zuid west centrum de het een in op met voor na
    bij als dan toen ook er zij hij ze wij we ik jij je u hun haar zijn mijn dit dat deze
    die wat wie waar hoe waarom omdat maar en of nog al alle veel meer sinds tot vanaf door
    over onder tegen tussen naast zonder vaak soms nooit altijd daarna daarom dus wel niet
    geen elke iedere ieder sommige vooral ongeveer rond ruim bijna graag samen verder
    tijdens volgens via per zo hier daar nu
    """
)
# A name right before one of these is what a building or a fund is called after
# ("Nelson Mandela Centrum", "Anne Frank School"), not a person.
_INSTITUTIONS = _words(
    """
    centrum school huis stichting fonds prijs park plein brug kerk moskee bibliotheek
    college lyceum ziekenhuis zaal tuin kliniek museum theater stadion arena hal gebouw
    foundation academie instituut hogeschool universiteit apotheek praktijk
    """
)
# ... and so is a name right after one of these ("Prins Bernhard Cultuurfonds").
_TITLES_BEFORE = frozenset({"prins", "prinses", "koning", "koningin", "sint", "st", "stichting"})
# A word ending in one of these is a street, a building or an organisation ("Piet
# Heinstraat", "Anne Frankschool"), unless a name list knows it.
_NOT_NAME_SUFFIXES = (
    "straat", "laan", "weg", "plein", "kade", "gracht", "singel", "steeg", "dreef",
    "plantsoen", "park", "school", "centrum", "huis", "kerk", "fonds", "stichting", "markt",
    "zaal", "tuin", "buurt",
)  # fmt: skip
_PARTICLES = _words(
    """
    van von de der den ter ten te du da di le la el al vd
    """
)  # "'t" is handled apart: the token is "t"
# Before a single initial these name a group or a level, not a person ("groep A. Daarna").
_LABELS = _words(
    """
    groep plan blok klas type fase vitamine bijlage route lijn stap punt optie categorie
    niveau taalniveau hal zaal afdeling vak rij
    """
)

# Relation words and the role that can replace the relation and the name together.
# Behind these, any capitalised word is taken for a name ...
_RELATIONS = {
    "buurman": "buurman", "buurvrouw": "buurvrouw", "buurjongen": "buurjongen",
    "buurmeisje": "buurmeisje", "buren": "buren", "zoon": "zoon", "zoontje": "zoon",
    "dochter": "dochter", "dochtertje": "dochter", "kleinzoon": "kleinzoon",
    "kleindochter": "kleindochter", "vader": "vader", "moeder": "moeder",
    "stiefvader": "stiefvader", "stiefmoeder": "stiefmoeder", "opa": "opa", "oma": "oma",
    "broer": "broer", "broertje": "broer", "zus": "zus", "zusje": "zus", "oom": "oom",
    "tante": "tante", "neef": "neef", "nicht": "nicht", "echtgenoot": "echtgenoot",
    "echtgenote": "echtgenote", "familie": "gezin", "fam": "gezin", "gezin": "gezin",
    "cliënt": "cliënt", "client": "cliënt", "cliënte": "cliënte", "cliente": "cliënte",
    "meneer": "meneer", "mijnheer": "meneer", "dhr": "meneer", "de heer": "meneer",
    "mr": "meneer", "hr": "meneer", "mevrouw": "mevrouw", "mevr": "mevrouw", "mw": "mevrouw",
    "mej": "mevrouw",
    "mrs": "mevrouw", "ms": "mevrouw", "miss": "mevrouw", "juf": "juf", "weduwe": "weduwe",
    "weduwnaar": "weduwnaar", "baby": "baby", "peuter": "peuter",
}  # fmt: skip
# ... behind these only a word that a name list knows ("een vrouw Nederlands" is no name).
_BROAD_RELATIONS = {
    "man": "man", "vrouw": "vrouw", "kind": "kind", "kindje": "kind", "jongen": "jongen",
    "meisje": "meisje", "partner": "partner", "vriend": "vriend", "vriendin": "vriendin",
    "klant": "klant", "bewoner": "bewoner", "bewoonster": "bewoonster", "huurder": "huurder",
    "deelnemer": "deelnemer", "deelneemster": "deelneemster", "leerling": "leerling",
    "collega": "collega", "mantelzorger": "mantelzorger", "vrijwilliger": "vrijwilliger",
    "vrijwilligster": "vrijwilligster", "patiënt": "patiënt", "patient": "patiënt",
    "meester": "meester",
}  # fmt: skip
_ABBREVIATIONS = {"fam", "dhr", "hr", "mr", "mevr", "mej", "mw", "mrs", "ms"}
_RELATION_BEFORE = re.compile(
    r"(?<![\w.])(?P<relation>de[ ]heer|"
    + "|".join(
        sorted(
            (
                r
                for r in [*_RELATIONS, *_BROAD_RELATIONS]
                if " " not in r and r not in _ABBREVIATIONS
            ),
            key=len,
            reverse=True,
        )
    )
    + r"|(?:"
    + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")\.?)[ ]+\Z",
    re.IGNORECASE,
)
_RELATION_REACH = 20
# The last word of each relation: only behind one of these is the pattern tried.
_RELATION_ENDS = frozenset(r.split()[-1] for r in [*_RELATIONS, *_BROAD_RELATIONS])
# Words before a relation word that stay when the name goes: "haar buurman Piet" becomes
# "haar buurman", "Buurman Piet" becomes "Een buurman".
_DETERMINERS = _words(
    """
    de het een haar zijn hun mijn m'n z'n d'r onze ons jullie uw die deze
    """
)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _fold(word):
    if "\u0131" in word or "\u0130" in word:  # Turkish dotless and dotted i
        word = word.replace("\u0131", "i").replace("\u0130", "I")
    return word.lower()


def _capitalised(word):
    return len(word) > 1 and word[0].isupper() and not word.isupper()


class _Tokens:
    """The words of a text, with what the name check asks of each.

    Only strings and numbers are kept per word (no match objects): the check runs on
    every save, and fewer objects per call is less work for the garbage collector.
    """

    def __init__(self, text):
        self.text = text
        self.words = _TOKEN_RE.findall(text)
        self.starts = starts = []
        self.ends = ends = []
        pos = 0
        for word in self.words:
            pos = text.find(word, pos)
            starts.append(pos)
            pos += len(word)
            ends.append(pos)
        lowered = _fold(text)
        if len(lowered) == len(text):
            self.folded = [lowered[a:b] for a, b in zip(starts, ends, strict=True)]
        else:
            self.folded = [_fold(w) for w in self.words]

    def __len__(self):
        return len(self.words)

    def gap(self, i):
        """What stands between token i - 1 and token i."""
        return self.text[self.ends[i - 1] : self.starts[i]]

    def initial(self, i):
        end = self.ends[i]
        return (
            end - self.starts[i] == 1
            and self.words[i].isupper()
            and self.text[end : end + 1] == "."
        )

    def particle(self, i):
        if self.folded[i] == "t":  # 't, as in "van 't Hof"
            start = self.starts[i]
            return start > 0 and self.text[start - 1] in "'\u2019"
        return self.folded[i] in _PARTICLES


class _Chain:
    __slots__ = (
        "end",
        "initials",
        "next",
        "particles",
        "particles_first",
        "start",
        "trailing",
        "words",
    )

    def __init__(self, start):
        self.initials = 0
        self.particles = 0
        self.particles_first = False
        self.words = []  # the folded capitalised words
        self.start = start
        self.end = start
        self.trailing = False  # an initial after the name: "Fatima B."
        self.next = 0  # the token after the chain


def _read_chain(tokens, i, lower_first=False):
    """The run of initials, particles and capitalised words from token i."""
    n = len(tokens)
    chain = _Chain(tokens.starts[i])
    j = i
    while j + 1 < n and tokens.initial(j) and tokens.gap(j + 1) in (".", ". "):
        chain.initials += 1
        chain.end = tokens.ends[j] + 1
        j += 1
    while j < n and len(chain.words) < 5:
        if chain.words and tokens.gap(j) not in (" ", "-"):
            break
        k = j
        while k + 1 < n and tokens.particle(k) and tokens.gap(k + 1) in (" ", "-"):
            k += 1
        word = tokens.words[k]
        if not (_capitalised(word) or (lower_first and k == i)):
            break
        if (chain.words or chain.initials) and (
            tokens.folded[k] in _NEVER_NAMES or tokens.folded[k] in _INSTITUTIONS
        ):
            break
        if k > j and not chain.words and not chain.initials:
            chain.particles_first = True
        chain.particles += k - j
        chain.words.append(tokens.folded[k])
        chain.end = tokens.ends[k]
        j = k + 1
    if chain.words and not chain.initials and j < n and tokens.initial(j) and tokens.gap(j) == " ":
        chain.trailing = True
        chain.end = tokens.ends[j] + 1
        j += 1
    chain.next = j
    return chain


def _relation_before(text, start):
    """(match, role, broad) of a relation word right before start, or None."""
    m = _RELATION_BEFORE.search(text, max(0, start - _RELATION_REACH), start)
    if m is None:
        return None
    relation = m.group("relation").lower().rstrip(".")
    if relation in _BROAD_RELATIONS:
        return m, _BROAD_RELATIONS[relation], True
    return m, _RELATIONS[relation], False


def _is_name(tokens, i, chain, relation):
    words = chain.words
    if not words:
        return False
    first = words[0]
    if any(w.endswith(_NOT_NAME_SUFFIXES) and w not in _NAMES for w in words):
        return False
    j = chain.next
    if j < len(tokens) and tokens.folded[j] in _INSTITUTIONS and tokens.gap(j) == " ":
        return False
    if i > 0 and tokens.folded[i - 1] in _TITLES_BEFORE and _capitalised(tokens.words[i - 1]):
        return False
    if first in _NEVER_NAMES:
        return False
    known = first in _NAMES
    if relation is not None:
        if first in _PLACES and not known:
            return False
        return known or not relation[2]
    if chain.initials:
        if chain.initials == 1 and not chain.particles and first not in _SURNAMES:
            before = tokens.folded[i - 1] if i > 0 else ""
            if before in _LABELS or re.search(
                r"\d\s*\Z", tokens.text[max(0, chain.start - 4) : chain.start]
            ):
                return False
        return True
    if chain.particles_first:
        # "de Vries", "van der Berg", "De Boer", "de Jong-Bakker": a surname after the
        # particle. One that is an ordinary word is a place or an organisation when more
        # capitals follow ("van Kort Haarlem", "de Kroon Apotheek") or when a capital
        # particle stands mid-sentence ("Jongerenwerk De Sprong").
        if first not in _SURNAMES:
            return False
        if first in _PLACES and tokens.folded[i + chain.particles - 1] in ("van", "te"):
            return False  # "bewoners van Bloemendaal"
        if first not in _ORDINARY:
            return True
        if len(words) > 1:
            return all(w in _NAMES and w not in _PLACES for w in words[1:])
        return not (tokens.words[i][0].isupper() and not _sentence_start(tokens.text, chain.start))
    if first in _FIRST_NAMES:
        if first not in _ORDINARY:
            return first not in _PLACES or len(words) > 1
        # "Mark van Dijk", "Roos Bakker", "Frank B."
        return (len(words) > 1 and words[1] in _SURNAMES) or chain.trailing
    return first in _SURNAMES and first not in _ORDINARY and first not in _PLACES


def _sentence_start(text, at):
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\n(\"'\u201c\u2018"


def _begins_sentence(text, at):
    """Whether a replacement at `at` starts a sentence and so takes a capital: after a
    full stop, not after a colon or semicolon (where a capitalised word may still be a
    name, see _sentence_start)."""
    before = text[:at].rstrip(" \t").rstrip("\"'\u201c\u2018(").rstrip(" \t")
    return not before or before[-1] in ".!?\n"


def _role(text, start, relation):
    """What can take the place of a name found at start."""
    if relation is None:
        role = "iemand"
    else:
        m, role, _ = relation
        words = text[max(0, start - 10) : start].split()
        if words and words[-1].lower() in _DETERMINERS:
            typed = m.group("relation").lower().rstrip(".")
            return {
                "fam": "familie",
                "dhr": "meneer",
                "hr": "meneer",
                "mw": "mevrouw",
                "mevr": "mevrouw",
                "mej": "mevrouw",
            }.get(typed, typed)
        role = f"een {role}"
    return role[0].upper() + role[1:] if _begins_sentence(text, start) else role


def _may_start(tokens, i):
    """Whether a name can start at token i when no relation word stands before it."""
    if tokens.initial(i):
        return True
    if tokens.particle(i):
        # "van der Berg": a capital within the next few words
        return any(_capitalised(w) for w in tokens.words[i + 1 : i + 4])
    return tokens.folded[i] in _NAMES and _capitalised(tokens.words[i])


def _names(text):
    tokens = _Tokens(text)
    n = len(tokens)
    i = 0
    while i < n:
        relation = None
        if i and tokens.folded[i - 1] in _RELATION_ENDS:
            relation = _relation_before(text, tokens.starts[i])
        if relation is None and not _may_start(tokens, i):
            i += 1
            continue
        folded = tokens.folded[i]
        # "zoon mohammed": a name in lower case counts behind a relation word
        lower_first = (
            relation is not None
            and not _capitalised(tokens.words[i])
            and folded in _NAMES
            and folded not in _ORDINARY
        )
        chain = _read_chain(tokens, i, lower_first)
        if _is_name(tokens, i, chain, relation):
            start = relation[0].start() if relation else chain.start
            yield Finding(
                NAME, start, chain.end, text[start : chain.end], _role(text, start, relation)
            )
            i = chain.next
        else:
            i += 1


# Registry names (neighbourhoods, organisations, initiatives) that look like a name
# but are allowed: they are masked before the name check runs. These few are allowed
# everywhere: organisations named after a person that every Dutch town has.
_ALWAYS_ALLOWED = (
    "Albert Heijn", "Leger des Heils", "Jan Linders", "Nelson Mandela", "Zwarte Piet",
    "Jan Modaal", "Sint Nicolaas",
)  # fmt: skip


@functools.lru_cache(maxsize=64)
def _allowed_pattern(allowed: tuple[str, ...]):
    phrases = sorted({p.strip() for p in allowed if len(p.strip()) > 1}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE
    )


def _masked(text, allowed):
    pattern = _allowed_pattern(tuple(allowed))
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group()), text)


# --- Entry points --------------------------------------------------------------------------


def _without_overlaps(findings):
    # Longest first, so "NL91 ABNA 0417 1643 00" beats the phone-like digits inside it.
    chosen = []
    for finding in sorted(findings, key=lambda f: (f.start - f.end, _SPECIFICITY[f.kind], f.start)):
        if all(finding.end <= other.start or other.end <= finding.start for other in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def find_personal_data(
    text: str, *, today: date | None = None, allowed: Iterable[str] = ()
) -> list[Finding]:
    """What in text looks like personal data, in order of start, never overlapping.

    today decides which dates count as recent (see the module docstring); tests pass it.
    allowed: names of places, organisations and initiatives that are no person's name
    even where they look like one (check_text passes the registry's own).
    """
    if not text:
        return []
    this_year = (today or date.today()).year
    findings = [
        *_emails(text),
        *_ibans(text),
        *_bsns(text),
        *_phones(text),
        *_postcodes(text),
        *_dates_of_birth(text, this_year),
        *_street_addresses(text),
        *_names(_masked(text, (*_ALWAYS_ALLOWED, *allowed))),
    ]
    return _without_overlaps(findings)


def check_text(text: str) -> list[Finding]:
    """find_personal_data for a form or an action: the entry point they all call.

    It passes the registry's own names (areas, neighbourhoods, organisations,
    initiatives, themes) as allowed, so "Koffie met Kees" or "De Sprong" stays allowed
    where the registry holds them. Nothing is cached: the registry is asked only when
    the text holds something that looks like a name, then in one query for the names
    that contain one of its words. A text without a name costs no query, so the
    query count of a page does not depend on what an earlier request left behind.
    """
    findings = find_personal_data(text)
    words = {
        _fold(word)
        for finding in findings
        if finding.kind == NAME
        for word in _TOKEN_RE.findall(finding.text)
        if len(word) > 2 and _fold(word) not in _RELATIONS and _fold(word) not in _PARTICLES
    }
    if not words:
        return findings
    allowed = registry_names(words)
    return find_personal_data(text, allowed=allowed) if allowed else findings


#: (model, field) pairs whose values are the registry's own names. The base registers
#: its areas, neighbourhoods and themes; each app adds its own in its AppConfig.ready()
#: (initiatives: organisations and initiative titles), so this module imports no app.
REGISTRY_NAME_FIELDS: list[tuple[type, str]] = []


def register_registry_names(model, field: str) -> None:
    """Let the values of `model.field` pass as the registry's own names."""
    if (model, field) not in REGISTRY_NAME_FIELDS:
        REGISTRY_NAME_FIELDS.append((model, field))


def registry_names(words) -> tuple[str, ...]:
    """The names in the registry that contain one of words, in one query."""
    from django.db.models import Q

    def containing(field):
        condition = Q()
        for word in sorted(words):
            condition |= Q(**{f"{field}__icontains": word})
        return condition

    first, *others = [
        model.objects.filter(containing(field)).values_list(field, flat=True)
        for model, field in REGISTRY_NAME_FIELDS
    ]
    return tuple(sorted(first.union(*others)))


def has_personal_data(text: str, *, today: date | None = None) -> bool:
    return bool(find_personal_data(text, today=today))


def mark(text: str, findings) -> list[tuple[str, str | None]]:
    """text cut into (segment, kind) pairs, kind None between findings, for a template
    that wraps the found parts in <mark>. Joining the segments gives text back."""
    segments = []
    pos = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < pos:
            continue
        if finding.start > pos:
            segments.append((text[pos : finding.start], None))
        segments.append((text[finding.start : finding.end], finding.kind))
        pos = finding.end
    if pos < len(text):
        segments.append((text[pos:], None))
    return segments

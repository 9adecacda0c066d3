"""Find personal data in the free text of a signal.

A signal is about a pattern, never about a client, so its description must not
name anyone or point at an address, a date of birth, a BSN, a phone number, an
e-mail address or a bank account. This module finds what looks like such data
so the form can warn the social worker and show the parts it found. It is a
safety net with a bias towards warning. Names it recognises only behind a form of
address ("mevrouw Jansen", "dhr. De Boer", "meneer Yilmaz"): a name on its own
cannot be told from any other capitalised word.

Dates follow one rule. A full date (day, month and year) is flagged as a
possible date of birth when a birth word ("geboren", "geb.", "geboortedatum",
"°", "born", "date of birth") stands up to 25 characters before it, whatever
its year; without a birth word it is flagged only when its year lies between
1900 and fourteen years ago (exclusive), because a recent or future date is
almost always an appointment or an event ("sinds 1 maart 2026 ..."). A year on
its own, a month and a year, or a day and a month are never flagged. A date with
a two-digit year ("12-03-84") counts only after a birth word.
"""

import re
from dataclasses import dataclass
from datetime import date

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

_BSN_RE = re.compile(
    _NUMBER_START + r"(?<!€)(?<!€ )"
    r"(?:\d{9}"
    r"|\d{3}([. ])\d{2}\1\d{2}\1\d{2}"
    r"|\d{3}([. ])\d{3}\2\d{3}"
    r"|\d{4}([. ])\d{2}\3\d{3})" + _NUMBER_END
)


def is_valid_bsn(value: str) -> bool:
    """The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (and not zero)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits, strict=False))
    return (total - digits[8]) % 11 == 0


def _bsns(text):
    for m in _BSN_RE.finditer(text):
        # One in eleven nine-digit numbers passes the elfproef, so a number
        # introduced as a project or case number is taken at its word.
        if is_valid_bsn(m.group()) and not _is_reference(text, m.start()):
            yield Finding(BSN, m.start(), m.end(), m.group())


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
    r"(?:[ ]?[A-Za-z](?![\w/.'\u2019]))?"
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
    r"|Prof\.|Graaf|Gravin|Generaal|Kapitein|Pater|Pastoor|Jonker|Mr\.|Mgr\.)"
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


# A form of address followed by a capitalised surname, with an optional tussenvoegsel:
# "mevrouw Jansen", "Dhr. van der Berg", "meneer El Amrani". "Mevrouw" alone, or
# followed by a lower-case word ("mevrouw vertelt"), is not a name.
_NAME_RE = re.compile(
    r"\b(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de heer|mr\.?|mrs\.?|ms\.?|miss)"
    r"\s+(?:(?:van|de|der|den|ter|ten|te|het|'t|el|al)\s+)*"
    r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'-]+(?:-[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'-]+)?",
    re.IGNORECASE,
)


def _names(text):
    for m in _NAME_RE.finditer(text):
        surname = m.group().split()[-1]
        if surname[0].isupper():
            yield Finding(NAME, m.start(), m.end(), m.group())


# --- Entry points --------------------------------------------------------------------------


def _without_overlaps(findings):
    # Longest first, so "NL91 ABNA 0417 1643 00" beats the phone-like digits inside it.
    chosen = []
    for finding in sorted(findings, key=lambda f: (f.start - f.end, _SPECIFICITY[f.kind], f.start)):
        if all(finding.end <= other.start or other.end <= finding.start for other in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def find_personal_data(text: str, *, today: date | None = None) -> list[Finding]:
    """What in text looks like personal data, in order of start, never overlapping.

    today decides which dates count as recent (see the module docstring); tests pass it.
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
        *_names(text),
    ]
    return _without_overlaps(findings)


def check_text(text: str) -> list[Finding]:
    """find_personal_data for a form or an action: the entry point they all call."""
    return find_personal_data(text)


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

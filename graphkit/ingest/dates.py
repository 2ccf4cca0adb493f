"""Reading news dates (metadata fields, date lines, datelines) as ISO strings."""

from __future__ import annotations

import re
from datetime import date as _date

__all__ = ["parse_article_date", "date_shaped", "find_date", "year_in"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"),
            ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
            ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
            ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
)
# An optional clock time and zone after a written date: ", 10:32 a.m. EST".
_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[a-z]{2,4})?)?"
)
_ISO_TIME = r"(?:[t ]\d{2}:\d{2}[\d:.]*(?:z|[+-]\d{2}:?\d{2})?)?"
_DATE_FORMS = (
    rf"{_YEAR}-(?P<mon>\d{{1,2}})-{_DAY}{_ISO_TIME}",
    rf"{_YEAR}/(?P<mon>\d{{1,2}})/{_DAY}",
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?",
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?",
)
_WHOLE_DATES = tuple(re.compile(form + _TIME, re.I) for form in _DATE_FORMS)
_DATES_IN_TEXT = tuple(re.compile(rf"\b{form}\b", re.I) for form in _DATE_FORMS[2:])
_YEAR_ONLY = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")


def parse_article_date(text: str, *, year: int | None = None) -> str | None:
    """Read a whole date string as ISO ``YYYY-MM-DD``.

    Accepts ISO 8601 (with or without a time) and the common written forms
    (``January 4, 2019``, ``4 Jan 2019``, ``Friday, January 4, 2019``). A date
    without a year (``Jan 5``) takes ``year``; with no year known it is None.
    Nothing is guessed from the clock.

    Parameters
    ----------
    text : str
        The date text, e.g. a metadata field or a Wikinews date line.
    year : int, optional
        The year for dates written without one.

    Returns
    -------
    str or None
        The ISO date, or None when ``text`` is not a (valid, complete) date.

    Examples
    --------
    >>> parse_article_date("Friday, January 4, 2019")
    '2019-01-04'
    >>> parse_article_date("2019-01-04T10:00:00Z"), parse_article_date("4 Jan 2019")
    ('2019-01-04', '2019-01-04')
    >>> parse_article_date("Jan. 5"), parse_article_date("Jan. 5", year=2020)
    (None, '2020-01-05')
    >>> parse_article_date("February 30, 2019") is None
    True
    """
    text = text.strip().rstrip(".").strip()
    for pattern in _WHOLE_DATES:
        match = pattern.fullmatch(text)
        if match:
            return _iso(match, year)
    return None


def date_shaped(text: str) -> bool:
    """True when ``text`` is written as a date, even one that cannot be.

    Examples
    --------
    >>> date_shaped("2020-13-45"), date_shaped("31 February 2020"), date_shaped("soon")
    (True, True, False)
    """
    text = text.strip().rstrip(".").strip()
    return any(pattern.fullmatch(text) for pattern in _WHOLE_DATES)


def find_date(text: str, year: int | None) -> str | None:
    """Return the first written date inside ``text`` (e.g. a dateline) as ISO.

    Examples
    --------
    >>> find_date("WASHINGTON, Jan 5 (Reuters) -", 2020)
    '2020-01-05'
    >>> find_date("KYIV, Ukraine, 24 February 2022 (AFP) -", None)
    '2022-02-24'
    """
    for pattern in _DATES_IN_TEXT:
        match = pattern.search(text)
        if match:
            return _iso(match, year)
    return None


def year_in(text: str) -> int | None:
    """Return the first plausible four-digit year in ``text``, or None.

    Examples
    --------
    >>> year_in("January 2019"), year_in("n/a")
    (2019, None)
    """
    found = _YEAR_ONLY.search(text)
    return int(found["year"]) if found else None


def _iso(match: re.Match[str], year: int | None) -> str | None:
    groups = match.groupdict()
    month = int(groups["mon"]) if groups.get("mon") else None
    if month is None:
        month = _MONTHS[groups["month"].lower()]
    year = int(groups["year"]) if groups.get("year") else year
    if year is None:
        return None
    try:
        return _date(year, month, int(groups["day"])).isoformat()
    except ValueError:
        return None

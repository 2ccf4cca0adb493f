"""Splitting plain-text news dumps into articles: headline, byline, dateline, body."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphkit.ingest.dates import date_shaped, find_date, parse_article_date
from graphkit.lexicons import packaged_path, read_jsonl
from graphkit.records import Article

__all__ = ["split_dump", "paragraphs", "parse_article", "ParsedArticle"]

_DASH = r"(?:--?|[–—])"
# "PLACE[, Country][, Date] (Agency) –": any agency name, so unknown wires count too.
_DATELINE = re.compile(
    rf"(?P<place>[^()\n]{{0,100}}?)\s*\((?P<agency>[^()\n]{{1,40}})\)\s*{_DASH}\s*"
)
# "PLACE[, Country][, Date] –" with no agency: the place must be in capitals.
_BARE_DATELINE = re.compile(
    rf"(?P<place>[^()\n]{{2,100}}?)\s+{_DASH}\s+(?=[A-Z0-9\"'“‘])"
)
# Words that open a sentence, never a place name ("In Lagos (Nigeria) –").
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the this that to with".split()
)
# An agency or outlet name: capitalised words ("Reuters", "Wire", "Daily Trust").
_AGENCY = re.compile(r"[A-Z][\w.&'’/-]*(?:\s+(?:[A-Z&][\w.&'’/-]*|of|de|du)){0,4}")
_AGENCIES = "|".join(
    re.escape(entry["name"])
    for entry in read_jsonl(packaged_path("agencies.jsonl"), required=["name"])
)
_AGENCY_LINE = re.compile(
    rf"(?:The\s+)?(?:{_AGENCIES})(?:\s+(?:staff|writers?|correspondents?))?", re.I
)
# "By" and names: capitalised words, name particles and "and", "staff", "in".
_BYLINE = re.compile(
    r"By\s+[A-Z][\w.'’-]*(?:,?\s+(?:[A-Z][\w.'’-]*|(?:al|el|bin|ibn|abu)-\w+"
    r"|and|staff|in|of|de|da|del|der|van|von|bin|al|el|le|la|du|&))*"
)
_CREDIT = re.compile(
    r"\(?\s*(?i:(?:additional\s+|compiled\s+and\s+)?"
    r"(?:reporting|writing|editing|compiled|compiling|written|edited|research"
    r"|graphics|translation|translated|produced|fact-checking)"
    r"(?:\s+and\s+\w+)?\s+by)\s+[A-Z]"
    r"|(?i:.{0,200}\bcontributed\s+(?:reporting\s+)?to\s+this\s+"
    r"(?:report|story|article))"
)
_BOILERPLATE = re.compile(
    r"Our Standards:|©|\(c\)\s|Copyright\s+(?:©|\(c\)|\d{4})", re.I
)
_SEPARATOR = re.compile(r"([-=*_~#])\1{2,}|\f")
_MD_HEADING = re.compile(r"#{1,6}\s+")
# Kinds of paragraph that open an article before its body.
_HEAD = ("byline", "date")
# Stands in for an unknown year when only asking "is this a date?" (a leap year).
_ANY_YEAR = 2000
_QUOTES = "\"'“”‘’«»()[]*_ "


def _split_dateline(paragraph: str) -> tuple[str, str]:
    """Split a leading news dateline off ``paragraph``: ``(dateline, rest)``.

    With an agency in parentheses the place may be written in any case
    ("Washington (CNN) —"); without one its first part must be in capitals
    ("NAIROBI, Kenya –"). Either way the parts after the first are
    capitalised names or dates.
    """
    match = _DATELINE.match(paragraph)
    if match and _AGENCY.fullmatch(match["agency"].strip()):
        parts = [part.strip() for part in match["place"].split(",")]
        if parts == [""] or _is_dateline_place(parts, cased=False):
            return match.group(0).strip(), paragraph[match.end() :]
    match = _BARE_DATELINE.match(paragraph)
    if match:
        parts = [part.strip() for part in match["place"].split(",")]
        if _is_dateline_place(parts, cased=True):
            return match.group(0).strip(), paragraph[match.end() :]
    return "", paragraph


def _is_dateline_place(parts: list[str], *, cased: bool) -> bool:
    """True when the comma-separated ``parts`` read as "PLACE[, Region][, Date]"."""
    first, rest = parts[0], parts[1:]
    if cased:
        head = _is_place(first)
    else:
        head = _is_place(first) or _is_name_words(first)
    head = head or bool(find_date(first, _ANY_YEAR)) and not cased
    return head and all(
        _is_name_words(part) or find_date(part, _ANY_YEAR) for part in rest
    )


def _is_name_words(text: str) -> bool:
    """True for one to four capitalised words ("Nigeria", "New South Wales")."""
    words = text.split()
    return 0 < len(words) <= 4 and all(
        w[:1].isupper() and w.lower() not in _FUNCTION_WORDS for w in words
    )


def _is_place(text: str) -> bool:
    """True for an all-caps dateline place such as ``BAGHDAD/WASHINGTON``."""
    if any(c.islower() for c in text):
        return False
    return sum(c.isalpha() for c in text) >= 2


def _is_date_line(paragraph: str) -> bool:
    """True for a line written as a date, even an impossible one (31 February)."""
    return date_shaped(paragraph)


def _is_credit(paragraph: str) -> bool:
    return len(paragraph) < 600 and _CREDIT.match(paragraph) is not None


def _is_byline(paragraph: str) -> bool:
    if _AGENCY_LINE.fullmatch(paragraph):
        return True
    return (
        _BYLINE.fullmatch(paragraph) is not None
        and len(paragraph.split()) <= 15
        and not paragraph.endswith(".")
    )


def _is_subhead(paragraph: str) -> bool:
    """True for an all-caps section subhead (``“REVOLUTION”``) or a markdown heading."""
    if _MD_HEADING.match(paragraph):
        return True
    return len(paragraph) < 120 and _is_place(paragraph)


def _is_headline(paragraph: str) -> bool:
    """True when ``paragraph`` reads as a headline: short, with no closing stop."""
    text = _MD_HEADING.sub("", paragraph).rstrip(_QUOTES)
    return (
        0 < len(text) <= 200
        and len(text.split()) <= 30
        and text[-1] not in ".!:;,"
        and (text[0].isupper() or text[0].isdigit() or text[0] in _QUOTES)
        and not _split_dateline(paragraph)[0]
    )


def _in_body(paragraph: str, kind: str) -> bool:
    """Whether ``paragraph``, of :func:`_kind` ``kind``, belongs in the body."""
    return kind not in ("credit", "byline") and not _is_subhead(paragraph)


def _kind(paragraph: str | None) -> str:
    if paragraph is None:
        return "separator"
    if _split_dateline(paragraph)[0]:
        return "dateline"
    if _is_credit(paragraph):
        return "credit"
    if _is_byline(paragraph):
        return "byline"
    if _is_date_line(paragraph):
        return "date"
    return "other"


# ------------------------------------------------------------ paragraphs


def paragraphs(text: str) -> list[str | None]:
    """Split text into clean paragraphs; ``None`` marks a hard separator line.

    Paragraphs are separated by blank lines; the wrapped lines of one paragraph
    are joined with a space, except headline, byline, dateline and credit lines,
    which stand alone even without a blank line around them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    units: list[str | None] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [_squash(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        units.extend(_block_units(lines))
    return units


def _squash(line: str) -> str:
    """``line`` with each run of whitespace one space, none at the ends."""
    # str.split() splits where the regular expression \s matches (no-break
    # space included): the same text as re.sub(r"\s+", " ", line).strip().
    return " ".join(line.split())


def _block_units(lines: list[str]) -> Iterator[str | None]:
    """Join one block's wrapped lines, keeping structural lines apart."""
    buffer: list[str] = []
    kinds = [_kind(line) for line in lines]  # each line's, once
    for index, line in enumerate(lines):
        following = kinds[index + 1] if index + 1 < len(lines) else ""
        kind = "separator" if _SEPARATOR.fullmatch(line) else kinds[index]
        starts = kind in ("dateline", "credit")
        alone = kind in ("separator", "byline", "date") or _is_subhead(line)
        heads = following in ("dateline", "byline")
        if buffer and (starts or alone or heads):
            yield " ".join(buffer)
            buffer = []
        if kind == "separator":
            yield None
        elif alone or heads:
            yield line
        else:
            buffer.append(line)
    if buffer:
        yield " ".join(buffer)


# -------------------------------------------------------- dump splitting


@dataclass(frozen=True)
class ParsedArticle:
    """The parts of one article's text: title, dateline, date and body paragraphs."""

    title: str
    dateline: str
    date: str | None
    body: tuple[str, ...]


def _segment_starts(units: Sequence[str | None], kinds: Sequence[str]) -> list[int]:
    """Where articles start: at a (headline,) byline/date/dateline block, after
    a credits line, and after a separator line."""
    starts = {0}
    for index, kind in enumerate(kinds):
        if kind in ("credit", "separator"):
            starts.add(index + 1)
        elif kind in ("byline", "dateline"):
            start = index
            while start > 0 and kinds[start - 1] in ("byline", "date"):
                start -= 1
            head = units[start - 1] if start > 0 else None
            if head and kinds[start - 1] == "other" and _is_headline(head):
                start -= 1
            starts.add(start)
    return sorted(start for start in starts if start < len(units))


def parse_article(
    units: Sequence[str], *, year: int | None, loose_title: bool
) -> ParsedArticle | None:
    """Take the headline, bylines, date line and dateline off one article's head.

    Credits, bylines, subheads and boilerplate are dropped from the body. With
    ``loose_title`` the first paragraph is the title whenever it reads as a
    headline; otherwise only when a byline, date or dateline follows it.

    Parameters
    ----------
    units : sequence of str
        The article's paragraphs (see :func:`paragraphs`).
    year : int, optional
        The year of a dateline date written without one.
    loose_title : bool
        Whether a headline-like first paragraph is the title on its own.

    Returns
    -------
    ParsedArticle or None
        None when nothing of the body is left.

    Examples
    --------
    >>> units = ["Friday, January 4, 2019", "Kyiv and Moscow traded blame."]
    >>> parse_article(units, year=None, loose_title=False).date
    '2019-01-04'
    """
    units = [unit for unit in units if not _BOILERPLATE.match(unit)]
    kinds = [_kind(unit) for unit in units]
    title = ""
    if len(units) > 1 and kinds[0] == "other" and _is_headline(units[0]):
        if loose_title or kinds[1] in ("byline", "dateline", "date"):
            title = _MD_HEADING.sub("", units[0]).strip()
            units, kinds = units[1:], kinds[1:]
    head = next((i for i, kind in enumerate(kinds) if kind not in _HEAD), len(kinds))
    dates = [_head_date(units[i], year) for i in range(head) if kinds[i] == "date"]
    dateline, first = _split_dateline(units[head]) if head < len(units) else ("", "")
    rest = list(zip(units[head + 1 :], kinds[head + 1 :], strict=True))
    if first.strip():
        rest.insert(0, (first, _kind(first)))
    body = [unit for unit, kind in rest if _in_body(unit, kind)]
    if not body:
        return None
    found = next(filter(None, dates), None) or find_date(dateline, year)
    return ParsedArticle(title, dateline, found, tuple(body))


def _head_date(line: str, year: int | None) -> str | None:
    """The ISO date of a date line; an impossible one warns and gives None."""
    found = parse_article_date(line, year=year)
    if found is None and parse_article_date(line, year=_ANY_YEAR) is None:
        warnings.warn(
            f"impossible date line {line!r}; the article is kept as undated.",
            stacklevel=2,
        )
    return found


def split_dump(
    text: str, *, source: str = "", year: int | None = None, prefix: str | None = None
) -> list[Article]:
    """Split a plain-text news dump into articles.

    An article is a headline line, an optional byline (``By A and B``), a
    dateline (``CITY, Country (Reuters) –``, ``CITY, Jan 5 (AFP) -``), body
    paragraphs with optional all-caps subheads, and an optional credits line
    (``(Reporting by …; Editing by …)``). Articles start at a headline followed
    by a byline or dateline, after a credits line, or after a separator line
    (``---``). ``Article.text`` keeps the body paragraphs only, joined by a
    blank line; bylines, credits and subheads are dropped and the dateline is
    moved to ``Article.dateline``. Text with none of this structure is one
    article whose title is its first line when that reads as a headline.

    Parameters
    ----------
    text : str
        The dump's text.
    source : str, optional
        Stored as each article's ``source`` (usually the file path).
    year : int, optional
        The year of dates written without one (``WASHINGTON, Jan 5 (Reuters)``).
    prefix : str, optional
        The id prefix; defaults to the stem of ``source``. A dump of several
        articles gives ids ``<prefix>-001``, ``<prefix>-002``...; a single
        article gets ``<prefix>``.

    Returns
    -------
    list of Article
        In the order of the text; empty when no article has a body.

    Examples
    --------
    >>> dump = '''Army and RSF agree truce
    ...
    ... By Jane Roe
    ...
    ... KHARTOUM, April 11 (Reuters) – The Sudanese army agreed a truce.
    ...
    ... FRAGILE CALM
    ...
    ... The Rapid Support Forces said they would observe it.
    ...
    ... (Reporting by Jane Roe; Editing by John Doe)'''
    >>> [article] = split_dump(dump, source="sudan.txt", year=2023)
    >>> article.id, article.title, article.date
    ('sudan', 'Army and RSF agree truce', '2023-04-11')
    >>> article.dateline
    'KHARTOUM, April 11 (Reuters) –'
    >>> print(article.text)
    The Sudanese army agreed a truce.
    <BLANKLINE>
    The Rapid Support Forces said they would observe it.
    """
    units = paragraphs(text)
    kinds = [_kind(unit) for unit in units]
    starts = _segment_starts(units, kinds)
    parsed = []
    for begin, end in zip(starts, [*starts[1:], len(units)], strict=True):
        segment = [u for u in units[begin:end] if u is not None]
        article = (
            parse_article(segment, year=year, loose_title=True) if segment else None
        )
        if article is not None:
            parsed.append(article)
    prefix = prefix if prefix is not None else (Path(source).stem or "article")
    ids = (
        [prefix]
        if len(parsed) == 1
        else [f"{prefix}-{n:03d}" for n in range(1, len(parsed) + 1)]
    )
    return [
        Article(id=id_, text="\n\n".join(p.body), title=p.title, date=p.date,
                source=source, dateline=p.dateline)
        for id_, p in zip(ids, parsed, strict=True)
    ]  # fmt: skip

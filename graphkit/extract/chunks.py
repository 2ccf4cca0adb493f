"""Long articles in bounded chunks: cutting an article's text, joining the records.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, error
E088), and the parser's working memory grows with the text it is given (about
3 KB per character for a small English pipeline). An article longer than the
chunk limit is therefore parsed as consecutive pieces of its text, each cut at
a paragraph break if the piece has one, else after a sentence end, a line
break or a space, and only as a last resort (no space at all) at the limit
itself. The records of the pieces are joined into the article's record, with
sentence and paragraph indices and character offsets counted from the start
of the whole article.

What works within a sentence (mentions, stance, affiliations) comes out the
same as when the article is parsed whole. The headline is parsed with the
first piece only. In-document links (a surname to the
full name given earlier, a defined acronym, a pronoun's antecedent) do not
cross a cut; corpus-level resolution still merges names across pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from graphkit.records import Article, DocRecord

__all__ = ["CHUNK_CHARS", "Piece", "join_records", "pieces"]

# Matches the extractor's batch budget: one piece is one batch's worth of text.
CHUNK_CHARS = 50_000
_PARAGRAPH = "\n\n"
# A sentence end (with closing quotes or brackets) and the space after it.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_LINE = re.compile(r"\n+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    """One piece of an article's text, to be parsed as an article of its own.

    ``article`` carries the piece's text and the whole article's metadata;
    ``offset`` is where the piece starts in ``whole.text``, ``paragraph`` how
    many paragraph breaks come before it, and ``last`` whether it ends the
    article.
    """

    article: Article
    whole: Article
    offset: int = 0
    paragraph: int = 0
    last: bool = True


def pieces(article: Article, *, limit: int = CHUNK_CHARS) -> Iterator[Piece]:
    """Cut ``article`` into pieces of at most ``limit`` characters, lazily.

    An article within the limit is one piece, the article itself. The pieces'
    texts, in order, are the article's text.

    Parameters
    ----------
    article : Article
        The article to cut.
    limit : int
        Most characters per piece (at least 2).

    Yields
    ------
    Piece
        In text order; the last one has ``last`` set.

    Examples
    --------
    >>> text = "One. Two.\\n\\nThree four. Five six."
    >>> [p.article.text for p in pieces(Article("a", text), limit=14)]
    ['One. Two.\\n\\n', 'Three four. ', 'Five six.']
    >>> [p.paragraph for p in pieces(Article("a", text), limit=14)]
    [0, 1, 1]
    """
    text = article.text
    if len(text) <= limit:
        yield Piece(article, article)
        return
    start = paragraph = 0
    while start < len(text):
        end = _cut(text, start, limit)
        # the headline is parsed once, with the first piece
        title = article.title if start == 0 else ""
        yield Piece(
            replace(article, text=text[start:end], title=title),
            article,
            offset=start,
            paragraph=paragraph,
            last=end == len(text),
        )
        paragraph += text.count(_PARAGRAPH, start, end)
        start = end


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece of ``text`` starting at ``start`` ends (exclusive).

    A cut never splits a paragraph break ``"\\n\\n"`` as the whole text counts
    them (from the start of each run of line breaks, two at a time), so that
    paragraph indices add up over the pieces.

    Examples
    --------
    >>> _cut("ab. cd ef", 0, 8)
    4
    >>> _cut("abcdefgh", 0, 5)
    5
    """
    end = start + limit
    if end >= len(text):
        return len(text)
    at = text.rfind(_PARAGRAPH, start + 1, end)
    if at > start:
        cut = _LINE.match(text, at).end()  # type: ignore[union-attr]
        cut = cut if cut <= end else at
    else:
        cut = _last_end(_SENTENCE_END, text, start, end)
        cut = cut or _last_end(_LINE, text, start, end)
        cut = cut or _last_end(_SPACE, text, start, end)
        cut = cut or end
    return _whole_breaks(text, cut, start)


def _last_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """The end of the last match of ``pattern`` inside ``text[start:end]``, or 0."""
    found = 0
    for match in pattern.finditer(text, start, end):
        found = match.end()
    return found if found > start else 0


def _whole_breaks(text: str, cut: int, start: int) -> int:
    """Move ``cut`` back by one if it falls inside a ``"\\n\\n"`` pair."""
    if not (text[cut - 1] == "\n" and cut < len(text) and text[cut] == "\n"):
        return cut
    run = cut - 1
    while run > start and text[run - 1] == "\n":
        run -= 1
    # Runs that started in an earlier piece were cut at an even count already.
    odd = (cut - run) % 2
    return cut - odd if cut - odd > start else cut + 1


def join_records(parts: Sequence[tuple[Piece, DocRecord]]) -> DocRecord:
    """The record of a whole article from the records of its pieces, in order.

    Sentence indices continue from piece to piece, paragraph indices and
    character offsets are counted from the start of the whole article. One
    piece that is the whole article gives its record back unchanged.

    Parameters
    ----------
    parts : sequence of (Piece, DocRecord)
        Every piece of one article with its record, in text order.

    Returns
    -------
    DocRecord
        The record of ``parts[0][0].whole``.

    Examples
    --------
    >>> text = "One.\\n\\nTwo."
    >>> cut = list(pieces(Article("a", text), limit=6))
    >>> recs = [DocRecord(p.article, (p.article.text.strip(),), (0,)) for p in cut]
    >>> joined = join_records(list(zip(cut, recs)))
    >>> joined.sentences, joined.sentence_paragraphs, joined.article.text == text
    (('One.', 'Two.'), (0, 1), True)
    """
    first, first_rec = parts[0]
    if len(parts) == 1 and first.article is first.whole:
        return first_rec
    sentences: list[str] = []
    paragraphs: list[int] = []
    mentions, relations, affiliations = [], [], []
    for piece, rec in parts:
        sent, para, offset = len(sentences), piece.paragraph, piece.offset
        sentences += rec.sentences
        paragraphs += [p + para for p in rec.sentence_paragraphs]
        mentions += [
            replace(
                m,
                sent=m.sent + sent,
                paragraph=m.paragraph + para,
                start=m.start + offset,
                end=m.end + offset,
            )
            for m in rec.mentions
        ]
        relations += [replace(r, sent=r.sent + sent) for r in rec.relations]
        affiliations += [replace(a, sent=a.sent + sent) for a in rec.affiliations]
    return DocRecord(
        article=first.whole,
        sentences=tuple(sentences),
        sentence_paragraphs=tuple(paragraphs),
        mentions=tuple(mentions),
        relations=tuple(relations),
        affiliations=tuple(affiliations),
        headline=first_rec.headline,
    )

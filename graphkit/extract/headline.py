"""An article's headline parsed as its first sentence, and its record mapped back.

Actors and ties that only the headline states ("Kano governor bans rallies")
would be lost if only the body were parsed. The text parsed for an article is
therefore its headline, a paragraph break, then its body
(:func:`parsed_text`). The headline is written to parse as a sentence of its
own: whitespace inside it becomes spaces, an end mark is added when it has
none, and a title-cased headline ("Kano Governor Bans Rallies In City") gets
the case its words have in the body, so the tagger does not read every word
as a name. Each of these keeps the headline's character offsets.

:func:`unheaded` maps the record of that text back onto the article:

- the headline's sentences come first (``DocRecord.headline`` says how many)
  and belong to paragraph -1, so the body's paragraphs keep their indices;
- a body mention's offsets are into ``Article.text``, as without a headline;
  a headline mention's are into ``Article.title``, and its text and its
  sentence's text are the headline as written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.records import Article, DocRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["HEADLINE_PARAGRAPH", "headline", "parsed_text", "unheaded"]

HEADLINE_PARAGRAPH = -1
_BREAK = "\n\n"
_ENDED = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words a title-cased headline capitalises that are almost never names.
_MINOR = frozenset(
    "a an and as at but by for from in into of on or over the to up via with".split()
)
# A headline is title-cased when each of its words but minor ones, and at least
# this many, is capitalised.
_TITLE_CASED = 3


def headline(article: Article) -> str:
    """The headline of ``article`` as it is parsed, or "" without one.

    Same length as ``article.title`` with trailing whitespace removed, plus an
    end mark if it has none.

    Examples
    --------
    >>> body = "Kano's governor banned rallies."
    >>> headline(Article("a", body, title="Kano Governor Bans Rallies"))
    'Kano governor bans rallies.'
    >>> headline(Article("a", "Body.", title="Iran fires missiles?"))
    'Iran fires missiles?'
    >>> headline(Article("a", "Body."))
    ''
    """
    title = re.sub(r"\s", " ", article.title).rstrip()
    if not title.strip():
        return ""
    title = _recased(title, article.text)
    return title if _ENDED.search(title) else title + "."


def parsed_text(article: Article) -> str:
    """The text to parse for ``article``: its headline, a paragraph break, its body.

    Examples
    --------
    >>> parsed_text(Article("a", "Ali spoke.", title="Ali speaks"))
    'Ali speaks.\\n\\nAli spoke.'
    >>> parsed_text(Article("a", "Ali spoke."))
    'Ali spoke.'
    """
    head = headline(article)
    return f"{head}{_BREAK}{article.text}" if head else article.text


def unheaded(rec: DocRecord, doc: Doc, article: Article) -> DocRecord:
    """The record of ``article`` from ``rec``, extracted from :func:`parsed_text`.

    ``rec`` was extracted from ``doc``, the parse of ``parsed_text(article)``,
    with ``rec.article`` holding that text. Returns the record with the
    article itself, the headline's sentences counted in ``headline``, and the
    offsets and paragraphs described in the module docstring.
    """
    shift = len(rec.article.text) - len(article.text)  # headline and break
    if shift <= 0:
        return replace(rec, article=article)
    sents = list(doc.sents)
    count = sum(s.start_char < shift for s in sents)
    title = article.title
    sentences = [
        title[s.start_char : s.end_char].strip() if i < count else text
        for i, (s, text) in enumerate(zip(sents, rec.sentences, strict=True))
    ]
    return replace(
        rec,
        article=article,
        headline=count,
        sentences=tuple(sentences),
        sentence_paragraphs=tuple(
            HEADLINE_PARAGRAPH if i < count else p - 1
            for i, p in enumerate(rec.sentence_paragraphs)
        ),
        mentions=tuple(_mention(m, count, shift, title) for m in rec.mentions),
        relations=tuple(
            replace(r, sentence=sentences[r.sent]) if r.sent < count else r
            for r in rec.relations
        ),
        affiliations=tuple(
            replace(a, sentence=sentences[a.sent]) if a.sent < count else a
            for a in rec.affiliations
        ),
    )


def _mention(m: Mention, count: int, shift: int, title: str) -> Mention:
    if m.sent < count:
        return replace(m, paragraph=HEADLINE_PARAGRAPH, text=title[m.start : m.end])
    start, end = m.start - shift, m.end - shift
    return replace(m, paragraph=m.paragraph - 1, start=start, end=end)


def _recased(title: str, body: str) -> str:
    """A title-cased ``title`` with each word in the case the body gives it.

    Sentence case is left as written.
    A capitalised word after the first becomes lowercase unless the body
    writes it capitalised too (names do) or it is an acronym; a minor word
    ("Of", "In") always does.

    Examples
    --------
    >>> _recased("Governor Of Kano Bans Rallies", "The governor bans rallies in Kano.")
    'Governor of Kano bans rallies'
    >>> _recased("Kano governor bans rallies", "")
    'Kano governor bans rallies'
    """
    words = list(_WORD.finditer(title))
    major = [w for w in words if w.group().lower() not in _MINOR]
    if len(major) < _TITLE_CASED or not all(w.group()[0].isupper() for w in major):
        return title
    capital = [w for w in words if w.group()[0].isupper()]
    seen = {word.rstrip(".") for word in _WORD.findall(body)}
    out = list(title)
    for w in capital[1:] if capital and capital[0] is words[0] else capital:
        word = w.group().rstrip(".")
        small = word[0].lower() + word[1:]
        if word.isupper() and len(word) > 1:
            continue  # an acronym
        if small in _MINOR or word not in seen:
            out[w.start()] = small[0]
    return "".join(out)

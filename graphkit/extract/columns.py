"""The token attributes of one parsed document as plain lists, read once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from operator import add
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Columns"]

# what follows a token, by its SPACY attribute
_WHITESPACE = ("", " ")


@dataclass(frozen=True)
class Columns:
    """One document's token attributes, a column each: ``lemma[i]`` is
    ``doc[i].lemma_``.

    The rules that walk every token of a document filter on these columns and
    build a ``Token`` (``doc[i]``) only for the few that pass: a ``for tok in
    doc`` walk builds a ``Token`` for every word and decodes its strings again,
    once per rule. The columns are read in one pass over the document's
    attribute array, each distinct string decoded once.

    Attributes
    ----------
    lower, lemma, pos, tag, dep, orth : tuple of str
        ``lower_``, ``lemma_``, ``pos_``, ``tag_``, ``dep_`` and ``text`` of
        each token.
    idx : tuple of int
        ``idx`` of each token: where it starts in :attr:`text`.
    text : str
        ``doc.text`` (each read of which joins every token's text again).
    doc : Doc
        The document itself (not compared), whose sentences and entities
        :attr:`sents` and :attr:`ents` read once.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Chad", "condemned", "it"],
    ...           pos=["PROPN", "VERB", "PRON"], lemmas=["Chad", "condemn", "it"])
    >>> cols = Columns.of(doc)
    >>> cols.lower, cols.lemma[1], cols.pos
    (('chad', 'condemned', 'it'), 'condemn', ('PROPN', 'VERB', 'PRON'))
    >>> cols.where(["it", "Chad", "Sudan"])
    [0, 2]
    """

    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    pos: tuple[str, ...]
    tag: tuple[str, ...]
    dep: tuple[str, ...]
    orth: tuple[str, ...]
    idx: tuple[int, ...]
    text: str
    doc: Doc = field(compare=False, repr=False)
    # (start char, end char) -> its span, for char_span
    _spans: dict[tuple[int, int], Span | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        """Read the columns of ``doc``."""
        # Imported here: a build that parses nothing never imports spaCy.
        import numpy as np
        from spacy.attrs import DEP, IDX, LEMMA, LOWER, ORTH, POS, SPACY, TAG

        strings = doc.vocab.strings
        array = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, ORTH, SPACY, IDX])
        # each distinct string decoded once, then spread back over the columns
        values, index = np.unique(array[:, :6], return_inverse=True)
        names = np.array([strings[v] for v in values.tolist()], dtype=object)
        lower, lemma, pos, tag, dep, orth = map(
            tuple, names[index.reshape(-1, 6).T].tolist()
        )
        spaces = array[:, 6].tolist()
        # as Doc.text joins Token.text_with_ws, without making every Token
        text = "".join(map(add, orth, map(_WHITESPACE.__getitem__, spaces)))
        idx = tuple(array[:, 7].tolist())
        return cls(lower, lemma, pos, tag, dep, orth, idx, text, doc)

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``, sliced from :attr:`text` (without making a
        span and a ``Token`` for each of its words)."""
        if start >= end:
            return ""
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.orth[end - 1])]

    def char_span(self, start: int, end: int) -> Span | None:
        """``doc.char_span(start, end, alignment_mode="expand")`` (the tokens
        covering a mention's characters), made once per range: several rules
        look up the tokens of each mention."""
        key = (start, end)
        if key not in self._spans:
            self._spans[key] = self.doc.char_span(start, end, alignment_mode="expand")
        return self._spans[key]

    @cached_property
    def sents(self) -> tuple[Span, ...]:
        """``doc.sents``, read once: each read makes every sentence's span again."""
        return tuple(self.doc.sents)

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        """``doc.ents``, read once: each read makes every entity's span again."""
        return tuple(self.doc.ents)

    @cached_property
    def ent_texts(self) -> tuple[str, ...]:
        """The text of each of :attr:`ents`, sliced from :attr:`text` (each read
        of ``Span.text`` makes a ``Token`` for each of its words)."""
        return tuple(self.text_of(ent.start, ent.end) for ent in self.ents)

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Token text -> the indices of the tokens written so, in order."""
        found: dict[str, list[int]] = {}
        for i, word in enumerate(self.orth):
            found.setdefault(word, []).append(i)
        return found

    def where(self, words: Iterable[str]) -> list[int]:
        """Indices of the tokens written as one of ``words``, in order."""
        at = self.positions
        return sorted(i for word in set(words) for i in at.get(word, ()))

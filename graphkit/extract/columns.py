"""The token attributes of one parsed document as plain lists, read once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Columns"]


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
    lower, lemma, pos, tag, dep : tuple of str
        ``lower_``, ``lemma_``, ``pos_``, ``tag_`` and ``dep_`` of each token.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Chad", "condemned", "it"],
    ...           pos=["PROPN", "VERB", "PRON"], lemmas=["Chad", "condemn", "it"])
    >>> cols = Columns.of(doc)
    >>> cols.lower, cols.lemma[1], cols.pos
    (('chad', 'condemned', 'it'), 'condemn', ('PROPN', 'VERB', 'PRON'))
    """

    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    pos: tuple[str, ...]
    tag: tuple[str, ...]
    dep: tuple[str, ...]

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        """Read the columns of ``doc``."""
        # Imported here: a build that parses nothing never imports spaCy.
        from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG

        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, LEMMA, POS, TAG, DEP]).T.tolist()
        names = {i: strings[i] for i in {i for row in rows for i in row}}
        return cls(*(tuple(map(names.__getitem__, row)) for row in rows))

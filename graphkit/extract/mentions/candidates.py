"""Mention candidates: what the mention finder knows of a name before it is a record."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["KIND_RANK", "Candidate"]

# Tie-break between kinds with equal votes: the more specific actor wins.
KIND_RANK = {"person": 5, "organization": 4, "state": 3, "group": 2, "norp": 1}


@dataclass(frozen=True)
class Candidate:
    """One possible actor mention in a parsed document.

    ``start``/``end`` are token indices, ``start_char``/``end_char`` character
    offsets into the document text. ``fixed`` marks a kind and key taken from
    a lexicon (no in-document relinking); ``person`` marks a name that a title,
    rank or in-document link vouches for as a person. ``written`` is the name
    as the text wrote it before titles were stripped ("U.S. President Trump"),
    when that differs from the mention text.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    label: str
    key: str
    kind: str
    fixed: bool = False
    person: bool = False
    written: str = ""

    @classmethod
    def of_span(
        cls, span: Span, label: str, key: str, kind: str, **flags: Any
    ) -> Candidate:
        """A candidate covering ``span``."""
        return cls(
            span.start, span.end, span.start_char, span.end_char, label, key, kind,
            **flags,
        )  # fmt: skip

    def on_token(self, token: Token, *, label: str | None = None) -> Candidate:
        """The same actor mentioned again by the single token ``token``."""
        return replace(
            self,
            start=token.i,
            end=token.i + 1,
            start_char=token.idx,
            end_char=token.idx + len(token.text),
            label=label or self.label,
            written="",
        )

    def extended_to(self, token: Token, key: str) -> Candidate:
        """The candidate widened leftwards to ``token``, as the person ``key``."""
        return replace(
            self, start=token.i, start_char=token.idx, key=key, kind="person",
            person=True,
        )  # fmt: skip

    def keyed(
        self, key: str, *, kind: str | None = None, person: bool | None = None
    ) -> Candidate:
        """The candidate with another key (and optionally kind and person flag)."""
        kind = self.kind if kind is None else kind
        person = self.person if person is None else person
        if (key, kind, person) == (self.key, self.kind, self.person):
            return self  # most calls: an equal copy would cost a replace()
        return replace(self, key=key, kind=kind, person=person)

"""Plain, frozen records passed between graphkit's stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self

__all__ = [
    "Article",
    "Mention",
    "Actor",
    "Relation",
    "Affiliation",
    "DocRecord",
    "KeyStats",
    "Merge",
    "Drop",
    "Resolution",
    "Polarity",
    "Confidence",
    "CONFIDENCES",
]

Polarity = Literal["support", "oppose"]
# How directly the text states a tie: said outright, reported or alleged by
# someone, or inferred (a resolved pronoun, an implied reading).
Confidence = Literal["explicit", "reported", "inferred"]
# The levels of :data:`Confidence`, strongest first.
CONFIDENCES: tuple[Confidence, ...] = ("explicit", "reported", "inferred")


class _Record:
    """JSON round-tripping shared by the flat records.

    Their fields hold strings, numbers and tuples of strings only, so a field
    dict is already what ``dataclasses.asdict`` would return (which copies
    recursively, slowly: records are encoded and decoded by the thousand).
    """

    # Set by @dataclass on each record class: its fields by name, in order.
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build the record from :meth:`to_dict` output, ignoring unknown keys."""
        names = cls.__dataclass_fields__
        return cls(
            **{
                k: tuple(v) if isinstance(v, list) else v
                for k, v in data.items()
                if k in names
            }
        )


@dataclass(frozen=True)
class Article(_Record):
    """One news document: its body text and metadata.

    ``text`` is the body only (no headline, byline, dateline or credits);
    paragraphs are separated by a blank line (``"\\n\\n"``). ``date`` is ISO
    ``YYYY-MM-DD`` or None when the document has no date. ``source`` says where
    it came from (the input's ``source`` column, else its ``url``, else the file)
    and ``url`` is the input's link to the article, when it had one.

    Examples
    --------
    >>> a = Article(id="a1", text="Iran fired missiles.", title="Strike")
    >>> Article.from_dict(a.to_dict()) == a
    True
    """

    id: str
    text: str
    title: str = ""
    date: str | None = None
    source: str = ""
    dateline: str = ""
    url: str = ""


@dataclass(frozen=True)
class Mention(_Record):
    """A span of an article that names (or describes) an actor.

    ``start``/``end`` are character offsets into ``Article.text``; ``sent`` and
    ``paragraph`` are 0-based indices of the sentence and paragraph holding it.
    ``key`` is the name after document-level normalisation (titles, possessives
    and articles stripped, acronyms and alias-table entries expanded); corpus-level
    resolution maps keys to actor ids. ``kind`` is graphkit's actor kind
    (``person``, ``organization``, ``state``, ``group``, ``norp``, ...) and
    ``label`` the spaCy label it came from. ``written`` is the name as the text
    wrote it when titles were stripped from ``text`` ("U.S. President Trump"),
    else empty; it is kept as an alias, never used as a key.

    Examples
    --------
    >>> m = Mention("a1", 0, 0, 0, 4, "Iran", "GPE", "Iran", "state")
    >>> m.to_dict()["key"]
    'Iran'
    """

    doc: str
    sent: int
    paragraph: int
    start: int
    end: int
    text: str
    label: str
    key: str
    kind: str
    written: str = ""


@dataclass(frozen=True)
class Actor(_Record):
    """One real-world actor: the node of the graph.

    ``id`` is the canonical name; ``aliases`` every surface form merged into it,
    the written forms included; ``country`` the home country a knowledge base
    gives a known actor (an id of the alias table, "" when unknown); ``written``
    the forms with titles or nicknames the text gave it ("Prime Minister X"),
    which no mention is keyed by (a mention carries its own as ``written``).

    Examples
    --------
    >>> Actor("Iran", "state", ("Iran", "Tehran"), 3, 2).to_dict()["aliases"]
    ('Iran', 'Tehran')
    """

    id: str
    kind: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    documents: int = 0
    country: str = ""
    written: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation(_Record):
    """A signed, directed stance of one actor towards another, from one sentence.

    ``source`` and ``target`` are mention keys (see :class:`Mention`) until
    resolution maps them to actor ids. ``polarity`` is ``"support"`` or
    ``"oppose"``; ``kind`` the cue's category (``"attack"``, ``"back"``, ...);
    ``intensity`` its weight on a -10..+10 Goldstein-like scale; ``cue`` the word
    that carries it; ``sentence`` the evidence sentence's text. ``confidence``
    says how directly the text states it (:data:`Confidence`) and ``basis`` the
    mechanism and cue that produced it (``"event:fired"``), for review.

    Examples
    --------
    >>> r = Relation("a1", 0, "Iran", "United States", "oppose", "attack", -9.0,
    ...              "fired", "Iran fired missiles at U.S. bases.")
    >>> Relation.from_dict(r.to_dict()) == r
    True
    """

    doc: str
    sent: int
    source: str
    target: str
    polarity: Polarity
    kind: str
    intensity: float
    cue: str
    sentence: str
    confidence: Confidence = "explicit"
    basis: str = ""


@dataclass(frozen=True)
class Affiliation(_Record):
    """A person's tie to an organisation or state they lead, speak for or belong
    to, from one sentence: ``source`` (the person) -> ``target``, as mention
    keys until resolution. Not a stance. ``role`` is the role word
    (``"leader"``, ``"spokesman"``, ``"member"``), ``basis`` the pattern that
    found it (``"affiliation:title"``).

    Examples
    --------
    >>> a = Affiliation("a1", 0, "Ali Musa", "Iraq", "minister", "Minister Ali Musa")
    >>> Affiliation.from_dict(a.to_dict()) == a
    True
    """

    doc: str
    sent: int
    source: str
    target: str
    role: str
    sentence: str
    basis: str = ""


@dataclass(frozen=True)
class DocRecord:
    """Everything extracted from one article: what caches, stores and workers pass.

    ``sentences`` holds each sentence's text (index = ``Mention.sent``) so every
    tie can show its evidence without reparsing; ``sentence_paragraphs`` the
    paragraph index of each sentence; ``affiliations`` the people's ties to
    organisations (see :class:`Affiliation`). ``headline`` is how many of the
    first sentences are the article's headline (paragraph -1; their mentions'
    offsets are into ``Article.title``, see :mod:`graphkit.extract.headline`).

    Examples
    --------
    >>> rec = DocRecord(Article("a1", "Iran spoke."), ("Iran spoke.",), (0,))
    >>> DocRecord.from_dict(rec.to_dict()) == rec
    True
    """

    article: Article
    sentences: tuple[str, ...] = ()
    sentence_paragraphs: tuple[int, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = field(default_factory=tuple)
    affiliations: tuple[Affiliation, ...] = ()
    headline: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict."""
        return {
            "article": self.article.to_dict(),
            "sentences": list(self.sentences),
            "sentence_paragraphs": list(self.sentence_paragraphs),
            "mentions": [m.to_dict() for m in self.mentions],
            "relations": [r.to_dict() for r in self.relations],
            "affiliations": [a.to_dict() for a in self.affiliations],
            "headline": self.headline,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocRecord:
        """Build a record from :meth:`to_dict` output."""
        return cls(
            article=Article.from_dict(data["article"]),
            sentences=tuple(data.get("sentences", ())),
            sentence_paragraphs=tuple(data.get("sentence_paragraphs", ())),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            relations=tuple(Relation.from_dict(r) for r in data.get("relations", ())),
            affiliations=tuple(
                Affiliation.from_dict(a) for a in data.get("affiliations", ())
            ),
            headline=data.get("headline", 0),
        )


@dataclass(frozen=True)
class KeyStats(_Record):
    """What one article says of one mention key: all that resolution counts of it.

    ``kinds`` counts its mentions by kind; ``documents`` the articles they are
    in; ``surfaces`` the normalised forms the text wrote it in, ``written`` its
    titled forms (``Mention.written``); ``examples`` the first sentence of each
    kind it was read as, ``written_in`` the first sentence of each surface.
    :func:`graphkit.extract.resolve.statistics` makes them from a record, so a
    store can keep them beside it and a build resolve without decoding records.

    Examples
    --------
    >>> k = KeyStats("Kiir", {"person": 2}, ("a1",), ("Kiir",), (), {}, {})
    >>> KeyStats.from_dict(k.to_dict()) == k
    True
    """

    key: str
    kinds: dict[str, int]
    documents: tuple[str, ...] = ()
    surfaces: tuple[str, ...] = ()
    written: tuple[str, ...] = ()
    examples: dict[str, str] = field(default_factory=dict)
    written_in: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Merge(_Record):
    """One resolution decision: surface form ``alias`` was merged into ``actor``.

    ``reason`` names the rule (``"surname"``, ``"acronym"``, ``"alias-table"``,
    ``"title"``, ...), so an analyst can review merges and override them with an
    alias file.
    """

    alias: str
    actor: str
    reason: str
    evidence: str = ""


@dataclass(frozen=True)
class Drop(_Record):
    """A mention key resolution kept off the graph: ``reason`` says why.

    ``kind`` is the key's kind over the corpus (``place``, ``source``,
    ``bystander``...); ``evidence`` a sentence where it was read so.
    """

    key: str
    kind: str
    reason: str
    evidence: str = ""


@dataclass(frozen=True)
class Resolution:
    """The corpus-level outcome of actor resolution.

    ``actor_of`` maps every mention key (see :class:`Mention`) to its actor id;
    keys that map to no actor were dropped as non-actors, each with a
    :class:`Drop` in ``dropped``.

    Examples
    --------
    >>> res = Resolution((Actor("Iran", "state", ("Iran",), 1, 1),), {"Iran": "Iran"})
    >>> res.actor_of["Iran"]
    'Iran'
    """

    actors: tuple[Actor, ...] = ()
    actor_of: dict[str, str] = field(default_factory=dict)
    merges: tuple[Merge, ...] = ()
    dropped: tuple[Drop, ...] = ()

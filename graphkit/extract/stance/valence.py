"""The evaluative lexicon: word valences (VADER plus graphkit's additions) and the
closed word lists the evaluative rules read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from graphkit.errors import LexiconError
from graphkit.lexicons import LexiconFile, load_lexicon

__all__ = ["EVALUATIVE_FILE", "FRAMES", "Valence", "load_valence", "vader_lexicon"]

EVALUATIVE_FILE = "evaluative.jsonl"
# naming: verbs that give their object a verdict ("called X a traitor");
# conduct: nouns for what an actor does or says, which an adjective can judge
# ("X's reckless decision"); attitude: prepositions after an adjective that name
# who the attitude is held towards ("grateful to X"); feeling: adjectives that
# say how the subject feels, no verdict on it ("we are happy"); holder: nouns
# whose bearer holds a stance towards their "of" object ("a critic of X");
# sympathy: nouns that offer support to whom they are with, to or for ("our
# condolences to X", "our thoughts are with X").
FRAMES = frozenset({"naming", "conduct", "attitude", "feeling", "holder", "sympathy"})
_POS = frozenset({"ADJ", "NOUN", "ADV", "VERB"})


@dataclass(frozen=True)
class Valence:
    """Word valences on VADER's -4..+4 scale, and the evaluative frames.

    ``words`` maps a lowercase word form or lemma to its valence; ``by_pos``
    holds part-of-speech specific overrides (``("kind", "NOUN")`` -> 0: "the
    kind of" is no praise). A valence of 0 removes a word.

    Examples
    --------
    >>> val = load_valence()
    >>> val.of("brilliant", "brilliant", "ADJ"), val.of("traitor", "traitor", "NOUN")
    (2.8, -3.0)
    >>> val.of("kind", "kind", "NOUN")
    0.0
    """

    words: Mapping[str, float]
    by_pos: Mapping[tuple[str, str], float]
    frames: Mapping[str, frozenset[str]]

    def of(self, lower: str, lemma: str, pos: str) -> float:
        """The valence of a word (form first, then lemma), 0.0 when it has none."""
        if pos not in _POS:
            return 0.0
        for word in (lower, lemma.lower()):
            if (word, pos) in self.by_pos:
                return self.by_pos[word, pos]
            if word in self.words:
                return self.words[word]
        return 0.0

    def frame(self, name: str) -> frozenset[str]:
        """The words of one frame (see :data:`FRAMES`)."""
        return self.frames.get(name, frozenset())


def vader_lexicon() -> dict[str, float]:
    """The word valences shipped with ``vaderSentiment`` (MIT licence; Hutto and
    Gilbert 2014), read from the installed package's ``vader_lexicon.txt``.

    Examples
    --------
    >>> vader_lexicon()["betrayal"]
    -2.8
    """
    try:
        import vaderSentiment  # type: ignore[import-untyped]

        text = (resources.files(vaderSentiment) / "vader_lexicon.txt").read_text(
            encoding="utf-8"
        )
    except (ModuleNotFoundError, FileNotFoundError):
        raise LexiconError(
            "The VADER lexicon is missing; install it: pip install vaderSentiment"
        ) from None
    words = {}
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        score = rest.partition("\t")[0]
        if word and score:
            words[word] = float(score)
    return words


def load_valence(extra: Iterable[str | Path | LexiconFile] = ()) -> Valence:
    """Load VADER's valences, then ``graphkit/data/evaluative.jsonl``, then the
    valence and frame entries of the user's ``extra`` files (later entries win).

    Entries are ``{"lemma": "traitor", "valence": -3.0}`` (optionally with
    ``"pos"``) or ``{"lemma": "call", "evaluative": "naming"}``; other entries
    of ``extra`` (stance cues) are skipped.

    Raises
    ------
    LexiconError
        If VADER is not installed, or an entry has a bad valence or frame.
    """
    words = vader_lexicon()
    by_pos: dict[tuple[str, str], float] = {}
    frames: dict[str, set[str]] = {name: set() for name in FRAMES}
    for raw in load_lexicon(EVALUATIVE_FILE, extra, required=["lemma"]):
        lemma = str(raw["lemma"]).lower()
        if "evaluative" in raw:
            if raw["evaluative"] not in FRAMES:
                raise LexiconError(
                    f"Bad evaluative entry {raw!r}: evaluative must be one of "
                    f"{', '.join(sorted(FRAMES))}."
                )
            frames[raw["evaluative"]].add(lemma)
        elif "valence" in raw:
            value = _valence(raw)
            if "pos" in raw:
                by_pos[lemma, str(raw["pos"]).upper()] = value
            else:
                words[lemma] = value
    return Valence(
        MappingProxyType(words),
        MappingProxyType(by_pos),
        MappingProxyType({k: frozenset(v) for k, v in frames.items()}),
    )


def _valence(raw: Mapping) -> float:
    try:
        value = float(raw["valence"])
    except (TypeError, ValueError):
        value = float("nan")
    if not -4 <= value <= 4:
        raise LexiconError(
            f"Bad evaluative entry {raw!r}: valence must be a number in -4..4."
        )
    return value

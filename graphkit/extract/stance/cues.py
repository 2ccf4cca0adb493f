"""The stance cue lexicon: packaged and user cue files, validated and indexed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from graphkit.errors import LexiconError
from graphkit.extract.stance.valence import Valence, load_valence
from graphkit.lexicons import LexiconFile, load_lexicon
from graphkit.records import Polarity

__all__ = [
    "CAMEO_FILE",
    "CUES_FILE",
    "FLAGS",
    "FRAMES",
    "POLARITIES",
    "POS",
    "RULES",
    "Cue",
    "Cues",
    "load_cues",
]

CUES_FILE = "cues.jsonl"
# Converted from the PETRARCH CAMEO verb dictionary (scripts/convert_cameo.py, MIT
# notice in the file and in cameo_cues.LICENSE.txt); loaded before CUES_FILE, so
# graphkit's own cues win.
CAMEO_FILE = "cameo_cues.jsonl"
_REQUIRED = ("lemma", "pos", "polarity", "kind", "intensity")
POS = frozenset({"VERB", "NOUN", "ADJ"})
POLARITIES = frozenset({"support", "oppose"})
FRAMES = frozenset(
    {
        "speech",
        "light",
        "reversal",
        "denial",
        "refusal",
        "appeal",
        "departure",
        "carrier",
        "condition",
        "ultimatum",
        "obligation",
        "future",
        "compound",
        "accusation",
        "desire",
        "favour",
        "harm",
        "undergoer",
        "entitlement",
        "attempt",
        "suspicion",
        "responsibility",
    }
)
FLAGS = frozenset(
    {"attitude", "located", "content", "threat", "neutral", "experiencer", "victim"}
)
RULES = frozenset({"obligation", "departure", "pro", "anti"})


@dataclass(frozen=True)
class Cue:
    """One stance cue: a lemma and part of speech that signal support or opposition.

    ``particle`` is the other word of a two-word cue, a dependent of the head:
    the second word of a verb cue ("call for", "open fire"), the first of a noun
    cue ("hunger strike"); ``preps`` are extra prepositions that introduce the
    target ("a curfew in X") and ``target_preps``, when given, the only ones
    ("marched against X", not "marched to X");
    ``participle`` the form used in compounds like "X-backed Y"; ``negated`` the
    polarity the cue expresses when negated ("cannot be trusted"), or None when a
    negated cue asserts nothing; ``of_source`` says that an "of" phrase on the
    noun names its agent ("the demands of protesters"), not its target;
    ``undergone`` marks cues whose subject suffers the act and whose source is
    the speaker who foretells it ("Y will meet the same fate", he warned);
    ``mutual`` marks symmetric cues ("agree", "clash") whose conjoined subjects
    act on each other ("Chad and Niger clashed"); ``compound_only`` cues count
    only inside "X-led Y" compounds, not as words of their own. The flags
    switch rules on (the data file's ``flags`` list, see :data:`FLAGS`):
    ``attitude`` cues judge their object rather than act through it ("rejected
    the plan" is no act on the plan's target), and a speaker holds them
    towards the subject of an agentless passive ("X cannot be trusted", he
    said); ``located`` cues, lacking a target, act on the state where they
    happen ("deployed troops in X"); ``content`` cues take their target from a
    clausal complement ("demanded that X leave"); ``threat`` cues are threats
    (the subject of their condition is the target); ``neutral`` cues name
    co-presence (meeting, talks, a visit, a call), which is no stance;
    ``experiencer`` cues name a feeling whose object feels it and holds the
    stance towards its cause ("Y's decision disappointed X", "X was
    disappointed by Y" are X -> Y); ``victim`` event nouns are undergone by
    their owner ("X's killing", "X's arrest" target X; "Y's arrest of X" is
    still Y's).
    """

    lemma: str
    pos: str
    polarity: Polarity
    kind: str
    intensity: float
    particle: str = ""
    participle: str = ""
    negated: Polarity | None = None
    of_source: bool = False
    mutual: bool = False
    preps: frozenset[str] = frozenset()
    compound_only: bool = False
    target_preps: frozenset[str] | None = None
    undergone: bool = False
    attitude: bool = False
    located: bool = False
    content: bool = False
    threat: bool = False
    neutral: bool = False
    experiencer: bool = False
    victim: bool = False


@dataclass(frozen=True)
class Cues:
    """The stance cue lexicon, indexed by head lemma and part of speech.

    ``frames`` holds the closed-class verb lists the rules read, by frame name
    (see :data:`FRAMES`): speech, light, reversal, denial and refusal verbs,
    appeal verbs whose speaker shares the stance they urge ("urged Y to
    condemn Z"), and carrier nouns that an event noun may modify and still be
    an event ("a mediation effort", unlike "aid workers"), and the closed-class
    words of modality and compounds (condition, ultimatum, obligation, future,
    compound); accusation verbs, whose object does the act they report
    ("accused Y of arming Z": Y arms Z, reported); desire verbs ("demanded",
    "called for"), and the event nouns that favour or harm their "of" object
    ("the release of X", "the expulsion of X"): a stance towards the event is a
    stance towards X; undergoer nouns ("the subject of X sanctions");
    entitlements ("revoked X's visa" opposes X, "granted X asylum" supports X);
    attempt nouns, whose agent does the act of their infinitive ("attempts by X
    to block Y"; unlike a request or a demand, which only asks for it);
    suspicion verbs, whose report of a hostile act blames its agent as an
    accusation verb's report of any act does ("X believes Y ordered the
    killing", "X alleged Y had armed Z": X opposes Y); responsibility nouns,
    whose claimant did the event they are for ("X claimed responsibility for
    the attack").
    ``rules`` holds the cues that a rule applies by itself rather than a word
    (see :data:`RULES`): a demand made with "must", and the "pro-X" / "anti-X"
    prefixes. ``valence`` is the evaluative lexicon
    (:func:`~graphkit.extract.stance.valence.load_valence`).

    Examples
    --------
    >>> cues = load_cues()
    >>> cues.get("condemn", "VERB").polarity
    'oppose'
    >>> cues.get("condemn", "NOUN") is None
    True
    """

    by_head: Mapping[tuple[str, str], tuple[Cue, ...]]
    by_participle: Mapping[str, Cue]
    compound: re.Pattern | None
    frames: Mapping[str, frozenset[str]]
    rules: Mapping[str, Cue]
    valence: Valence | None = None

    def get(self, lemma: str, pos: str, words: Iterable[str] = ()) -> Cue | None:
        """Return the cue for ``lemma``/``pos``, preferring a two-word cue whose
        second word is among ``words`` (the head's dependents)."""
        entries = self.by_head.get((lemma.lower(), pos), ())
        if not entries:
            return None
        present = set(words)
        for cue in entries:
            if not cue.particle or cue.particle in present:
                return cue
        return None

    def frame(self, name: str) -> frozenset[str]:
        """The lemmas of one frame, e.g. ``cues.frame("speech")``."""
        return self.frames.get(name, frozenset())

    def rule(self, name: str) -> Cue:
        """The cue of one rule, e.g. ``cues.rule("pro")``."""
        return self.rules[name]

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_head.values())


def load_cues(extra: Iterable[str | Path | LexiconFile] = ()) -> Cues:
    """Load the packaged cue lexicon plus user ``extra`` files (later entries win).

    The packaged lexicon is the CAMEO verb cues (:data:`CAMEO_FILE`) followed by
    graphkit's own (:data:`CUES_FILE`), so for one lemma, particle and part of
    speech graphkit's entry wins over CAMEO's and a user's over both.

    Parameters
    ----------
    extra : iterable of path or LexiconFile
        JSONL files with the same keys as ``graphkit/data/cues.jsonl``: cue
        entries (lemma, pos, polarity, kind, intensity, and optional participle,
        negated, of, mutual, preps, target_preps, compound_only, subject, flags,
        rule), frame entries (lemma, frame), or evaluative entries (lemma and
        valence or evaluative; see
        :func:`~graphkit.extract.stance.valence.load_valence`).

    Returns
    -------
    Cues

    Raises
    ------
    LexiconError
        If a file is unreadable or an entry lacks a key or has a bad pos,
        polarity, intensity or frame name.

    Examples
    --------
    >>> cues = load_cues()
    >>> cues.get("back", "VERB").kind, len(cues) > 200
    ('support', True)
    >>> "say" in cues.frame("speech")
    True
    """
    entries: dict[tuple[str, str, str], Cue] = {}
    frames: dict[str, set[str]] = {name: set() for name in FRAMES}
    rules: dict[str, Cue] = {}
    packaged = load_lexicon(CAMEO_FILE, required=["lemma"])
    for raw in packaged + load_lexicon(CUES_FILE, extra, required=["lemma"]):
        if "valence" in raw or "evaluative" in raw:
            continue  # read by load_valence
        if "frame" in raw:
            _frame_set(raw, frames).add(str(raw["lemma"]).lower())
            continue
        cue = _make_cue(raw)
        if "rule" in raw:
            rules[_rule_name(raw)] = cue
            continue
        entries[(cue.lemma, cue.particle, cue.pos)] = cue
    missing = RULES - rules.keys()
    if missing:
        raise LexiconError(
            f"Stance cues lack the rule cues {', '.join(sorted(missing))}."
        )
    by_head: dict[tuple[str, str], list[Cue]] = {}
    for cue in entries.values():
        if not cue.compound_only:
            by_head.setdefault((cue.lemma, cue.pos), []).append(cue)
    participles = {c.participle: c for c in entries.values() if c.participle}
    pattern = (
        re.compile(
            r"(?<=[\w.])-(" + "|".join(map(re.escape, sorted(participles))) + r")\b",
            re.IGNORECASE,
        )
        if participles
        else None
    )
    frozen = {
        k: tuple(sorted(v, key=lambda c: not c.particle)) for k, v in by_head.items()
    }
    return Cues(
        MappingProxyType(frozen),
        MappingProxyType(participles),
        pattern,
        MappingProxyType({k: frozenset(v) for k, v in frames.items()}),
        MappingProxyType(rules),
        load_valence(extra),
    )


def _rule_name(raw: Mapping) -> str:
    if raw["rule"] not in RULES:
        raise LexiconError(
            f"Bad stance cue {raw!r}: rule must be one of {', '.join(sorted(RULES))}."
        )
    return str(raw["rule"])


def _frame_set(raw: Mapping, frames: dict[str, set[str]]) -> set[str]:
    if raw["frame"] not in frames:
        raise LexiconError(
            f"Bad stance frame entry {raw!r}: frame must be one of "
            f"{', '.join(sorted(FRAMES))}."
        )
    return frames[raw["frame"]]


def _make_cue(raw: Mapping) -> Cue:
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise LexiconError(f"Bad stance cue {raw!r}: missing {', '.join(missing)}.")
    pos, polarity = str(raw["pos"]).upper(), raw["polarity"]
    words = str(raw["lemma"]).lower().split()
    if pos == "NOUN":
        words.reverse()
    head, particle = words[0] if words else "", " ".join(words[1:])
    negated = raw.get("negated")
    try:
        intensity = float(raw["intensity"])
    except (TypeError, ValueError):
        intensity = float("nan")
    if pos not in POS or polarity not in POLARITIES or not -10 <= intensity <= 10:
        raise LexiconError(
            f"Bad stance cue {raw!r}: pos must be VERB/NOUN/ADJ, polarity "
            f"support/oppose and intensity a number in -10..10."
        )
    if negated is not None and negated not in POLARITIES:
        raise LexiconError(f"Bad stance cue {raw!r}: negated must be support/oppose.")
    flags = raw.get("flags", ())
    if isinstance(flags, str) or not set(flags) <= FLAGS:
        raise LexiconError(
            f"Bad stance cue {raw!r}: flags must be a list of "
            f"{', '.join(sorted(FLAGS))}."
        )
    return Cue(
        head,
        pos,
        polarity,
        str(raw["kind"]),
        intensity,
        particle,
        str(raw.get("participle", "")).lower(),
        negated,
        raw.get("of") == "source",
        bool(raw.get("mutual", False)),
        frozenset(raw.get("preps", ())),
        bool(raw.get("compound_only", False)),
        frozenset(raw["target_preps"]) if "target_preps" in raw else None,
        raw.get("subject") == "target",
        "attitude" in flags,
        "located" in flags,
        "content" in flags,
        "threat" in flags,
        "neutral" in flags,
        "experiencer" in flags,
        "victim" in flags,
    )

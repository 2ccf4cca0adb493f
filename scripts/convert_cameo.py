"""Convert the PETRARCH CAMEO verb dictionary into graphkit stance cues.

    python scripts/convert_cameo.py ../shared/lexicons/petrarch/CAMEO.2.0.txt \\
        -o graphkit/data/cameo_cues.jsonl

Run by hand when the dictionary changes, never at install time; the output is
committed. What it keeps, so that graphkit's dependency rules can apply each
entry on any sentence:

- the verbs of each verb block (its inflected forms are the parser's business),
  with the block's CAMEO code or the verb's own (``ENDORSE [051]``); a multi-word
  verb ``CLAMP_DOWN`` becomes the two-word cue ``clamp down`` (head + particle);
- no patterns: a pattern's code belongs to the whole phrase of one verb sense
  (``- * (TO) [042]`` under RUSH is a visit), not to the other verbs of its
  block; the rules read event nouns through light verbs instead ("launched an
  attack on X", "filed a lawsuit against X").

Polarity from the CAMEO root (QuadClass split): 01-08 support, 09-20 oppose.
Roots 01 (public statements), 02 (appeals) and 03 (intents) are left out: a
statement, an appeal or an intent is no stance towards its object ("said",
"hoped", "prepared"), and graphkit reads appeals and pledges with rules of its
own. Root 04 (consult: meet, visit, host, telephone) is kept with the
``neutral`` flag: co-presence makes no tie. ``intensity`` is the Goldstein
(1992) score of the code as the CAMEO codebook maps it, ``kind`` a short name of
the code, and the flags graphkit's rules read follow from the kind.

graphkit loads this file first and its own ``cues.jsonl`` after it, so a cue of
graphkit's own (same lemma, particle and part of speech) wins; the converter
also leaves out graphkit's verbs and the words its rules read as frames (speech,
light, refusal, denial, appeal, reversal verbs), and the words listed in
``graphkit/data/cameo_exclusions.jsonl``: generic verbs and synonyms whose
everyday sense is no stance towards the object (``--exclusions`` reads another
file).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# Goldstein scores of CAMEO codes (CAMEO codebook; three-digit codes that differ
# from their root, the root's score otherwise).
GOLDSTEIN_ROOT = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0,
    "08": 5.0, "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0,
    "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0,
    "20": -10.0,
}  # fmt: skip
GOLDSTEIN = {
    "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0, "051": 3.4,
    "053": 3.8, "054": 6.0, "055": 7.0, "056": 7.0, "057": 8.0, "061": 6.4,
    "062": 7.4, "063": 7.4, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5,
    "084": 7.0, "085": 7.0, "086": 9.0, "087": 9.0, "125": -5.0, "126": -5.0,
    "127": -5.0, "128": -5.0, "129": -5.0, "130": -4.4, "131": -5.8, "132": -5.8,
    "133": -5.8, "134": -5.8, "135": -5.8, "136": -7.0, "137": -7.0, "138": -7.0,
    "139": -7.0, "144": -7.5, "145": -7.5, "162": -5.6, "163": -8.0, "164": -7.0,
    "165": -6.5, "166": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0,
    "175": -9.0, "182": -9.5, "183": -10.0, "184": -8.0, "185": -8.0, "186": -10.0,
    "191": -9.5, "192": -9.5, "196": -9.5, "201": -9.5,
}  # fmt: skip
# Short names of the codes, as graphkit kinds (the root's name otherwise).
KIND_ROOT = {
    "04": "consult", "05": "cooperate", "06": "cooperate", "07": "aid",
    "08": "concede", "09": "investigate", "10": "demand", "11": "disapprove",
    "12": "reject", "13": "threaten", "14": "protest", "15": "mobilize",
    "16": "sanction", "17": "coerce", "18": "assault", "19": "fight", "20": "kill",
}  # fmt: skip
KIND = {
    "050": "support", "051": "praise", "052": "support", "053": "cooperate",
    "054": "ally", "055": "concede", "056": "concede", "057": "agree",
    "062": "aid", "063": "cooperate", "064": "cooperate", "111": "disapprove",
    "112": "accuse", "113": "disapprove", "114": "disapprove", "115": "sue",
    "116": "disapprove", "120": "reject", "160": "sanction", "161": "sanction",
    "163": "sanction", "172": "sanction", "173": "coerce", "174": "coerce",
    "175": "coerce", "190": "attack", "193": "attack", "194": "attack",
    "195": "attack", "196": "attack",
}  # fmt: skip
# Rule switches by kind (see the header of graphkit/data/cues.jsonl).
FLAGS = {
    "support": ["attitude"], "praise": ["attitude"], "disapprove": ["attitude"],
    "reject": ["attitude"], "accuse": ["attitude"], "aid": ["located"],
    "coerce": ["located"], "mobilize": ["located"], "demand": ["content"],
    "threaten": ["content", "threat"], "consult": ["neutral"],
}  # fmt: skip
SKIPPED_ROOTS = frozenset({"01", "02", "03"})
# Feelings caused in the object ("Y's decision dismayed X"): the object holds the
# stance towards the subject (not the acts of their blocks: "X pestered Y").
FEELINGS = frozenset(
    """agitate agonise agonize annoy bother disappoint discomfit disconcert dishearten
    dismay disquiet disturb irk irritate sadden upset vex""".split()
)
# The words left out although WordNet put them in a CAMEO block: generic verbs and
# synonyms whose news sense is no stance (the data file says why, word by word).
EXCLUSIONS = (
    Path(__file__).resolve().parents[1] / "graphkit" / "data" / "cameo_exclusions.jsonl"
)
REASONS = frozenset({"generic", "no stance"})
# Particles and prepositions a two-word verb cue may end in.
PARTICLES = frozenset(
    "about against at away back down for from in into off on out over to toward"
    " towards up upon with".split()
)
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_VERB = re.compile(r"^([A-Z][A-Z_-]*)\s*(?:\{[^}]*\})?\s*(?:\[([0-9]{3,4})[^\]]*\])?")

NOTICE = """\
# Stance cues converted from the PETRARCH CAMEO verb dictionary (CAMEO.2.0.txt, Open
# Event Data Alliance) by scripts/convert_cameo.py; do not edit by hand. graphkit loads
# this file before cues.jsonl, whose entries win. The MIT License (MIT) Copyright (c)
# 2015 Open Event Data Alliance: permission is hereby granted, free of charge, to any
# person obtaining a copy of this software and associated documentation files (the
# "Software"), to deal in the Software without restriction, including without limitation
# the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is furnished to do
# so, subject to the following conditions: the above copyright notice and this
# permission notice shall be included in all copies or substantial portions of the
# Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED. (Full text: cameo_cues.LICENSE.txt beside this file.)
"""


def cue(lemma: str, code: str, name: str) -> dict | None:
    """The cue entry of one verb (or verb + particle) with CAMEO ``code``."""
    root = code[:2]
    if root in SKIPPED_ROOTS or root not in GOLDSTEIN_ROOT:
        return None
    kind = KIND.get(code[:3]) or KIND_ROOT[root]
    entry = {
        "lemma": lemma,
        "pos": "VERB",
        "polarity": "support" if root <= "08" else "oppose",
        "kind": kind,
        "intensity": GOLDSTEIN.get(code[:3], GOLDSTEIN_ROOT[root]),
        "cameo": code,
        "cameo_verb": name,
    }
    flags = FLAGS.get(kind, []) + (["experiencer"] if lemma in FEELINGS else [])
    if flags:
        entry["flags"] = flags
    return entry


def read_exclusions(path: Path) -> frozenset[str]:
    """The lemmas of an exclusions file (JSONL ``{"lemma": w, "reason": r}``, with
    ``r`` one of :data:`REASONS`; ``#`` lines are comments)."""
    lemmas = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        entry = json.loads(line)
        if entry.get("reason") not in REASONS or not entry.get("lemma"):
            raise ValueError(f"{path}:{number}: need a lemma and a reason in {REASONS}")
        lemmas.add(str(entry["lemma"]).lower())
    return frozenset(lemmas)


def convert(text: str, skip: frozenset[str] = frozenset()) -> list[dict]:
    """Cue entries from the text of a CAMEO verb dictionary, sorted by lemma,
    leaving out the lemmas in ``skip`` (graphkit's own words and the
    exclusions, see :func:`read_exclusions`)."""
    entries: dict[str, dict] = {}
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    block = None
    for line in lines[start:]:
        line = line.split("#", 1)[0].rstrip()
        header = _HEADER.match(line)
        if header:
            name, code = header.groups()
            block = code if code[:1].isdigit() else None
            continue
        if not line.strip():
            continue
        if line.startswith("-"):
            continue
        verb = _VERB.match(line.lstrip("+"))
        if verb is None or line.startswith("&"):
            continue
        word, own = verb.groups()
        lemma = word.lower().strip("_").replace("_", " ")
        if len(lemma.split()) > 2 or len(lemma) < 3:
            continue
        if len(lemma.split()) == 2 and lemma.split()[1] not in PARTICLES:
            continue  # "angered by" is a form, "meet people" a sense label
        code = own or block
        if code and lemma not in skip:
            made = cue(lemma, code, name)
            if made:
                entries[lemma] = made
    return sorted(entries.values(), key=lambda e: e["lemma"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument(
        "--graphkit-cues",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "graphkit/data/cues.jsonl",
        help="graphkit's own cue file: its frame words (speech, light, refusal, "
        "...) are read by rules and are no cues, its verbs win anyway",
    )
    parser.add_argument(
        "--exclusions",
        type=Path,
        default=EXCLUSIONS,
        help="words to leave out (generic verbs, synonyms of no stance)",
    )
    args = parser.parse_args(argv)
    own = [
        json.loads(line)
        for line in args.graphkit_cues.read_text(encoding="utf-8").splitlines()
        if line.startswith("{")
    ]
    skip = frozenset(e["lemma"] for e in own if "frame" in e or e.get("pos") == "VERB")
    skip |= read_exclusions(args.exclusions)
    text = args.dictionary.read_text(encoding="utf-8", errors="replace")
    entries = convert(text, skip)
    body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    args.output.write_text(NOTICE + body, encoding="utf-8")
    print(f"{len(entries)} cues -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

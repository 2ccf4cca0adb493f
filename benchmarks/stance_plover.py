"""Score graphkit's stance extraction on the PLOVER gold-standard sentences.

Runs the real pipeline (``graphkit.extract.extractor.Extractor``, ``ner.mentions``,
``stance.relations``) over ``plover_gsr.jsonl`` and prints directed-dyad
precision, recall and F1, polarity accuracy on matched dyads, false edges on
sentences with no gold dyad, and the worst misses.

A predicted endpoint matches a gold actor when one of the key's mention spans
overlaps the gold span in the sentence, or when the mention maps to the gold
country code through the benchmark-only ``country_iso3.tsv`` table.

    python benchmarks/stance_plover.py
    python benchmarks/stance_plover.py --split heldout --show 20
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.extract.extractor import Extractor
from graphkit.extract.mentions import ner
from graphkit.extract.stance.relations import relations
from graphkit.records import Article, Mention, Relation

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
GOLD = SHARED / "plover" / "plover_gsr.jsonl"
COUNTRIES = SHARED / "country_iso3" / "country_iso3.tsv"
POLARITY = {"cooperate": "support", "conflict": "oppose"}


def split_of(record_id: str, *, heldout_percent: int = 30) -> str:
    """Deterministic split: ``"heldout"`` for about ``heldout_percent`` % of ids."""
    bucket = int(hashlib.md5(record_id.encode()).hexdigest(), 16) % 100
    return "heldout" if bucket < heldout_percent else "train"


def read_gold(path: Path, split: str = "all") -> list[dict]:
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
    ]
    return [r for r in records if split == "all" or split_of(r["id"]) == split]


def read_countries(path: Path) -> dict[str, str]:
    table = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines()[1:]:
        name, _, code = line.partition("\t")
        if name and code:
            table[name.strip().lower()] = code.strip()
    return table


@dataclass
class Scores:
    predicted: int = 0
    correct_predicted: int = 0
    gold: int = 0
    found: int = 0
    polarity_right: int = 0
    empty_sentences: int = 0
    false_edges_on_empty: int = 0
    # (record, predictions, mention keys, whether both endpoints had a mention)
    misses: list[tuple[dict, list[Relation], list[str], bool]] = field(
        default_factory=list
    )
    false: list[tuple[dict, Relation]] = field(default_factory=list)

    def line(self) -> str:
        p = self.correct_predicted / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        pol = self.polarity_right / self.found if self.found else 0.0
        return (
            f"dyads: P={p:.3f} R={r:.3f} F1={f1:.3f} "
            f"(predicted {self.predicted}, gold {self.gold}, found {self.found}); "
            f"polarity accuracy={pol:.3f}; false edges on {self.empty_sentences} "
            f"no-dyad sentences={self.false_edges_on_empty}"
        )


class Matcher:
    """Decides whether a predicted key stands for a gold actor in one sentence."""

    def __init__(self, countries: dict[str, str]) -> None:
        self.countries = countries

    def codes(self, mention: Mention) -> set[str]:
        words = re.findall(r"[\w.'-]+", f"{mention.key} {mention.text}".lower())
        words = [w.removesuffix("'s").strip(".'") for w in words]
        grams = {mention.key.lower(), mention.text.lower()} | set(words)
        grams |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        grams |= {f"{a}." for a in words}
        grams |= {g[:-1] for g in grams if g.endswith("s")}  # "Iraqis" -> "iraqi"
        return {self.countries[g] for g in grams if g in self.countries}

    def matches(
        self, mentions: Iterable[Mention], gold_text: str, code: str, text: str
    ) -> bool:
        start = text.lower().find(gold_text.lower())
        end = start + len(gold_text)
        for m in mentions:
            if start >= 0 and m.start < end and start < m.end:
                return True
            if code and code in self.codes(m):
                return True
        return False


def with_entities(doc, found: list[Mention]) -> list[Mention]:
    """Diagnostic: add every spaCy entity that no mention covers (places after
    "in", demonyms on non-group nouns), to measure what mention coverage costs."""
    extra = [
        Mention(
            found[0].doc if found else "",
            0,
            0,
            e.start_char,
            e.end_char,
            e.text,
            e.label_,
            e.text,
            "extra",
        )
        for e in doc.ents
        if e.label_ in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC")
        and not any(m.start < e.end_char and e.start_char < m.end for m in found)
    ]
    return sorted([*found, *extra], key=lambda m: m.start)


def score(
    records: list[dict],
    extractor: Extractor,
    matcher: Matcher,
    *,
    all_entities: bool = False,
) -> Scores:
    scores = Scores()
    articles = [Article(r["id"], r["text"]) for r in records]
    docs = extractor.nlp.pipe(((a.text, a) for a in articles), as_tuples=True)
    cues = extractor.cues
    for record, (doc, article) in zip(records, docs, strict=True):
        found = ner.mentions(doc, article, lexicon=extractor.lexicon)
        if all_entities:
            found = with_entities(doc, found)
        by_key: dict[str, list[Mention]] = {}
        for m in found:
            by_key.setdefault(m.key, []).append(m)
        preds = list(
            {(r.source, r.target): r for r in relations(doc, found, cues=cues)}.values()
        )
        _score_record(scores, record, preds, by_key, matcher)
    return scores


def _score_record(
    scores: Scores,
    record: dict,
    preds: list[Relation],
    by_key: dict[str, list[Mention]],
    matcher: Matcher,
) -> None:
    text = record["text"]
    dyads = {(d["source_text"], d["target_text"]): d for d in record["dyads"]}.values()

    def hit(rel: Relation, d: dict) -> bool:
        return matcher.matches(
            by_key[rel.source], d["source_text"], d["source_code"] or "", text
        ) and matcher.matches(
            by_key[rel.target], d["target_text"], d["target_code"] or "", text
        )

    scores.predicted += len(preds)
    if not dyads:
        scores.empty_sentences += 1
        scores.false_edges_on_empty += len(preds)
    for rel in preds:
        if any(hit(rel, d) for d in dyads):
            scores.correct_predicted += 1
        else:
            scores.false.append((record, rel))
    for d in dyads:
        scores.gold += 1
        match = next((rel for rel in preds if hit(rel, d)), None)
        if match is None:
            mentioned = all(
                any(
                    matcher.matches(ms, d[f"{end}_text"], d[f"{end}_code"] or "", text)
                    for ms in by_key.values()
                )
                for end in ("source", "target")
            )
            scores.misses.append((record, preds, sorted(by_key), mentioned))
            continue
        scores.found += 1
        scores.polarity_right += match.polarity == POLARITY[record["polarity"]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--countries", type=Path, default=COUNTRIES)
    parser.add_argument("--split", choices=["all", "train", "heldout"], default="all")
    parser.add_argument("--show", type=int, default=10, help="misses to print")
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--all-entities",
        action="store_true",
        help="diagnostic: also use spaCy entities that ner drops",
    )
    args = parser.parse_args(argv)
    extractor = Extractor(args.model) if args.model else Extractor()
    records = read_gold(args.gold, args.split)
    scores = score(
        records,
        extractor,
        Matcher(read_countries(args.countries)),
        all_entities=args.all_entities,
    )
    print(f"PLOVER {args.split} ({len(records)} sentences)")
    print(scores.line())
    rule_misses = sum(miss[3] for miss in scores.misses)
    print(
        f"\n{len(scores.misses)} gold dyads missed: {rule_misses} with both endpoints "
        f"among the mentions (the rules' misses, listed first), the rest for want "
        f"of a mention."
    )
    print(f"Worst misses (first {args.show}):")
    worst = sorted(scores.misses, key=lambda miss: not miss[3])
    for record, preds, keys, mentioned in worst[: args.show]:
        got = "; ".join(f"{r.source}->{r.target} {r.polarity}" for r in preds) or "-"
        print(
            f"  {record['id']} [{'rules' if mentioned else 'mentions'}]: "
            f"{record['markup']}\n      predicted: {got}"
            f"\n      mentions: {'; '.join(keys) or '-'}"
        )
    print(f"\nFalse edges (first {args.show}):")
    for record, rel in scores.false[: args.show]:
        print(
            f"  {record['id']}: {rel.source} -> {rel.target} {rel.polarity} "
            f"[{rel.cue}] {record['markup']}"
        )


if __name__ == "__main__":
    main()

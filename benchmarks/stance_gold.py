"""Stance on both gold sets from one run: PLOVER sentences and the Wikinews articles.

Prints precision, recall and F1 per set, how many ties each mechanism (the
first part of a tie's ``basis``: event, reported, compound, threat, demand,
evaluative, ...) and each confidence level produced and how many of them were
right, then the worst misses and the false ties. PLOVER is scored as in
``stance_plover.py`` (directed dyads per sentence); the Wikinews gold with
``../shared/eval/score_gold.py`` on a cold build of its corpus (no store).

    python benchmarks/stance_gold.py
    python benchmarks/stance_gold.py --show 20
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import Counter
from pathlib import Path

from graphkit.extract.extractor import Extractor
from graphkit.extract.mentions import ner
from graphkit.extract.stance.relations import relations
from graphkit.graph.io import to_json_data
from graphkit.pipeline import build
from graphkit.records import Article

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "eval"
GOLD_DIR = SHARED / "wikinews_gold"


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def mechanism(basis: str) -> str:
    """The mechanism of a basis, "reported" of "reported:accuse"."""
    return basis.split(":", 1)[0].split("+")[-1] or "event"


def plover(extractor: Extractor) -> tuple[str, Counter, Counter]:
    """Score PLOVER; return the summary line and per-mechanism (all, right) counts."""
    bench = _module(HERE / "stance_plover.py", "stance_plover")
    records = bench.read_gold(bench.GOLD)
    matcher = bench.Matcher(bench.read_countries(bench.COUNTRIES))
    scores = bench.Scores()
    made, right = Counter(), Counter()
    articles = [Article(r["id"], r["text"]) for r in records]
    docs = extractor.nlp.pipe(((a.text, a) for a in articles), as_tuples=True)
    cues = extractor.cues
    for record, (doc, article) in zip(records, docs, strict=True):
        found = ner.mentions(doc, article, lexicon=extractor.lexicon)
        by_key: dict[str, list] = {}
        for m in found:
            by_key.setdefault(m.key, []).append(m)
        preds = list(
            {(r.source, r.target): r for r in relations(doc, found, cues=cues)}.values()
        )
        wrong_before = len(scores.false)
        bench._score_record(scores, record, preds, by_key, matcher)
        false = {id(rel) for _, rel in scores.false[wrong_before:]}
        for rel in preds:
            key = (mechanism(rel.basis), rel.confidence)
            made[key] += 1
            right[key] += id(rel) not in false
    return scores.line(), made, right


def wikinews(extractor: Extractor) -> tuple[dict, Counter, Counter, dict]:
    """Cold-build the Wikinews gold corpus and score it with score_gold.py."""
    score_gold = _module(SHARED / "score_gold.py", "score_gold")
    gold = score_gold.json.loads((GOLD_DIR / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        result = build([str(GOLD_DIR / "corpus.jsonl")], out, extractor=extractor)
    graph = to_json_data(result.graph)
    rel = score_gold.score_relations(graph, gold)
    wrong = {(str(w["source"]), str(w["target"]), w["relation"]) for w in rel["wrong"]}
    made, right = Counter(), Counter()
    for link in score_gold.stance_links(graph):
        ok = (str(link["source"]), str(link["target"]), link["relation"]) not in wrong
        for key in {
            (mechanism(e.get("basis", "")), e.get("confidence", "explicit"))
            for e in link.get("evidence", [])
        }:
            made[key] += 1
            right[key] += ok
    amap = score_gold.actor_map(graph, gold)
    return rel, made, right, amap


def _mechanism_table(made: Counter, right: Counter) -> list[str]:
    rows = [f"    {'mechanism':<12} {'confidence':<10} {'ties':>5} {'right':>6}"]
    for key in sorted(made, key=lambda k: -made[k]):
        rows.append(f"    {key[0]:<12} {key[1]:<10} {made[key]:>5} {right[key]:>6}")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="misses and false ties")
    args = parser.parse_args(argv)
    extractor = Extractor()

    line, made, right = plover(extractor)
    print("PLOVER (322 sentences)")
    print(f"  {line}")
    print("  ties by mechanism (a tie counts once per dyad and sentence):")
    print("\n".join(_mechanism_table(made, right)))

    rel, made, right, amap = wikinews(extractor)
    print("\nWikinews gold (24 articles, score_gold.py)")
    print(
        f"  stance: P {rel['precision']:.3f} R {rel['recall']:.3f} "
        f"F1 {rel['f1']:.3f} ({rel['predicted']} predicted, {rel['gold']} gold, "
        f"{len(rel['on_negated'])} on negated statements)"
    )
    print("  links by mechanism of their evidence (a link counts once per mechanism):")
    print("\n".join(_mechanism_table(made, right)))
    both = [r for r in rel["missed"] if r["source"] in amap and r["target"] in amap]
    print(
        f"  missed {len(rel['missed'])} gold ties: {len(both)} with both actors on "
        f"the graph (the stance rules' misses, listed first), the rest for want of "
        f"an actor node"
    )
    worst = both + [r for r in rel["missed"] if r not in both]
    for r in worst[: args.show]:
        print(
            f"    {r['source']} -{r['polarity']}-> {r['target']} "
            f"({r.get('confidence', '')}): {r['evidence'][:140]}"
        )
    print(f"  false ties ({len(rel['wrong'])}):")
    for link in rel["wrong"][: args.show]:
        first = (link.get("evidence") or [{}])[0]
        print(
            f"    {link['source']} -{link['relation']}-> {link['target']} "
            f"[{first.get('basis', '')}] {first.get('sentence', '')[:140]}"
        )


if __name__ == "__main__":
    main()

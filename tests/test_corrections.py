"""Corrections: loading, each kind on hand-made records, and on real seed builds."""

from __future__ import annotations

import csv
import json
import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import CorrectionsError
from graphkit.extract.resolve import resolve
from graphkit.graph.build import build_graph
from graphkit.graph.corrected import (
    apply_corrections,
    corrected_graph,
    plan_corrections,
)
from graphkit.graph.corrections import (
    Detach,
    DropEvidence,
    DropTie,
    MergeActors,
    NotActor,
    Relabel,
    load_corrections,
)
from graphkit.graph.io import json_text, read_graph
from graphkit.records import Actor, Article, DocRecord, Mention, Relation, Resolution

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


# --- the file format -----------------------------------------------------------


def _file(tmp_path, *lines, name="corrections.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_corrections_load_every_kind_and_round_trip(tmp_path):
    lines = [
        {"drop": {"source": "A", "target": "B", "relation": "co_mention"}},
        {"relabel": {"source": "A", "target": "B", "from": "support", "to": "oppose"}},
        {"merge": ["A", "B", "C"], "note": "one party"},
        {"not_actor": "A"},
        {"detach": {"actor": "A", "alias": "X"}},
        {"drop_evidence": {"doc": "d1", "sentence": "A met B."}},
    ]
    path = _file(tmp_path, *map(json.dumps, lines[:3]), "", *map(json.dumps, lines[3:]))
    found = load_corrections([path])
    assert [c.to_dict() for c in found] == lines
    assert [type(c) for c in found] == [
        DropTie,
        Relabel,
        MergeActors,
        NotActor,
        Detach,
        DropEvidence,
    ]
    assert [c.origin for c in found][-1] == f"{path}:7"


@pytest.mark.parametrize(
    "line, problem",
    [
        ('{"drop": {"source": "A", "target": "B"', "malformed JSON"),
        ('["not_actor", "A"]', "expected a JSON object."),
        ('{"strike": "A"}', "expected one of drop, relabel, merge"),
        ('{"not_actor": "A", "merge": ["A", "B"]}', "expected one of"),
        ('{"drop": {"source": "A", "target": "B", "relation": "hate"}}', "relation"),
        (
            '{"relabel": {"source": "A", "target": "B", '
            '"from": "oppose", "to": "oppose"}}',
            "'relabel' goes from support to oppose or back.",
        ),
        ('{"merge": ["A"]}', "'merge' takes a list of two or more names."),
        ('{"not_actor": ""}', "'not_actor' takes an actor's name."),
        ('{"detach": {"actor": "A"}}', "'detach' takes an object with the texts"),
        ('{"drop_evidence": {"doc": 3, "sentence": "x"}}', "'drop_evidence' takes"),
        ('{"not_actor": "A", "note": 5}', "'note' must be a text."),
    ],
)
def test_corrections_malformed_line_names_file_and_line(tmp_path, line, problem):
    path = _file(tmp_path, '{"not_actor": "Reuters"}', line)
    with pytest.raises(CorrectionsError) as err:
        load_corrections([path])
    assert str(err.value).startswith(f"{path}:2: ")
    assert problem in str(err.value)


def test_corrections_missing_file(tmp_path):
    with pytest.raises(CorrectionsError, match="Corrections file not found"):
        load_corrections([tmp_path / "nope.jsonl"])


# --- each kind on hand-made records ----------------------------------------------

SENTENCES = (
    "Sudan accused Chad of arming the rebels.",
    "Khartoum and Chad met in Doha.",
    "The RSF backed Chad.",
)


def _mention(sent, text, key, kind="state"):
    return Mention("a1", sent, 0, 0, len(text), text, "GPE", key, kind)


def _corpus():
    """One article: Sudan (also written Khartoum), Chad, the RSF; two stance ties."""
    mentions = (
        _mention(0, "Sudan", "Sudan"),
        _mention(0, "Chad", "Chad"),
        _mention(1, "Khartoum", "Sudan"),
        _mention(1, "Chad", "Chad"),
        _mention(2, "RSF", "Rapid Support Forces", "organization"),
        _mention(2, "Chad", "Chad"),
    )
    relations = (
        Relation(
            "a1", 0, "Sudan", "Chad", "oppose", "accuse", -2.0, "accused", SENTENCES[0]
        ),
        Relation(
            "a1",
            2,
            "Rapid Support Forces",
            "Chad",
            "support",
            "back",
            3.0,
            "backed",
            SENTENCES[2],
        ),
    )
    article = Article("a1", " ".join(SENTENCES), title="Talks", date="2023-05-01")
    records = [DocRecord(article, SENTENCES, (0, 0, 0), mentions, relations)]
    resolution = Resolution(
        (
            Actor("Chad", "state", ("Chad",), 3, 1),
            Actor(
                "Rapid Support Forces",
                "organization",
                ("RSF", "Rapid Support Forces"),
                1,
                1,
            ),
            Actor("Sudan", "state", ("Khartoum", "Sudan"), 2, 1),
        ),
        {
            "Chad": "Chad",
            "Rapid Support Forces": "Rapid Support Forces",
            "Sudan": "Sudan",
        },
    )
    return records, resolution


def _corrected(*corrections, corpus=None):
    """The corrected graph and report, planned then built; one pass gives the same,
    settled on a copy or in place."""
    records, resolution = corpus or _corpus()
    plan = plan_corrections(resolution, corrections, records)
    G, report = apply_corrections(
        build_graph(plan.records(records), plan.resolution), plan
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said once already
        streamed, streamed_plan = corrected_graph(
            iter(records), resolution, corrections
        )
        H, again = apply_corrections(streamed, streamed_plan, copy=False)
    assert H is streamed  # settled in place, as a build does: the same graph
    assert (json_text(H), streamed_plan.resolution, again) == (
        json_text(G),
        plan.resolution,
        report,
    )
    return G, report


def test_corrections_none_change_nothing_but_the_count():
    records, resolution = _corpus()
    G = build_graph(records, resolution)
    H, report = _corrected()
    assert sorted(H.edges(keys=True, data="count")) == sorted(
        G.edges(keys=True, data="count")
    )
    assert H.graph["corrections"] == {"applied": 0, "unmatched": 0, "log": []}
    assert report.outcomes == ()


def test_corrections_drop_removes_the_tie_and_logs_it():
    H, report = _corrected(
        DropTie(source="khartoum", target="CHAD", relation="oppose", note="a denial")
    )
    assert not H.has_edge("Sudan", "Chad", "oppose")
    assert H.has_edge("Chad", "Sudan", "co_mention")
    [entry] = H.graph["corrections"]["log"]
    assert entry["status"] == "applied" and entry["correction"]["note"] == "a denial"
    assert report.applied == 1


def test_corrections_relabel_flips_polarity_and_intensity():
    H, _ = _corrected(
        Relabel(
            source="RSF", target="Chad", old="support", new="oppose", note="sarcasm"
        )
    )
    assert not H.has_edge("Rapid Support Forces", "Chad", "support")
    link = H.edges["Rapid Support Forces", "Chad", "oppose"]
    assert (link["sign"], link["intensity"], link["weight"]) == (-1, -3.0, 3.0)
    assert link["corrections"][0]["action"] == "relabel"
    assert link["corrections"][0]["note"] == "sarcasm"


def test_corrections_merge_recounts_and_moves_ties():
    H, _ = _corrected(MergeActors(actors=("Chad", "rsf")))
    assert "Rapid Support Forces" not in H
    chad = H.nodes["Chad"]
    assert (chad["mentions"], chad["documents"]) == (4, 1)
    assert {"RSF", "Rapid Support Forces"} <= set(chad["aliases"])
    assert chad["corrections"][0]["detail"] == "merged Rapid Support Forces into Chad"
    # the RSF's support for Chad became a self-tie, which the graph never holds
    assert not any(u == v for u, v in H.edges())


def test_corrections_not_actor_removes_actor_and_ties():
    H, _ = _corrected(NotActor(actor="rsf"))
    assert "Rapid Support Forces" not in H
    assert sorted(H.edges(keys=True)) == [
        ("Chad", "Sudan", "co_mention"),
        ("Sudan", "Chad", "oppose"),
    ]


def test_corrections_detach_makes_the_name_its_own_actor():
    H, _ = _corrected(Detach(actor="sudan", alias="KHARTOUM", note="the city"))
    assert H.nodes["Sudan"]["aliases"] == ["Sudan"]
    assert H.nodes["Sudan"]["mentions"] == 1
    assert (H.nodes["Khartoum"]["mentions"], H.nodes["Khartoum"]["type"]) == (
        1,
        "state",
    )
    assert (
        H.edges["Chad", "Khartoum", "co_mention"]["evidence"][0]["sentence"]
        == (SENTENCES[1])
    )
    assert H.edges["Chad", "Sudan", "co_mention"]["count"] == 1
    assert H.nodes["Khartoum"]["corrections"][0]["detail"] == "detached from Sudan"


def test_corrections_detach_of_every_mention_leaves_no_tie_to_the_empty_actor():
    from graphkit.records import Affiliation

    records, resolution = _corpus()
    # An affiliation names a key, and no correction moves it.
    tie = Affiliation("a1", 2, "Chad", "Rapid Support Forces", "member", SENTENCES[2])
    records = [replace(records[0], affiliations=(tie,))]
    detach = Detach(actor="Rapid Support Forces", alias="RSF")
    H, _ = _corrected(detach, corpus=(records, resolution))
    assert "Rapid Support Forces" not in H and H.nodes["RSF"]["mentions"] == 1
    assert H.has_edge("RSF", "Chad", "support")
    assert not any(k == "affiliation" for *_, k in H.edges(keys=True))


def test_corrections_detach_a_titled_form_moves_the_mentions_written_so():
    sentences = ("President Amadou Diallo visited Chad.", "Amadou Diallo left Chad.")
    person = ("Amadou Diallo", "PERSON", "Amadou Diallo", "person")
    chad = ("Chad", "GPE", "Chad", "state")
    mentions = (
        Mention("a1", 0, 0, 10, 23, *person, written="President Amadou Diallo"),
        Mention("a1", 0, 0, 32, 36, *chad),
        Mention("a1", 1, 0, 38, 51, *person),
        Mention("a1", 1, 0, 57, 61, *chad),
    )
    article = Article("a1", " ".join(sentences))
    records = [DocRecord(article, sentences, (0, 0), mentions)]
    resolution = resolve(records)
    assert "President Amadou Diallo" in resolution.actors[0].aliases
    detach = Detach(actor="Amadou Diallo", alias="president amadou diallo")
    plan = plan_corrections(resolution, [detach], records)
    H, _ = apply_corrections(build_graph(plan.records(records), plan.resolution), plan)
    assert H.nodes["Amadou Diallo"]["mentions"] == 1
    assert H.nodes["President Amadou Diallo"]["mentions"] == 1
    assert "President Amadou Diallo" not in H.nodes["Amadou Diallo"]["aliases"]


def test_corrections_drop_evidence_strikes_a_sentence():
    H, _ = _corrected(
        DropEvidence(doc="a1", sentence="  khartoum and chad MET in Doha. ")
    )
    co = H.edges["Chad", "Sudan", "co_mention"]
    assert co["count"] == 1 and SENTENCES[1] not in [
        e["sentence"] for e in co["evidence"]
    ]
    assert co["corrections"][0]["action"] == "drop_evidence"
    assert H.nodes["Sudan"]["mentions"] == 2, "mention counts stay as resolved"


def test_corrections_unmatched_are_warnings_and_counted():
    with pytest.warns(UserWarning) as caught:
        H, report = _corrected(
            DropTie(source="Chad", target="Sudan", relation="support", origin="f:1"),
            NotActor(actor="Niger", origin="f:2"),
            Detach(actor="Chad", alias="Khartoum", origin="f:3"),
            DropEvidence(doc="a1", sentence="Nothing of the sort.", origin="f:4"),
            Relabel(
                source="Sudan", target="Chad", old="support", new="oppose", origin="f:5"
            ),
        )
    assert [str(w.message) for w in caught] == [
        "f:1: drop matches nothing: no support tie from Chad to Sudan.",
        "f:2: not_actor matches nothing: Unknown actor 'Niger', and no actor has a "
        "similar name; list the actors with `graphkit centrality GRAPH.json`.",
        "f:3: detach matches nothing: 'Khartoum' is not a name of Chad.",
        "f:4: drop_evidence matches nothing: no sentence of 'a1' reads "
        "'Nothing of the sort.'.",
        "f:5: relabel matches nothing: no support tie from Sudan to Chad.",
    ]
    assert (report.applied, report.unmatched) == (0, 5)
    assert H.graph["corrections"]["unmatched"] == 5


def test_corrections_said_twice_count_once():
    relabel = Relabel(source="RSF", target="Chad", old="support", new="oppose")
    strike = DropEvidence(doc="a1", sentence=SENTENCES[1])
    with pytest.warns(UserWarning) as caught:
        H, report = _corrected(
            replace(relabel, origin="f:1"),
            replace(relabel, origin="f:2"),
            replace(strike, origin="f:3"),
            replace(strike, origin="f:4"),
        )
    assert [o.applied for o in report.outcomes] == [True, False, True, False]
    assert [str(w.message) for w in caught] == [
        "f:2: relabel matches nothing: f:1 says so already.",
        "f:4: drop_evidence matches nothing: f:3 says so already.",
    ]
    assert H.edges["Chad", "Sudan", "co_mention"]["count"] == 1


def test_corrections_never_touch_their_inputs():
    records, resolution = _corpus()
    before = (records[0], resolution.actors, dict(resolution.actor_of))
    plan = plan_corrections(
        resolution,
        [
            MergeActors(actors=("Chad", "Sudan")),
            DropTie(source="Chad", target="RSF", relation="co_mention"),
        ],
        records,
    )
    G = build_graph(plan.records(records), plan.resolution)
    edges = sorted(G.edges(keys=True))
    apply_corrections(G, plan)
    assert sorted(G.edges(keys=True)) == edges
    assert (records[0], resolution.actors, dict(resolution.actor_of)) == before


# --- real builds on the seeds -------------------------------------------------------


def _build(out, *inputs, extra=(), store=None):
    args = ["build", *map(str, inputs), "--out", str(out), "--quiet", *extra]
    if store is not None:
        args += ["--store", str(store)]
    return CliRunner().invoke(cli, args)


def _stance(G):
    links = [
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if k != "co_mention"
    ]
    return sorted(links, key=lambda t: (-t[3]["weight"], t[:3]))


def _unique_aliases(G, node):
    """The aliases of ``node`` (its id aside) that name no other actor."""
    taken = {
        a.casefold()
        for n, d in G.nodes(data=True)
        if n != node
        for a in [n, *d["aliases"]]
    }
    return [
        a
        for a in G.nodes[node]["aliases"]
        if a.casefold() not in taken and a.casefold() != node.casefold()
    ]


def _other_name(G, node):
    """A name of ``node`` other than its id, in other case, as an analyst types it."""
    return ([*_unique_aliases(G, node), node][0]).swapcase()


@pytest.fixture(scope="module")
def seed_plan(seed_build):
    """Corrections of every kind picked from the uncorrected seed graph."""
    G = read_graph(seed_build / "graph.json")
    stance = _stance(G)
    u1, v1, k1, _ = stance[0]
    used = {u1, v1}
    u2, v2, k2, _ = next(
        t
        for t in stance[1:]
        if not used & set(t[:2])
        and not G.has_edge(t[0], t[1], "oppose" if t[2] == "support" else "support")
    )
    used |= {u2, v2}
    people = sorted(
        (
            n
            for n, d in G.nodes(data=True)
            if d["type"] == "person" and n not in used and G.degree(n)
        ),
        key=lambda n: (-G.nodes[n]["mentions"], n),
    )
    a, b = people[:2]
    used |= {a, b}
    c = next(
        n for n, _ in sorted(G.degree, key=lambda x: (-x[1], x[0])) if n not in used
    )
    used.add(c)
    d = max(
        (n for n in G if n not in used and _unique_aliases(G, n)),
        key=lambda n: (G.nodes[n]["mentions"], n),
    )
    used.add(d)
    x = _unique_aliases(G, d)[0]
    e_u, e_v, _, e_data = next(
        t
        for t in G.edges(keys=True, data=True)
        if t[2] == "co_mention" and t[3]["count"] >= 2 and not used & set(t[:2])
    )
    evidence = e_data["evidence"][0]
    lines = [
        {
            "drop": {
                "source": _other_name(G, u1),
                "target": _other_name(G, v1),
                "relation": k1,
            },
            "note": "misread quote",
        },
        {
            "relabel": {
                "source": _other_name(G, u2),
                "target": v2,
                "from": k2,
                "to": "oppose" if k2 == "support" else "support",
            }
        },
        {"merge": [a, _other_name(G, b)], "note": "same person"},
        {"not_actor": _other_name(G, c)},
        {"detach": {"actor": _other_name(G, d), "alias": x.upper()}},
        {"drop_evidence": {"doc": evidence["doc"], "sentence": evidence["sentence"]}},
        {"drop": {"source": a, "target": a, "relation": "support"}},
    ]
    return {
        "G": G,
        "lines": lines,
        "drop": (u1, v1, k1),
        "relabel": (u2, v2, k2),
        "merge": (a, b),
        "not_actor": c,
        "detach": (d, x),
        "evidence": (e_u, e_v, evidence),
    }


def _check_corrections(G0, G, plan):
    u1, v1, k1 = plan["drop"]
    assert G0.has_edge(u1, v1, k1) and not G.has_edge(u1, v1, k1)

    u2, v2, k2 = plan["relabel"]
    flipped = "oppose" if k2 == "support" else "support"
    assert not G.has_edge(u2, v2, k2)
    old, new = G0.edges[u2, v2, k2], G.edges[u2, v2, flipped]
    assert new["count"] >= old["count"] and new["intensity"] == pytest.approx(
        -old["intensity"]
    )
    assert new["corrections"][0]["action"] == "relabel"

    a, b = plan["merge"]
    assert b not in G
    assert set(G0.nodes[b]["aliases"]) <= set(G.nodes[a]["aliases"])
    assert G.nodes[a]["mentions"] == G0.nodes[a]["mentions"] + G0.nodes[b]["mentions"]
    assert G.nodes[a]["corrections"][0]["note"] == "same person"

    c = plan["not_actor"]
    assert c not in G and c in G0

    d, x = plan["detach"]
    assert x not in G.nodes[d]["aliases"]
    assert G.nodes[x]["aliases"] == [x]
    assert G.nodes[d]["mentions"] + G.nodes[x]["mentions"] == G0.nodes[d]["mentions"]

    e_u, e_v, evidence = plan["evidence"]
    link = G.edges[e_u, e_v, "co_mention"]
    assert link["count"] < G0.edges[e_u, e_v, "co_mention"]["count"]
    assert (evidence["doc"], evidence["sentence"]) not in {
        (e["doc"], e["sentence"]) for e in link["evidence"]
    }
    assert link["corrections"][0]["action"] == "drop_evidence"

    assert (G.graph["corrections"]["applied"], G.graph["corrections"]["unmatched"]) == (
        6,
        1,
    )
    assert G.graph["corrections"]["log"][0]["correction"]["note"] == "misread quote"


@pytest.fixture(scope="module")
def corrected_build(rebuild_seeds, seed_plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corrected")
    path = _file(tmp, *map(json.dumps, seed_plan["lines"]), name="reviewed.jsonl")
    out = tmp / "out"
    result = rebuild_seeds(out, "--corrections", str(path))
    return result, out, path


@pytest.mark.model
def test_corrections_every_kind_on_the_seeds(corrected_build, seed_plan):
    result, out, path = corrected_build
    assert result.exit_code == 0, result.output
    _check_corrections(seed_plan["G"], read_graph(out / "graph.json"), seed_plan)


@pytest.mark.model
def test_corrections_build_reads_each_record_once(
    corrected_build, seed_build, tmp_path, decodes
):
    """A build with corrections of every kind decodes each stored record once and
    makes the graph that planning first, then building, makes."""
    from graphkit.extract.extractor import Extractor
    from graphkit.pipeline import build, extract_corpus

    _, out, path = corrected_build
    store = tmp_path / "corpus.sqlite"
    shutil.copy(seed_build / "corpus.sqlite", store)
    extractor = Extractor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unmatched correction
        result = build(
            [SEEDS], tmp_path / "out", extractor=extractor, store=store,
            corrections=[path], formats=(),
        )  # fmt: skip
    assert decodes == {"record": result.articles, "statistics": result.articles}
    assert (tmp_path / "out" / "graph.json").read_bytes() == (
        out / "graph.json"
    ).read_bytes()
    records, resolution = extract_corpus([SEEDS], extractor=extractor, store=store)
    plan = plan_corrections(resolution, load_corrections([path]), records)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        G, _ = apply_corrections(
            build_graph(plan.records(records), plan.resolution), plan
        )
    G.graph["fingerprint"] = extractor.fingerprint
    assert json_text(G) == (out / "graph.json").read_text(encoding="utf-8")
    assert result.resolution == plan.resolution


@pytest.mark.model
def test_corrections_build_says_so_and_warns_once_per_unmatched(
    corrected_build, seed_plan
):
    result, out, path = corrected_build
    a = seed_plan["merge"][0]
    lines = result.output.splitlines()
    assert f"Corrections from {path}: 6 applied, 1 unmatched." in lines
    assert (
        f"Warning: {path}:7: drop matches nothing: no support tie from {a} to {a}."
        in lines
    )


@pytest.mark.model
def test_corrections_reach_reports(corrected_build, seed_plan):
    _, out, _ = corrected_build
    c, (a, b) = seed_plan["not_actor"], seed_plan["merge"]
    with open(out / "actors.csv", encoding="utf-8") as f:
        actors = {row["actor"] for row in csv.DictReader(f)}
    assert a in actors and b not in actors and c not in actors
    centrality = (out / "centrality.csv").read_text(encoding="utf-8")
    assert f"\n{c}," not in centrality and f",{c}," not in centrality
    alliances = (out / "alliances.md").read_text(encoding="utf-8")
    members = [
        name
        for line in alliances.splitlines()
        if re.match(r"\d+\. ", line)
        for name in line.split(". ", 1)[1].split(", ")
    ]
    assert members and c not in members
    assert f"**{c}**" not in alliances


@pytest.mark.model
def test_corrections_survive_a_rebuild_with_a_new_article(
    corrected_build, seed_build, seed_plan, tmp_path
):
    _, _, path = corrected_build
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(path, out / "corrections.jsonl")  # picked up without --corrections
    store = tmp_path / "corpus.sqlite"
    shutil.copy(seed_build / "corpus.sqlite", store)
    new = tmp_path / "new.txt"
    new.write_text(
        "BAGHDAD (Reuters) - Iraqi lawmakers on Monday condemned the attack on the "
        "embassy and urged calm.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["build", str(SEEDS), str(new), "--out", str(out), "--store", str(store), "-q"],
    )
    assert result.exit_code == 0, result.output
    assert f"Corrections from {out / 'corrections.jsonl'}: 6 applied, 1 unmatched." in (
        result.output.splitlines()
    )
    G = read_graph(out / "graph.json")
    assert G.graph["documents"] == seed_plan["G"].graph["documents"] + 1
    _check_corrections(seed_plan["G"], G, seed_plan)


@pytest.mark.model
def test_corrections_malformed_file_stops_the_build(tmp_path):
    path = _file(
        tmp_path,
        '{"not_actor": "Reuters"}',
        '{"relabel": {"source": "A", "target": "B", '
        '"from": "support", "to": "support"}}',
    )
    out = tmp_path / "out"
    result = _build(out, SEEDS, extra=["--corrections", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {path}:2: 'relabel' goes from support to oppose or back."
    ]
    assert not out.exists()


@pytest.mark.model
def test_corrections_missing_file_stops_the_build(tmp_path):
    out = tmp_path / "out"
    result = _build(out, SEEDS, extra=["--corrections", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: Corrections file not found: {tmp_path / 'nope.jsonl'}"
    ]
    assert not out.exists()

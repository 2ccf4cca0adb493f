"""Affiliations: leader and member ties as a layer of their own."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.extract import load_cues, record
from graphkit.graph import alliances, metrics
from graphkit.graph.build import build_graph
from graphkit.lexicons import compile_lexicon
from graphkit.records import (
    Actor,
    Affiliation,
    Article,
    DocRecord,
    Mention,
    Relation,
    Resolution,
)

LEXICON = compile_lexicon()


@pytest.fixture(scope="module")
def cues():
    return load_cues()


def _affiliations(nlp, cues, text: str) -> set[tuple[str, str, str]]:
    rec = record(nlp(text), Article("t", text), lexicon=LEXICON, cues=cues)
    return {(a.source, a.target, a.role) for a in rec.affiliations}


@pytest.mark.model
@pytest.mark.parametrize(
    "text, tie",
    [
        (
            "Tomas Brandt, leader of the Freedom Party, spoke.",
            ("Tomas Brandt", "Freedom Party", "leader"),
        ),
        (
            "The Freedom Party's spokesman Tomas Brandt spoke.",
            ("Tomas Brandt", "Freedom Party", "spokesman"),
        ),
        (
            "Tomas Brandt of the Freedom Party spoke.",
            ("Tomas Brandt", "Freedom Party", "member"),
        ),
        (
            "Freedom Party leader Tomas Brandt spoke.",
            ("Tomas Brandt", "Freedom Party", "leader"),
        ),
        (
            "The Freedom Party's former leader, Tomas Brandt, spoke.",
            ("Tomas Brandt", "Freedom Party", "leader"),
        ),
    ],
)
def test_affiliations_patterns(nlp, cues, text, tie):
    assert _affiliations(nlp, cues, text) == {tie}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Tomas Brandt, a critic of the Freedom Party, spoke.",  # a stance, no role
        "Tomas Brandt met the leader of the Freedom Party.",  # someone else's role
        "Mr Tomas Brandt praised the Freedom Party.",  # an honorific names no office
    ],
)
def test_affiliations_lookalikes(nlp, cues, text):
    assert _affiliations(nlp, cues, text) == set()


@pytest.mark.model
def test_affiliations_are_not_stance(nlp, cues):
    text = "Tomas Brandt, leader of the Freedom Party, spoke."
    rec = record(nlp(text), Article("t", text), lexicon=LEXICON, cues=cues)
    assert rec.relations == ()
    assert DocRecord.from_dict(rec.to_dict()) == rec


def _toy() -> nx.MultiDiGraph:
    """A leader who fights a rival, and the leader's party, linked only by
    affiliation: "Ann, leader of the Blue Party, condemned Bob."."""
    names = ["Ann", "Bob", "Blue Party", "Cal"]
    sentence = "Ann, leader of the Blue Party, condemned Bob. Cal backed Bob."
    mentions = tuple(
        Mention("a", 0, 0, 0, 1, n, "X", n, "person" if n != "Blue Party" else "org")
        for n in names
    )
    relations = (
        Relation("a", 0, "Ann", "Bob", "oppose", "disapprove", -3.0, "x", sentence),
        Relation("a", 0, "Cal", "Bob", "support", "support", 4.0, "x", sentence),
    )
    affiliation = Affiliation("a", 0, "Ann", "Blue Party", "leader", sentence)
    rec = DocRecord(
        Article("a", sentence), (sentence,), (0,), mentions, relations, (affiliation,)
    )
    actors = tuple(Actor(n, "person", (n,), 1, 1) for n in names)
    return build_graph([rec], Resolution(actors, {n: n for n in names}))


def test_affiliations_edge_attributes():
    G = _toy()
    data = G.edges["Ann", "Blue Party", "affiliation"]
    assert data["relation"] == "affiliation"
    assert data["roles"] == ["leader"]
    assert data["count"] == data["weight"] == 1
    assert data["evidence"][0]["role"] == "leader"


def test_affiliations_left_out_of_stance_metrics_unless_asked():
    G = _toy()
    everything = metrics.layer(G, "all")
    assert everything["Ann"]["Blue Party"]["weight"] == 1  # the co-mention alone
    only = metrics.layer(G, "affiliation")
    assert list(only.edges()) == [("Ann", "Blue Party")]


def test_affiliations_keep_a_leader_with_their_party():
    G = _toy()
    partition = alliances.blocs(G, seed=0)
    bloc_of = {n: i for i, bloc in enumerate(partition) for n in bloc}
    assert bloc_of["Ann"] == bloc_of["Blue Party"]
    assert bloc_of["Ann"] != bloc_of["Bob"]
    G.remove_edge("Ann", "Blue Party", "affiliation")
    assert "Blue Party" not in {n for bloc in alliances.blocs(G, seed=0) for n in bloc}

"""graphkit.extract.resolve: corpus-level merging of mention keys into actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract.mentions.ner import mentions
from graphkit.extract.resolve import resolve
from graphkit.records import Article, DocRecord, Mention

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _doc(doc_id, *items):
    """A record whose mentions are (text, key, kind) triples (or bare keys)."""
    found = []
    for item in items:
        text, key, kind = item if isinstance(item, tuple) else (item, item, "person")
        found.append(Mention(doc_id, 0, 0, 0, len(text), text, "X", key, kind))
    return DocRecord(Article(doc_id, ""), mentions=tuple(found))


def _merges(res):
    return {(m.alias, m.actor, m.reason) for m in res.merges}


def test_resolve_surname_merges_when_unique():
    res = resolve([_doc("a", "Salva Kiir"), _doc("b", ("Kiir", "Kiir", "state"))])
    assert res.actor_of["Kiir"] == "Salva Kiir"
    assert ("Kiir", "Salva Kiir", "surname") in _merges(res)
    (actor,) = res.actors
    assert (actor.kind, actor.mentions, actor.documents) == ("person", 2, 2)


def test_resolve_shared_surname_is_not_merged():
    res = resolve([_doc("a", "Ed Miliband", "David Miliband"), _doc("b", "Miliband")])
    assert res.actor_of["Miliband"] == "Miliband"


def test_resolve_first_name_and_family_name():
    records = [
        _doc("a", "Mohamed Hamdan Dagalo", "Abu Bakr Dagalo Osman"),
        _doc("b", "Hamdan Dagalo", "Mohamed", "Osman"),
    ]
    res = resolve(records)
    assert res.actor_of["Hamdan Dagalo"] == "Mohamed Hamdan Dagalo"
    assert res.actor_of["Mohamed"] == "Mohamed Hamdan Dagalo"
    assert res.actor_of["Osman"] == "Abu Bakr Dagalo Osman"
    assert ("Hamdan Dagalo", "Mohamed Hamdan Dagalo", "family-name") in _merges(res)


def test_resolve_arabic_article_prefix():
    res = resolve(
        [_doc("a", "Abdel Fattah al-Burhan"), _doc("b", "Burhan", "al-Burhan")]
    )
    assert (
        res.actor_of["Burhan"] == res.actor_of["al-Burhan"] == "Abdel Fattah al-Burhan"
    )


def test_resolve_place_sharing_a_surname_stays_apart():
    records = [_doc("a", "Salva Kiir", ("Kiir City", "Kiir City", "state"))]
    assert resolve(records).actor_of["Kiir City"] == "Kiir City"


def test_resolve_alias_table_actors_are_never_absorbed():
    res = resolve(
        [_doc("a", "Jordan Bardella"), _doc("b", ("Jordan", "Jordan", "state"))]
    )
    assert res.actor_of["Jordan"] == "Jordan"


def test_resolve_acronym_defined_elsewhere_and_by_initials():
    org = "organization"
    records = [
        _doc("a", ("RSF", "Rapid Support Forces", org)),
        _doc("b", ("RSF", "RSF", org), ("SPLM", "SPLM", org)),
        _doc(
            "c",
            (
                "Sudan People's Liberation Movement",
                "Sudan People's Liberation Movement",
                org,
            ),
        ),
    ]
    merges = _merges(resolve(records))
    assert ("RSF", "Rapid Support Forces", "defined-elsewhere") in merges
    assert ("SPLM", "Sudan People's Liberation Movement", "acronym") in merges


def test_resolve_spelling_variants_join_the_commonest():
    org = "organization"
    records = [
        _doc("a", *[(k, k, org) for k in ("al-Shabaab", "al-Shabaab", "Al Shabaab")])
    ]
    assert resolve(records).actor_of["Al Shabaab"] == "al-Shabaab"


def test_resolve_majority_kind_and_dropped_kinds():
    records = [
        _doc(
            "a",
            ("Wagner", "Wagner", "organization"),
            ("Wagner", "Wagner", "organization"),
        ),
        _doc("b", ("Wagner", "Wagner", "person"), ("Kharkiv", "Kharkiv", "place")),
    ]
    res = resolve(records)
    assert [(a.id, a.kind) for a in res.actors] == [("Wagner", "organization")]
    assert "Kharkiv" not in res.actor_of
    assert resolve(records, kinds={"place"}).actor_of == {"Kharkiv": "Kharkiv"}


def test_resolve_aliases_list_every_surface_form():
    records = [_doc("a", ("Moscow", "Russia", "state"), ("Russia", "Russia", "state"))]
    res = resolve(records)
    assert res.actors[0].aliases == ("Moscow", "Russia")
    assert ("Moscow", "Russia", "alias-table") in _merges(res)


def test_resolve_is_deterministic():
    records = [
        _doc("a", "Salva Kiir", "Kiir"),
        _doc("b", "Riek Machar", "Machar", "Kiir"),
    ]
    assert resolve(records) == resolve(list(reversed(records)))


@pytest.fixture(scope="module")
def seed_resolution(extractor):
    from graphkit.ingest import read_corpus

    articles = list(read_corpus([SEEDS]))
    pairs = extractor.nlp.pipe(((a.text, a) for a in articles), as_tuples=True)
    lexicon = extractor.lexicon
    return resolve(
        [
            DocRecord(a, mentions=tuple(mentions(d, a, lexicon=lexicon)))
            for d, a in pairs
        ],
        lexicon=lexicon,
    )


@pytest.mark.model
@pytest.mark.parametrize(
    "aliases",
    [
        ("Sadr", "Moqtada al-Sadr", "Moqtada"),
        ("Soleimani", "Qassem Soleimani"),
        ("Khamenei", "Ali Khamenei"),
        ("PMF", "Popular Mobilization Forces"),
        ("U.S.", "United States", "Washington", "America"),
    ],
)
def test_resolve_seed_names_are_one_actor(seed_resolution, aliases):
    actors = [a for a in seed_resolution.actors if set(aliases) <= set(a.aliases)]
    assert len(actors) == 1


@pytest.mark.model
def test_resolve_seed_has_no_journalists_weapons_or_media(seed_resolution):
    names = {alias for actor in seed_resolution.actors for alias in actor.aliases}
    for not_an_actor in (
        "Katyusha",
        "Twitter",
        "Reuters",
        "Sadr City",
        "Asharq al-Awsat",
        "Aziz El Yaakoubi",
        "Nadine Awadalla",
        "Baghdad Airport",
    ):
        assert not_an_actor not in names
    sadr = next(a for a in seed_resolution.actors if "Sadr" in a.aliases)
    assert sadr.kind == "person"

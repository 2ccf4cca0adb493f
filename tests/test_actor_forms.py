"""Actor rules of issue 13, session 4: nations named by "the", groups of a people,
editor's insertions, "X of <country>", the knowledge base's joins and its lazy
load (each with its no-merge side, on sentences of our own)."""

from __future__ import annotations

import pytest

from graphkit.errors import LexiconError
from graphkit.extract.knowledge import (
    KnowledgeBase,
    dump_knowledge_base,
    index_forms,
    load_knowledge_base,
    load_knowledge_base_text,
)
from graphkit.extract.mentions import ner
from graphkit.extract.resolve import resolve
from graphkit.lexicons import compile_lexicon
from graphkit.records import Article, DocRecord, Mention


def _mentions(nlp, text):
    return ner.mentions(nlp(text), Article("t", text), lexicon=compile_lexicon())


def _found(nlp, text):
    return [(m.text, m.key, m.kind) for m in _mentions(nlp, text)]


def _record(doc_id, *keys, kind="person"):
    found = [Mention(doc_id, 0, 0, 0, len(k), k, "X", k, kind) for k in keys]
    return DocRecord(Article(doc_id, ""), mentions=tuple(found))


@pytest.mark.model
@pytest.mark.parametrize(
    "text, mention, key, kind",
    [
        ("The French rejected the plan at the summit.", "French", "France", "state"),
        ("Kenya warned the Ethiopians that talks were over.", "Ethiopians",
         "Ethiopia", "state"),
        # not "the": the people
        ("Thousands of Ethiopians fled across the border.", "Ethiopians",
         "Ethiopians", "norp"),
        # a people without a state stays the people
        ("The Kurds rejected the plan.", "Kurds", "Kurds", "norp"),
    ],
)  # fmt: skip
def test_forms_the_nation_standing_alone_is_its_state(nlp, text, mention, key, kind):
    assert (mention, key, kind) in _found(nlp, text)


@pytest.mark.model
def test_forms_the_demonym_before_a_noun_or_conjunct_is_no_state_of_its_own(nlp):
    for text in (
        "The Ethiopian runners won the race in Nairobi.",
        "The Ethiopian and Kenyan runners won the race in Nairobi.",
    ):
        assert "Ethiopia" not in {key for _, key, _ in _found(nlp, text)}


@pytest.mark.model
def test_forms_groups_of_a_people_are_the_people(nlp):
    found = _found(nlp, "The United States had been allied with Kurdish groups.")
    assert ("Kurdish groups", "Kurds", "norp") in found
    # unqualified, "groups" names nobody
    assert _found(nlp, "Several groups rejected the plan.") == []


@pytest.mark.model
def test_forms_people_of_a_territory_with_a_plural_name(nlp):
    found = _found(nlp, "Hong Kong people marched again on Sunday.")
    assert ("Hong Kong people", "Hongkongers", "norp") in found
    # a territory whose people have no name here keeps the noun, not its own key
    found = _found(nlp, "Greenland people voted against the mine.")
    assert [key for text, key, _ in found if text == "Greenland people"] == [
        "Greenland people"
    ]


@pytest.mark.model
def test_forms_military_personnel_are_their_state(nlp):
    found = _found(nlp, "Rockets hit a base housing Kenyan military personnel.")
    assert ("Kenyan military personnel", "Kenya", "state") in found
    assert _found(nlp, "The personnel left the base.") == []


@pytest.mark.model
def test_forms_editors_insertion_is_not_part_of_the_name(nlp):
    text = (
        "Salva Kiir met the envoy. The rebels will now talk to [President Salva] "
        "Kiir because they have nobody else."
    )
    keys = {m.key for m in _mentions(nlp, text) if m.kind == "person"}
    assert keys == {"Salva Kiir"}


@pytest.mark.model
def test_forms_person_of_a_country_is_a_written_form(nlp):
    text = "Yesterday, President Nana Akufo-Addo of Ghana opened the summit."
    people = [m for m in _mentions(nlp, text) if m.kind == "person"]
    assert [(m.key, m.written) for m in people] == [
        ("Nana Akufo-Addo", "President Nana Akufo-Addo of Ghana")
    ]
    res = resolve([DocRecord(Article("t", text), mentions=tuple(people))])
    assert "President Nana Akufo-Addo of Ghana" in res.actors[0].aliases
    # "of" a body or a city is no such form
    text = "Yesterday, Ada Obi of Lagos Bank opened the summit."
    assert all(not m.written for m in _mentions(nlp, text))


def test_forms_knowledge_base_acronym_joins_the_name_it_spells():
    entries = [
        {"name": "Front for Peace in Lakeland", "kind": "organization",
         "country": "IMG"},
        {"name": "The Front", "synonyms": ["FPL"], "kind": "organization",
         "country": "IMG"},
        {"name": "Front for Peace in Lakeland", "kind": "organization",
         "country": "KEN"},
    ]  # fmt: skip
    index = index_forms(entries)
    assert index["fpl"] == index["front"]
    # the same initials in another country are another body
    assert "front for peace in lakeland" not in index


def test_forms_knowledge_base_form_under_three_bodies_names_none():
    entries = [
        {"name": "Northern Brigade", "synonyms": ["Lake Front"], "kind":
         "organization", "country": "IMG"},
        {"name": "Southern Brigade", "synonyms": ["Lake Front"], "kind":
         "organization", "country": "IMG"},
        {"name": "Lake Army", "synonyms": ["Lake Front"], "kind": "organization",
         "country": "IMG"},
        {"name": "Hill Army", "synonyms": ["Hill Front"], "kind": "organization",
         "country": "IMG"},
        {"name": "Hill Guard", "synonyms": ["Hill Front"], "kind": "organization",
         "country": "IMG"},
    ]  # fmt: skip
    index = index_forms(entries)
    assert "lake front" not in index
    assert index["northern brigade"] != index["southern brigade"]
    # two entries alone sharing a form are one actor listed twice
    assert index["hill army"] == index["hill guard"] == index["hill front"]


def test_forms_a_leader_listed_under_a_body_is_not_the_body():
    kb = KnowledgeBase.from_entries(
        [
            {
                "name": "Lakeland Front",
                "synonyms": ["Musa Dallo", "LF"],
                "kind": "organization",
                "country": "KEN",
            },
        ]  # fmt: skip
    )
    records = [
        _record("a", "Musa Dallo"),
        _record("b", "Lakeland Front", kind="organization"),
        _record("c", "LF", kind="organization"),
    ]
    res = resolve(records, knowledge=kb)
    assert res.actor_of["LF"] == "Lakeland Front"
    assert res.actor_of["Musa Dallo"] == "Musa Dallo"


def test_forms_knowledge_base_entries_are_read_when_looked_up(tmp_path):
    entries = [
        {"name": "Ada Obi", "synonyms": ["A. Obi"], "kind": "person",
         "country": "NGA"},
        {"name": "Obi Ventures", "kind": "organization"},
    ]  # fmt: skip
    text = dump_knowledge_base(entries, {"NGA": "Nigeria"}, "notice")
    kb = load_knowledge_base_text(text)
    assert kb.lookup("a obi").country == "Nigeria"
    assert [e["name"] for e in kb.entries] == ["Ada Obi", "Obi Ventures"]
    broken = text.replace('{"name":"Obi Ventures"', '{"name":')
    path = tmp_path / "kb.jsonl"
    path.write_text(broken, encoding="utf-8")
    kb = load_knowledge_base(path)
    assert kb.lookup("Ada Obi").name == "Ada Obi"
    with pytest.raises(LexiconError):
        kb.lookup("Obi Ventures")
    path.write_text('{"index": 3}\n', encoding="utf-8")
    with pytest.raises(LexiconError):
        load_knowledge_base(path)


def test_forms_packaged_knowledge_base_keeps_bodies_apart():
    kb = load_knowledge_base()
    isil = kb.entry("Islamic State of Iraq and the Levant")
    assert kb.entry("ISIL") == kb.entry("ISIS") == isil is not None
    assert kb.entry("Al-Qaeda") not in (None, isil)

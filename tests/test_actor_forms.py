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
from graphkit.extract.mentions.bystanders import NON_ACTOR_KINDS
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


def _records(nlp, *texts):
    lexicon = compile_lexicon()
    out = []
    for i, text in enumerate(texts):
        article = Article(f"d{i}", text)
        found = ner.mentions(nlp(text), article, lexicon=lexicon)
        out.append(DocRecord(article, mentions=tuple(found)))
    return out


@pytest.mark.model
def test_forms_groups_without_a_country_are_one_articles_own(nlp):
    records = _records(
        nlp,
        "Police fired tear gas at protesters near the stadium.",
        "Police arrested protesters outside the town hall.",
    )
    res = resolve(records)
    police = {
        res.actor_of[m.key] for r in records for m in r.mentions if "ol" in m.text
    }
    assert police == {"police (d0)", "police (d1)"}
    # a country makes them one group across articles
    records = _records(
        nlp,
        "Kenyan police fired tear gas at protesters in Nairobi.",
        "Kenyan police arrested two men in Mombasa.",
    )
    res = resolve(records)
    assert {res.actor_of[m.key] for r in records for m in r.mentions} >= {
        "Kenyan police"
    }
    assert "Kenyan police" in {a.id for a in res.actors if a.documents == 2}


@pytest.mark.model
def test_forms_a_person_introduced_by_one_name_is_the_articles_own(nlp):
    records = _records(
        nlp,
        "A farmer named Okoro said the floods ruined his crops. Okoro wept.",
        "Governor Chidi Okoro opened the new bridge in Enugu.",
    )
    res = resolve(records)
    first = {res.actor_of[m.key] for m in records[0].mentions if m.text == "Okoro"}
    assert first == {"Okoro (d0)"}
    # a surname alone still finds the one person named in full elsewhere
    records = _records(
        nlp,
        "Okoro said the floods ruined the crops.",
        "Governor Chidi Okoro opened the new bridge in Enugu.",
    )
    assert resolve(records).actor_of["Okoro"] == "Chidi Okoro"


@pytest.mark.model
def test_forms_a_body_written_with_its_own_noun(nlp):
    found = _found(nlp, "The Eritrea-based Afar Front movement rejected the talks.")
    assert ("Afar Front movement", "Afar Front", "organization") in found
    # a person of the body is no part of its name
    found = _found(nlp, "Freedom Party leader Tomas Brandt spoke.")
    assert ("Freedom Party", "Freedom Party", "organization") in found


@pytest.mark.model
def test_forms_a_translation_in_parentheses_is_an_alias(nlp):
    text = (
        "The Supreme Court (Tribunal Supremo) of Spain struck the law down. The "
        "Tribunal Supremo said so on Friday."
    )
    found = _found(nlp, text)
    assert [k for t, k, _ in found if t == "Tribunal Supremo"] == ["Supreme Court"] * 2
    # a part of the name or a place in parentheses is no translation
    text = "The Supreme Court (Vienna) struck the law down on Friday."
    assert "Supreme Court" not in {k for t, k, _ in _found(nlp, text) if t == "Vienna"}


@pytest.mark.model
def test_forms_acronym_of_the_name_in_its_own_language(nlp):
    text = (
        "Turkey named the People's Protection Units (YPG) as terrorists. The YPG "
        "denied it."
    )
    keys = {t: k for t, k, _ in _found(nlp, text)}
    assert keys["YPG"] == "People's Protection Units"


@pytest.mark.model
def test_forms_a_transliterated_surname_is_the_person(nlp):
    text = (
        'The spokesman Yahya Sarea announced the strikes. "We will strike again," '
        "Saree said."
    )
    keys = {t: k for t, k, _ in _found(nlp, text)}
    assert keys["Saree"] == "Yahya Sarea"
    # two letters apart is another name
    text = "Musa Bello denied the charges. Balla said nothing more."
    assert {t: k for t, k, _ in _found(nlp, text)}.get("Balla") != "Musa Bello"


@pytest.mark.model
def test_forms_part_of_two_bodies_names_the_one_named_last(nlp):
    text = (
        "The Supreme Court of Justice asked the European Court of Justice for a "
        "ruling. On Thursday the Court of Justice answered."
    )
    keys = {t: k for t, k, _ in _found(nlp, text)}
    assert keys["Court of Justice"] == "European Court of Justice"


def test_forms_institution_written_the_other_way_round():
    records = [
        _record("a", "Kenya Ministry of Defence", kind="organization"),
        _record("b", "Defence Ministry", kind="organization"),
        _record("c", "Kenya Parliament", kind="organization"),
        _record("d", "Kenyan parliament", kind="group"),
    ]
    res = resolve(records)
    assert res.actor_of["Defence Ministry"] == "Kenya Ministry of Defence"
    assert res.actor_of["Kenyan parliament"] == "Kenya Parliament"
    # two ministries so named: neither
    records.append(_record("e", "Uganda Ministry of Defence", kind="organization"))
    assert resolve(records).actor_of["Defence Ministry"] == "Defence Ministry"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, name",
    [
        ("Rozana reports that the minister resigned in Raqqa.", "Rozana"),
        ("The name of the town is Islamgarh.", "Islamgarh"),
        ("Some museums, the National Aquarium and the archives have shut.",
         "National Aquarium"),
        ("He won the Lenin Prize and the Order of Glory in Moscow.",
         "Order of Glory"),
    ],
)  # fmt: skip
def test_forms_names_the_sentence_shows_are_no_actors(nlp, text, name):
    found = {t: k for t, _, k in _found(nlp, text)}
    assert found.get(name, "place") in NON_ACTOR_KINDS


@pytest.mark.model
def test_forms_names_that_act_stay_actors(nlp):
    text = "Rozana reports that the minister resigned. Police arrested Rozana."
    assert {k for t, _, k in _found(nlp, text) if t == "Rozana"} == {"person"}
    found = {t: k for t, _, k in _found(nlp, "The National Aquarium shut its doors.")}
    assert found.get("National Aquarium") != "bystander"


@pytest.mark.model
def test_forms_place_names_led_by_their_noun(nlp):
    text = "Troops entered Tell Abyad and Ain Issa, near Masjid Al-Nour."
    kinds = {t: k for t, _, k in _found(nlp, text)}
    assert all(kinds.get(n, "place") == "place" for n in kinds if " " in n)


@pytest.mark.model
def test_forms_capitalised_common_words_are_no_names(nlp):
    text = (
        "Hydrogen and helium are light. A hydrogen-rich world is easy to see. The "
        "Lagos Chess Federation met. Chess, a chess player said, is popular."
    )
    keys = {k for _, k, _ in _found(nlp, text)}
    assert "Hydrogen" not in keys and "Chess" not in keys
    # a name at a sentence start that the document never writes in lowercase
    text = "Anne Sacoolas left. Sacoolas said nothing."
    assert {k for _, k, _ in _found(nlp, text)} == {"Anne Sacoolas"}


@pytest.mark.model
def test_forms_capitals_inside_a_paragraph_are_prose(nlp):
    text = "He said that others must act. THE UK IS BACK!\n\nHe won."
    assert [m.key for m in _mentions(nlp, text)] == ["United Kingdom"]
    # a line of capitals of its own is a heading
    assert _mentions(nlp, "UK NEWS\n\nHe said that others must act.") == []


@pytest.mark.model
def test_forms_a_number_of_states_are_actors(nlp):
    text = "Sixteen states sued the president on Monday."
    assert [(t, kind) for t, _, kind in _found(nlp, text)] == [("states", "group")]
    assert _found(nlp, "The states of the region are poor.") == []


@pytest.mark.model
def test_forms_a_country_before_a_bodys_untagged_name_is_the_body(nlp):
    text = "On Friday, the Kenya National Assembly issued a summons to the minister."
    keys = [k for _, k, _ in _found(nlp, text)]
    assert "Kenya" not in keys and any(k.startswith("Kenya National") for k in keys)
    # a country before an office is the country
    keys = [k for _, k, _ in _found(nlp, "U.S. President Trump spoke in Nairobi.")]
    assert "United States" in keys


@pytest.mark.model
def test_forms_a_maker_before_a_model_code_is_a_product(nlp):
    text = (
        "She was struck by a Volvo XC90 on the road. The Volvo had come from the base."
    )
    assert {kind for t, _, kind in _found(nlp, text) if t == "Volvo"} == {"thing"}
    text = "Volvo said it would cut jobs in Gothenburg."
    assert {kind for t, _, kind in _found(nlp, text) if t == "Volvo"} == {
        "organization"
    }


def test_forms_knowledge_base_never_joins_two_bodies_with_other_heads():
    kb = KnowledgeBase.from_entries(
        [
            {
                "name": "Lakeland Parliament",
                "synonyms": ["Lakeland Senate", "Parliament of Lakeland", "LP"],
                "kind": "organization",
                "country": "KEN",
            },
        ]  # fmt: skip
    )
    records = [
        _record("a", "Lakeland Senate", kind="organization"),
        _record("b", "Lakeland Parliament", kind="organization"),
        _record("c", "Parliament of Lakeland", kind="organization"),
    ]
    res = resolve(records, knowledge=kb)
    assert res.actor_of["Parliament of Lakeland"] == res.actor_of["Lakeland Parliament"]
    assert res.actor_of["Lakeland Senate"] == "Lakeland Senate"


@pytest.mark.model
def test_forms_sports_clubs_and_leagues_are_no_actors(nlp):
    text = "The Lakeside Rugby Union season ended. Riverside FC signed a striker."
    assert _found(nlp, text) == []
    text = "Kenya's Ministry of Sports fined the federation."
    assert "Ministry of Sports" in {k for _, k, _ in _found(nlp, text)}


@pytest.mark.model
def test_forms_a_broadcasters_reporter_is_a_journalist(nlp):
    text = "Speaking to Maria Lopez of NPR, the minister said the talks had failed."
    kinds = {t: kind for t, _, kind in _found(nlp, text)}
    assert kinds["Maria Lopez"] == "journalist" and kinds["NPR"] == "source"

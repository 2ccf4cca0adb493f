"""graphkit.extract.mentions.ner: actor mentions, kinds and document-level keys."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from graphkit.extract.mentions import ner
from graphkit.extract.mentions.bystanders import NON_ACTOR_KINDS
from graphkit.lexicons import compile_lexicon
from graphkit.nlp import add_actor_ruler
from graphkit.records import Article

LEXICON = compile_lexicon()


def mentions(doc, article):
    return ner.mentions(doc, article, lexicon=LEXICON)


def _found(nlp, text, dateline=""):
    doc = nlp(text)
    return [
        (m.text, m.key, m.kind)
        for m in mentions(doc, Article("t", text, dateline=dateline))
    ]


def _keys(nlp, text, dateline=""):
    return [key for _, key, _ in _found(nlp, text, dateline)]


def test_ner_hand_made_doc_uses_alias_ids():
    nlp = add_actor_ruler(spacy.blank("en"), LEXICON)
    words = ["Moscow", "warned", "Kyiv", "about", "NATO", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        ents=["B-GPE", "O", "B-GPE", "O", "B-ORG", "O"],
        sent_starts=[True] + [False] * 5,
    )
    found = mentions(doc, Article("a", doc.text))
    assert [(m.key, m.kind, m.start, m.end) for m in found] == [
        ("Russia", "state", 0, 6),
        ("Ukraine", "state", 14, 18),
        ("NATO", "organization", 25, 29),
    ]


@pytest.fixture(scope="module")
def blank():
    return add_actor_ruler(spacy.blank("en"), LEXICON)


def _parsed(nlp, words, heads, deps, pos, ents=None):
    lemmas = [w if p == "PROPN" else w.lower() for w, p in zip(words, pos, strict=True)]
    starts = [True] + [False] * (len(words) - 1)
    return Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        ents=ents,
        sent_starts=starts,
    )


def test_ner_capitalised_name_ending_in_group_noun_is_an_organisation(blank):
    deps = ["compound", "compound", "nsubj", "ROOT", "punct"]
    pos = ["PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    words = ["Popular", "Defence", "Forces", "attacked", "."]
    doc = _parsed(blank, words, [2, 2, 3, 3, 3], deps, pos)
    found = mentions(doc, Article("a", doc.text))
    assert [(m.text, m.kind) for m in found] == [
        ("Popular Defence Forces", "organization")
    ]
    words = ["Security", "Forces", "attacked", "."]
    doc = _parsed(blank, words, [1, 2, 2, 2], deps[1:], pos[1:])
    found = mentions(doc, Article("a", doc.text))
    assert [(m.text, m.key, m.kind) for m in found] == [
        ("Security Forces", "security forces (a)", "group")
    ]


def test_ner_possessive_splits_only_an_actor_owner(blank):
    words = ["Russia", "'s", "Wagner", "Group", "and", "People", "'s", "Army", "."]
    ents = ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    spaces = [False, True, True, True, True, False, True, False, False]
    doc = Doc(
        blank.vocab,
        words=words,
        spaces=spaces,
        ents=ents,
        sent_starts=[True] + [False] * 8,
    )
    found = mentions(doc, Article("a", doc.text))
    assert [(m.key, m.kind) for m in found] == [
        ("Russia", "state"),
        ("Wagner Group", "organization"),
        ("People's Army", "organization"),
    ]


@pytest.mark.model
def test_ner_mentions_do_not_touch_the_doc(nlp):
    doc = nlp("Kenyan police arrested Ruto's aides in Nairobi.")
    before = doc.to_bytes()
    mentions(doc, Article("a", doc.text))
    assert doc.to_bytes() == before


@pytest.mark.model
def test_ner_titles_and_ranks_are_stripped(nlp):
    text = (
        "Sudanese army chief General Abdel Fattah al-Burhan met Prime Minister "
        "Abdalla Hamdok, while Lt. Col. Sarah Jones briefed Master Sgt. Tom Ruiz."
    )
    assert _found(nlp, text) == [
        ("Abdel Fattah al-Burhan", "Abdel Fattah al-Burhan", "person"),
        ("Abdalla Hamdok", "Abdalla Hamdok", "person"),
        ("Sarah Jones", "Sarah Jones", "person"),
        ("Tom Ruiz", "Tom Ruiz", "person"),
    ]


@pytest.mark.model
def test_ner_capital_acts_as_its_country_but_not_as_a_place(nlp):
    text = "Kyiv accused Moscow of shelling civilians in Kharkiv and in Minsk."
    assert _keys(nlp, text) == ["Ukraine", "Russia", "civilians (t)"]
    assert _keys(nlp, "Washington imposed sanctions, and Caracas rejected them.") == [
        "United States",
        "Venezuela",
    ]


@pytest.mark.model
def test_ner_possessive_and_article_are_stripped(nlp):
    found = _found(nlp, "The Kremlin's spokesman said Venezuela's Nicolás Maduro lied.")
    assert ("Kremlin", "Russia", "state") in found
    assert ("Nicolás Maduro", "Nicolás Maduro", "person") in found


@pytest.mark.model
def test_ner_demonym_on_a_thing_is_not_an_actor(nlp):
    assert _found(
        nlp, "Crews repaired a Ukrainian power station, Ukrainians said."
    ) == [("Ukrainians", "Ukrainians", "norp")]
    # weapons acting are their state's; a thing hit is not
    assert _found(nlp, "Russian missiles hit a Ukrainian power station.") == [
        ("Russian", "Russia", "state")
    ]


@pytest.mark.model
def test_ner_groups_are_qualified_by_nationality(nlp):
    found = _found(
        nlp, "Sudanese protesters clashed with Ethiopian troops near the border."
    )
    assert found == [
        ("Sudanese protesters", "Sudanese protesters", "group"),
        ("Ethiopian troops", "Ethiopia", "state"),
    ]
    assert _keys(nlp, "Chadian protesters marched.") != _keys(
        nlp, "Malian protesters marched."
    )


@pytest.mark.model
def test_ner_backed_groups_keep_the_backer_as_its_own_mention(nlp):
    found = _found(
        nlp, "Rwanda-backed rebels attacked Congolese soldiers in North Kivu."
    )
    assert found == [
        ("Rwanda", "Rwanda", "state"),
        ("rebels", "rebels (t)", "group"),
        ("Congolese soldiers", "Democratic Republic of the Congo", "state"),
    ]


@pytest.mark.model
def test_ner_stance_prefix_keeps_the_country(nlp):
    found = _found(nlp, "Anti-French demonstrators marched in Bamako on Friday.")
    assert found == [
        ("French", "France", "state"),
        ("demonstrators", "protesters (t)", "group"),  # one group: same_as
    ]


@pytest.mark.model
def test_ner_dateline_qualifies_domestic_groups(nlp):
    text = (
        "Police fired tear gas at protesters. The government said it would investigate."
    )
    assert _keys(nlp, text, dateline="KHARTOUM (Reuters) -") == [
        "Sudanese police",
        "Sudanese protesters",
        "Sudan",
    ]
    # Without a country, "the government" is nobody in particular: no actor,
    # and the police and protesters are those of this article only.
    assert _keys(nlp, text) == ["police (t)", "protesters (t)"]


@pytest.mark.model
def test_ner_acronym_defined_in_the_document(nlp):
    text = (
        "The Rapid Support Forces (RSF) attacked the town.\n\nLater the RSF withdrew."
    )
    keys = [
        (m.text, m.key, m.paragraph) for m in mentions(nlp(text), Article("a", text))
    ]
    assert keys == [
        ("Rapid Support Forces", "Rapid Support Forces", 0),
        ("RSF", "Rapid Support Forces", 0),  # the definition names it too
        ("RSF", "Rapid Support Forces", 1),
    ]


@pytest.mark.model
def test_ner_parenthetical_first_name_joins_the_name(nlp):
    found = _found(nlp, "Congo's president, (Joseph) Kabila, refused to step down.")
    assert ("(Joseph) Kabila", "Joseph Kabila", "person") in found


@pytest.mark.model
def test_ner_surname_takes_the_full_name_only_when_unique(nlp):
    text = (
        "General Mohamed Hamdan Dagalo spoke to reporters. Dagalo said he would stay."
    )
    assert _keys(nlp, text) == ["Mohamed Hamdan Dagalo"] * 2
    text = "Ed Miliband and David Miliband met in London. Miliband said nothing."
    assert _keys(nlp, text)[-1] == "Miliband"


@pytest.mark.model
def test_ner_media_weapons_and_platforms_are_not_actors(nlp):
    text = (
        "Zelensky wrote on Twitter that Bayraktar drones struck Russian positions, "
        "Reuters reported. Officials told the Kyiv Independent newspaper about it."
    )
    actors = [k for _, k, kind in _found(nlp, text) if kind not in NON_ACTOR_KINDS]
    assert actors == ["Zelensky"]


@pytest.mark.model
def test_ner_participle_compounds_name_the_actor(nlp):
    found = _found(nlp, "The U.S.-led coalition and Iran-backed militias clashed.")
    assert found == [
        ("U.S.", "United States", "state"),
        ("Iran", "Iran", "state"),
        ("militias", "militias (t)", "group"),
    ]


@pytest.mark.model
def test_ner_appositive_translation_is_an_alias(nlp):
    text = (
        "Harakat al-Shabaab al-Mujahideen, or Mujahideen Youth Movement, claimed "
        "the attack. The rebels of the Tatmadaw, or Myanmar Armed Forces, attacked."
    )
    assert _found(nlp, text) == [
        (
            "Harakat al-Shabaab al-Mujahideen",
            "Harakat al-Shabaab al-Mujahideen",
            "organization",
        ),
        (
            "Mujahideen Youth Movement",
            "Harakat al-Shabaab al-Mujahideen",
            "organization",
        ),
        ("rebels", "rebels (t)", "group"),
        ("Tatmadaw", "Tatmadaw", "organization"),
        ("Myanmar Armed Forces", "Tatmadaw", "organization"),
    ]


@pytest.mark.model
def test_ner_coordinated_nationalities_each_get_a_mention(nlp):
    assert _found(nlp, "Kenyan and Ugandan troops crossed into Somalia.") == [
        ("Kenyan", "Kenya", "state"),
        ("Ugandan troops", "Uganda", "state"),
        ("Somalia", "Somalia", "state"),
    ]


@pytest.mark.model
def test_ner_nationals_are_the_people_of_the_country(nlp):
    assert _found(nlp, "The Zambian people rejected the plan.") == [
        ("Zambian people", "Zambians", "norp")
    ]


@pytest.mark.model
def test_ner_country_named_as_a_location_is_kept(nlp):
    text = "France sent troops to a peacekeeping force in Liberia and Monrovia."
    assert _keys(nlp, text) == ["France", "peacekeeping forces (t)", "Liberia"]


def test_ner_names_in_a_foreign_script_are_dropped(blank):
    words = ["Ana", "Ruiz", "met", "राम", "लाल", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O"]
    doc = Doc(blank.vocab, words=words, ents=ents, sent_starts=[True] + [False] * 5)
    assert [m.key for m in mentions(doc, Article("a", doc.text))] == ["Ana Ruiz"]


def test_ner_product_law_and_event_names_are_not_actors(blank):
    words = ["Kestrel", "Linux", ",", "the", "Water", "Act", "and", "Ana", "Ruiz", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O"]
    ents += ["B-PERSON", "I-PERSON", "O"]
    doc = Doc(blank.vocab, words=words, ents=ents, sent_starts=[True] + [False] * 9)
    assert [m.key for m in mentions(doc, Article("a", doc.text))] == ["Ana Ruiz"]


def test_ner_person_must_look_like_a_name(blank):
    words = ["Regarding", "Ostrava", ",", "COVID", "Lima", "and", "Park", "Won"]
    words += ["-", "soon", "spoke", "."]
    tags = ["VBG", "NNP", ",", "NNP", "NNP", "CC", "NNP", "NNP", "HYPH", "NNP"]
    tags += ["VBD", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O"]
    ents += ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"]
    doc = Doc(
        blank.vocab,
        words=words,
        spaces=[
            True,
            False,
            True,
            True,
            False,
            True,
            True,
            False,
            False,
            True,
            False,
            False,
        ],
        tags=tags,
        pos=[
            "VERB",
            "PROPN",
            "PUNCT",
            "PROPN",
            "PROPN",
            "CCONJ",
            "PROPN",
            "PROPN",
            "PUNCT",
            "PROPN",
            "VERB",
            "PUNCT",
        ],
        ents=ents,
        sent_starts=[True] + [False] * 11,
    )
    assert [m.key for m in mentions(doc, Article("a", doc.text))] == ["Park Won-soon"]


@pytest.mark.model
def test_ner_domestic_groups_need_evidence_of_their_country(nlp):
    # two countries named nearby and no majority: the police stay unqualified
    text = (
        "Ecuador held a vote. Ecuador counted ballots, Peru and Chile watched. "
        "Ecuador was calm. The count went well. The police said it was quiet."
    )
    assert _keys(nlp, text)[-1] == "police (t)"
    # a clear majority of the document's country names
    text = (
        "Ecuador held a vote. Ecuador counted ballots. Peru watched. "
        "Ecuador was calm. The police said it was quiet."
    )
    assert _keys(nlp, text)[-1] == "Ecuadorian police"
    # the main country named alone in the previous sentence
    text = (
        "Ecuador held a vote. Ecuador counted ballots, Peru and Chile watched. "
        "Ecuador was calm. The police said it was quiet."
    )
    assert _keys(nlp, text)[-1] == "Ecuadorian police"


@pytest.mark.model
def test_ner_generic_state_nouns_are_not_the_state(nlp):
    text = "A government in exile was formed. The government resigned."
    assert _keys(nlp, text, dateline="NAIROBI (Reuters) -") == ["Kenya"]


@pytest.mark.model
def test_ner_added_group_heads(nlp):
    text = (
        "Sudanese advisers met the Turkish side. Youths threw stones, a farmer "
        "recalled of his youth. Afghan guerillas ambushed a convoy."
    )
    assert _found(nlp, text) == [
        ("Sudanese advisers", "Sudan", "state"),
        ("Turkish side", "Turkey", "state"),
        ("Youths", "youths (t)", "group"),
        ("farmer", "farmers (t)", "group"),
        ("Afghan guerillas", "Afghan guerrillas", "group"),
    ]


@pytest.mark.model
def test_ner_nationality_of_an_act_is_the_state(nlp):
    text = "Nepal rejected an Indian proposal, and Ghana bought an Indian airliner."
    assert _found(nlp, text) == [
        ("Nepal", "Nepal", "state"),
        ("Indian", "India", "state"),
        ("Ghana", "Ghana", "state"),
    ]
    assert _found(nlp, "Malian-led troops entered the town.") == [
        ("Malian", "Mali", "state")
    ]


def test_ner_acronym_of_a_non_actor_is_not_an_actor(blank):
    words = ["The", "Clean", "Air", "Act", "(", "CAA", ")", "passed", ";"]
    words += ["Ana", "Ruiz", "cited", "the", "CAA", "."]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O"]
    ents += ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O"]
    doc = Doc(blank.vocab, words=words, ents=ents, sent_starts=[True] + [False] * 14)
    assert [m.key for m in mentions(doc, Article("a", doc.text))] == ["Ana Ruiz"]


@pytest.mark.model
def test_ner_a_title_or_a_system_alone_is_not_an_actor(nlp):
    text = "The Prime Minister and the Health Minister met Maria Gonzalez on Monday."
    assert _keys(nlp, text) == ["Maria Gonzalez"]
    assert _keys(nlp, "Kenya praised the Early Warning System.") == ["Kenya"]

"""Office descriptions resolved in the document (mentions.descriptions)."""

from __future__ import annotations

import pytest

from graphkit.extract.extractor import Extractor
from graphkit.records import Article

pytestmark = pytest.mark.model


def _described(extractor: Extractor, text: str, title: str = "") -> set[tuple]:
    """(text, key, sentence) of the mentions whose text is not their key."""
    rec = next(extractor.records([Article("d", text, title=title)]))
    return {(m.text, m.key, m.sent) for m in rec.mentions if m.text != m.key}


TWO_PRESIDENTS = (
    "French President Claire Dubois met Chilean President Gabriel Rojas in Lima. "
)


@pytest.mark.parametrize(
    "text, found",
    [
        (  # a country picks one of two holders
            TWO_PRESIDENTS + "The French president condemned Peru.",
            ("French president", "Claire Dubois", 1),
        ),
        (
            TWO_PRESIDENTS + "Later the Chilean president left for Quito.",
            ("Chilean president", "Gabriel Rojas", 1),
        ),
        (  # the country of an apposed office counts too
            "Amina Yusuf, the governor of Kano, met Chilean President Gabriel Rojas. "
            "The Chilean president left.",
            ("Chilean president", "Gabriel Rojas", 1),
        ),
    ],
)
def test_descriptions_country_picks_the_holder(extractor, text, found):
    assert found in _described(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # no description names a country: two holders stay ambiguous
        TWO_PRESIDENTS + "The president condemned Peru.",
        # a country no holder was named with
        TWO_PRESIDENTS + "The Peruvian president condemned Chile.",
        # a holder named with no country is not picked by a country
        "President Claire Dubois met President Gabriel Rojas. "
        "The Chilean president left.",
    ],
)
def test_descriptions_no_holder_when_none_or_two_fit(extractor, text):
    assert not [d for d in _described(extractor, text) if d[2] == 1]


def test_descriptions_headline_office_without_article(extractor):
    body = "Youssef Haddad, the prime minister of Tunisia, signed the decree on Monday."
    found = _described(extractor, body, title="Tunisian prime minister signs decree")
    assert ("Tunisian prime minister", "Youssef Haddad", 0) in found
    # the same words without "the" in the body are no description
    body2 = body + " Prime minister offices were closed."
    assert not [d for d in _described(extractor, body2) if d[2] == 1]


def test_descriptions_office_read_as_an_organisation_is_its_holder(extractor):
    text = (
        "Youssef Haddad, the prime minister of Tunisia, signed the decree. "
        "Critics said the Tunisian Prime Minister had acted alone."
    )
    assert ("Tunisian Prime Minister", "Youssef Haddad", 1) in _described(
        extractor, text
    )
    # with two prime ministers of no stated country, it stays as it was read
    text = (
        "Prime Minister Youssef Haddad met Prime Minister Ana Silva. "
        "Critics said the Tunisian Prime Minister had acted alone."
    )
    assert not [d for d in _described(extractor, text) if d[2] == 1]


def test_descriptions_office_before_a_name_without_comma_is_a_title(extractor):
    # "security adviser Omar Bello": a title, not an apposed description
    text = "Mali dismissed national security adviser Omar Bello on Monday."
    assert not [d for d in _described(extractor, text) if "adviser" in d[0]]


def test_descriptions_title_outside_the_entity_makes_a_holder(extractor):
    text = (
        "The regional trade commissioner Ali Musa spoke in Accra on Monday. "
        "The commissioner said the deal would hold."
    )
    assert ("commissioner", "Ali Musa", 1) in _described(extractor, text)


def test_descriptions_possessor_before_an_apposed_office_stays_a_name(extractor):
    text = (
        "Reports say Zenith's director, Hamid Karimi, has ties to the army. "
        "Zenith denied it."
    )
    rec = next(extractor.records([Article("z", text)]))
    pairs = {(m.text, m.key) for m in rec.mentions if m.sent == 0}
    assert ("director", "Hamid Karimi") in pairs
    assert not [p for p in pairs if "Zenith" in p[0] and p[1] == "Hamid Karimi"]


def test_descriptions_title_outside_the_entity_is_a_written_form(extractor):
    text = (
        "The regional trade commissioner Ali Musa spoke in Accra on Monday. "
        "The commissioner said the deal would hold."
    )
    rec = next(extractor.records([Article("w", text)]))
    written = {m.written for m in rec.mentions if m.key == "Ali Musa"}
    assert "commissioner Ali Musa" in written


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "The court ruled for the plaintiff, Eva Moser, a politician in Austria.",
            ("plaintiff", "Eva Moser", 0),
        ),
        (
            "Dunn's mother, Carla Hughes, said that she forgave no one.",
            ("mother", "Carla Hughes", 0),
        ),
    ],
)
def test_descriptions_apposed_definite_noun_is_the_person(extractor, text, found):
    assert found in _described(extractor, text)


def test_descriptions_indefinite_apposed_noun_is_no_mention(extractor):
    text = "Eva Moser, a politician in Austria, filed the suit."
    assert not [d for d in _described(extractor, text) if "politician" in d[0]]


def test_descriptions_tie_resting_on_a_description_is_inferred(extractor):
    text = TWO_PRESIDENTS + "The French president condemned Peru."
    rec = next(extractor.records([Article("i", text)]))
    ties = {(r.source, r.target, r.confidence, r.basis) for r in rec.relations}
    assert (
        "Claire Dubois",
        "Peru",
        "inferred",
        "coref:french president+event:condemn",
    ) in ties
    # named in the sentence as well: the tie is explicit
    text = "Claire Dubois, the president of France, condemned Peru."
    rec = next(extractor.records([Article("j", text)]))
    assert {(r.source, r.confidence) for r in rec.relations} == {
        ("Claire Dubois", "explicit")
    }

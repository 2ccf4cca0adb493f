"""graphkit.extract.extractor: parsing in memory zones with the tokenizer's cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract.extractor import Extractor
from graphkit.extract.headline import parsed_text
from graphkit.ingest import read_corpus
from graphkit.records import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _articles() -> list[Article]:
    """The seed articles: ten news stories, 2,100 distinct words."""
    return list(read_corpus([SEEDS]))


def _extractor(cache_size: int) -> Extractor:
    extractor = Extractor()
    extractor.nlp.tokenizer.max_cache_size = cache_size
    return extractor


def _unknown(extractor: Extractor, article: Article) -> set[str]:
    """The words of ``article`` the pipeline's vocabulary does not hold yet."""
    nlp = extractor.nlp
    with nlp.memory_zone():  # so that looking does not intern them
        words = {t.text for t in nlp.tokenizer(parsed_text(article))}
    return {w for w in words if w not in nlp.vocab.strings}


@pytest.fixture(scope="module")
def cached():
    """A fresh extractor whose tokenizer caches 300 words (the first two seed
    articles'), the seed records it made, and the new words of its first and
    of its last article alone, as they were before it parsed them."""
    extractor = _extractor(300)
    articles = _articles()
    first, last = (_unknown(extractor, a) for a in (articles[0], articles[-1]))
    last -= {w for a in articles[:-1] for w in _unknown(extractor, a)}
    return extractor, list(extractor.records(articles)), first, last


@pytest.mark.model
def test_extractor_records_with_the_tokenizer_cache_are_the_same(cached):
    # words cached before the first zone split the same as with no cache at all
    extractor, records, _, _ = cached
    assert records == list(_extractor(0).records(_articles()))


@pytest.mark.model
def test_extractor_keeps_only_the_words_its_tokenizer_cache_has_room_for(cached):
    extractor, _, first, last = cached
    assert first and last
    strings = extractor.nlp.vocab.strings
    # the first article was tokenized outside the zone: its words cached for good
    assert all(word in strings for word in first)
    # the cache was full by then: the last article's own words left with the zone
    assert not any(word in strings for word in last)
    # and the cache is filled once per pipeline, not once per call
    list(extractor.records(_articles()[-1:]))
    assert not any(word in strings for word in last)


@pytest.mark.model
def test_extractor_prime_says_the_cache_is_full_as_soon_as_it_fills():
    # the first seed article gives 198 words, the second 465 with it
    extractor = _extractor(300)
    first, second, third = _articles()[:3]
    assert extractor.prime([first])  # room left
    assert not extractor.prime([second])  # full now, not only at the next call
    new = _unknown(extractor, third)
    assert new and not extractor.prime([third])  # and tokenizes nothing more
    assert _unknown(extractor, third) == new

"""Reading corpora (text dumps, directories, JSONL, CSV, stdin) into Articles."""

from graphkit.ingest.dates import parse_article_date
from graphkit.ingest.dump import split_dump
from graphkit.ingest.read import (
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    check_inputs,
    read_corpus,
)

__all__ = [
    "check_inputs",
    "read_corpus",
    "split_dump",
    "parse_article_date",
    "TEXT_SUFFIXES",
    "TABLE_SUFFIXES",
]

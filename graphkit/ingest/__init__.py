"""Reading corpora (text dumps, directories, JSONL, CSV, stdin) into Articles."""

from graphkit.ingest.dates import parse_date
from graphkit.ingest.dump import split_dump
from graphkit.ingest.read import TABLE_SUFFIXES, TEXT_SUFFIXES, read_corpus

__all__ = ["read_corpus", "split_dump", "parse_date", "TEXT_SUFFIXES", "TABLE_SUFFIXES"]

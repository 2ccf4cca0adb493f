"""Actor mentions in a parsed document: names, group nouns, in-document links."""

from graphkit.extract.mentions.ner import mentions

__all__ = ["mentions"]

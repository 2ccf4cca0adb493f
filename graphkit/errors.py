"""The exceptions graphkit raises; the CLI turns each into a one-line error."""

from __future__ import annotations

__all__ = [
    "GraphkitError",
    "CorpusError",
    "ModelNotFound",
    "LexiconError",
    "GraphFileError",
    "UnknownActor",
    "AmbiguousActor",
    "StoreError",
    "MissingComponent",
    "OutputError",
    "UndatedGraph",
    "CorrectionsError",
]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""


class CorpusError(GraphkitError):
    """Raised when an input corpus is missing, unreadable, binary, empty or bad."""


class ModelNotFound(GraphkitError):
    """Raised when the requested spaCy pipeline is not installed."""


class LexiconError(GraphkitError):
    """Raised when an alias, title or cue lexicon file is malformed."""


class GraphFileError(GraphkitError):
    """Raised when a graph.json file is missing, malformed or not a graphkit graph."""


class UnknownActor(GraphkitError):
    """Raised when an actor name matches no node or alias of the graph."""


class AmbiguousActor(UnknownActor):
    """Raised when an actor name fits several actors equally well."""


class StoreError(GraphkitError):
    """Raised when the corpus store or cache cannot be opened or written."""


class MissingComponent(GraphkitError):
    """Raised when an optional component a command needs is not installed."""


class OutputError(GraphkitError):
    """Raised when an output file cannot be written (read-only place, full disk)."""


class UndatedGraph(GraphkitError):
    """Raised when a time window or period is asked of a graph with no dated article."""


class CorrectionsError(GraphkitError):
    """Raised when a corrections file is missing, not UTF-8, or has a malformed line."""

"""graphkit: turn news text into an actor-relationship graph."""

from graphkit.errors import (
    CorpusError,
    GraphFileError,
    GraphkitError,
    LexiconError,
    MissingComponent,
    ModelNotFound,
    StoreError,
    UnknownActor,
)
from graphkit.records import Actor, Article, DocRecord, Mention, Relation, Resolution

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "CorpusError",
    "DocRecord",
    "GraphFileError",
    "GraphkitError",
    "LexiconError",
    "MissingComponent",
    "Mention",
    "ModelNotFound",
    "Relation",
    "Resolution",
    "StoreError",
    "UnknownActor",
    "__version__",
]

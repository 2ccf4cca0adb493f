"""Signed, directed stance relations between the actor mentions of a document."""

from graphkit.extract.stance.cues import Cue, Cues, load_cues
from graphkit.extract.stance.relations import relations

__all__ = ["Cue", "Cues", "load_cues", "relations"]

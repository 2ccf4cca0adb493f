"""Rendering graphs for people: the interactive HTML page and text reports."""

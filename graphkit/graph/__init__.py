"""Graph building, metrics, alliances, time slicing and graph file I/O."""

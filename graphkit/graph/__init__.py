"""Graph building, metrics, alliances, time slicing and graph file I/O."""

# Here rather than in graph.metrics, so that the CLI can offer them as choices
# without importing numpy and scipy.
#: The layers metrics run on: every link, or the links of one relation.
LAYERS = ("all", "co_mention", "support", "oppose")
#: The centrality measures, in report column order.
MEASURES = (
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "closeness",
    "eigenvector",
)

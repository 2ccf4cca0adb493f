"""Graph building, metrics, alliances, time slicing and graph file I/O."""

# Here rather than in graph.metrics, so that the CLI can offer them as choices
# without importing numpy and scipy.
#: The layers metrics run on: every co-mention and stance link ("all"), or the
#: links of one relation. Affiliations (a person's tie to their organisation)
#: are not in "all": they count only when asked for.
LAYERS = ("all", "co_mention", "support", "oppose", "affiliation")
#: The centrality measures, in report column order.
MEASURES = (
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "closeness",
    "eigenvector",
)

"""A tiny bundled corpus with known actors and ties, for docs, tests and notebooks."""

from __future__ import annotations

from graphkit.records import Article

__all__ = ["sahel_articles"]

_SAHEL = (
    (
        "sahel-1",
        "2023-07-28",
        "Niger junta suspends constitution",
        "Soldiers in Niger detained President Mohamed Bazoum on Wednesday. "
        "The United States condemned the coup and threatened to cut aid.\n\n"
        "Russia praised the new leaders, and Mali backed the junta. "
        "ECOWAS threatened to use force against the junta.",
    ),
    (
        "sahel-2",
        "2023-08-10",
        "ECOWAS orders standby force",
        "ECOWAS ordered a standby force to restore Bazoum. "
        "Mali and Burkina Faso warned that an attack on Niger would be an attack "
        "on them.\n\n"
        "France supported the ECOWAS decision. Protesters in Niamey denounced France.",
    ),
)


def sahel_articles() -> list[Article]:
    """Return two short articles on the 2023 Niger coup, with dates.

    Examples
    --------
    >>> [a.id for a in sahel_articles()]
    ['sahel-1', 'sahel-2']
    """
    return [
        Article(id=i, text=text, title=title, date=date, source="graphkit.examples")
        for i, date, title, text in _SAHEL
    ]

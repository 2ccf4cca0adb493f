#!/usr/bin/env python3
"""Convert the Phoenix actor dictionaries into graphkit's packaged knowledge base.

    python scripts/phoenix_kb.py ../shared/lexicons/petrarch \
        graphkit/data/phoenix_kb.jsonl

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt`` and
``Phoenix.MilNonState.actors.txt`` (TABARI actor format: an entry line ``NAME_
[CODE]``, ``+SYNONYM`` lines, indented ``[CODE yymmdd-yymmdd]`` role lines, ``#``
comments) and writes JSON lines (read by
:func:`graphkit.extract.knowledge.load_knowledge_base`): first an object of

- ``countries``: code -> graphkit's country id, from each country's own entry in
  the Countries file (its synonyms are not kept: they mix in cities and epithets);
- ``index``: folded form -> entry number, made by
  :func:`graphkit.extract.knowledge.index_forms`;

then one line per named person or body: ``{"name", "synonyms", "kind" (person |
organization), "country" (ISO alpha-3 or an international code such as IGO),
"roles": [{"code", "start", "end"}]}``; a role code is a country code and a role
(``LBYGOV``), its dates ISO days, left out where not given.

Run by hand when the dictionaries change; never at install. The output keeps the
dictionaries' MIT notice beside it (``graphkit/data/phoenix.LICENSE.txt``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from graphkit.extract.knowledge import dump_knowledge_base
from graphkit.lexicons import load_lexicon

NOTICE = (
    "Derived by scripts/phoenix_kb.py from the Phoenix actor dictionaries (MIT, Open"
    " Event Data Alliance); the licence is in phoenix.LICENSE.txt beside this file."
)

FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
# Words that make a dictionary name a body rather than a person.
ORG_WORDS = frozenset(
    """
    academy administration agency air airline airlines alliance army assembly
    association authority bank board brigade brigades bureau cabinet center centre
    chamber church coalition college command commission committee company conference
    congress corp corporation corps council court courts department directorate
    division embassy federation force forces foundation front fund government group
    guard guards holdings inc institute institution international league legion
    limited ltd media military militia ministry mission movement navy network office
    organisation organization parliament party police programme program regime
    republic senate service services society squad state states systems tribunal
    union university
    """.split()
)
# Name particles kept lowercase in display names.
SMALL = frozenset(
    "al el ad as ash an az bin ibn bint of the and de da del di du la le von".split()
)
_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"\d{6}|\d{8}")


def display(raw: str, *, acronym: bool = True) -> tuple[str, list[str]]:
    """A dictionary name as text, and acronyms given in it: ``(name, [acronym])``."""
    acronyms = re.findall(r"\(([A-Z0-9]{2,})\)", raw)
    text = re.sub(r"\([^)]*\)", " ", raw).replace("_", " ")
    words = text.split()
    if acronym and len(words) == 1 and len(words[0]) <= 5 and words[0].isalpha():
        return words[0], acronyms  # an acronym: "IAEA"
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in SMALL:
            out.append(lower)
        else:
            out.append(
                "-".join(p[:1].upper() + p[1:].lower() for p in lower.split("-"))
            )
    return " ".join(out), acronyms


def iso_day(text: str) -> str | None:
    """``690908`` -> ``1969-09-08``; ``19270101`` -> ``1927-01-01``."""
    if len(text) == 6:
        yy = int(text[:2])
        text = ("19" if yy > 30 else "20") + text
    if len(text) != 8:
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def role(code_text: str) -> dict | None:
    """One ``[CODE dates]`` role, or None for an empty or placeholder code."""
    parts = code_text.split()
    if not parts or not re.fullmatch(r"[A-Z]{3,}", parts[0]):
        return None
    code, dates = parts[0], " ".join(parts[1:])
    start = end = None
    if "-" in dates:
        left, _, right = dates.partition("-")
        start, end = (iso_day(d) if _DATE.fullmatch(d) else None for d in (left, right))
    elif dates.startswith(">") and _DATE.fullmatch(dates[1:]):
        start = iso_day(dates[1:])
    elif dates.startswith("<") and _DATE.fullmatch(dates[1:]):
        end = iso_day(dates[1:])
    found = {"code": code, "start": start, "end": end}
    return {k: v for k, v in found.items() if v}


def parse(path: Path) -> list[dict]:
    """The entries of one TABARI actor file, in file order."""
    entries: list[dict] = []
    current: dict | None = None
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip():
            continue
        if body[:1] in " \t":
            if current is not None:
                current["roles"] += [r for r in map(role, _CODE.findall(body)) if r]
            continue
        head = _CODE.split(body)[0]
        names = [n for n in head.lstrip("+").split("+") if n.strip(" _")]
        codes = [r for r in map(role, _CODE.findall(body)) if r]
        if body.startswith("+"):
            if current is not None:
                current["raw_synonyms"] += names
                current["roles"] += codes
            continue
        if not names:
            continue
        current = {
            "raw": names[0].strip(),
            "raw_synonyms": names[1:],
            "roles": codes,
            "comment": comment,
            "file": path.name,
        }
        entries.append(current)
    return entries


def kind_of(entry: dict, name: str) -> str:
    """person or organization, from the name's words and where the entry comes from."""
    words = set(re.split(r"[\s-]+", name.lower()))
    if words & ORG_WORDS or entry["file"] == FILES[2]:
        return "organization"
    codes = [r["code"] for r in entry["roles"]]
    if any(c.startswith("MNC") or c.endswith(("MED", "BUS")) for c in codes):
        return "organization"
    if len(name.split()) >= 2:
        return "person"  # a body's name almost always has a body word
    vouched = "CountryInfo" in entry["comment"] or any(
        r["code"].endswith("ELI") or "start" in r or "end" in r for r in entry["roles"]
    )
    return "person" if vouched and not name.isupper() else "organization"


def convert(folder: Path) -> list[dict]:
    """All entries of the three actor files as knowledge-base records."""
    out: list[dict] = []
    for filename in FILES:
        for entry in parse(folder / filename):
            name, acronyms = display(entry["raw"])
            roles = entry["roles"]
            if not name:
                continue
            if filename == FILES[0] and _is_country(roles):
                name = display(entry["raw"], acronym=False)[0]
                out.append({"kind": "country", "code": roles[0]["code"], "name": name})
                continue
            synonyms = set(acronyms)
            for raw in entry["raw_synonyms"]:
                synonym, more = display(raw)
                synonyms.update([synonym, *more])
            synonyms.discard(name)
            countries = [r["code"][:3] for r in roles]
            out.append(
                {
                    "name": name,
                    "synonyms": sorted(s for s in synonyms if s),
                    "kind": kind_of(entry, name),
                    "country": max(set(countries), key=countries.count)
                    if countries
                    else None,
                    "roles": roles,
                }
            )
    return out


def _is_country(roles: list[dict]) -> bool:
    """A country's own entry: one undated three-letter code (``LIBYA_ [LBY]``)."""
    return len(roles) == 1 and len(roles[0]["code"]) == 3 and "start" not in roles[0]


def country_ids(records: list[dict]) -> dict[str, str]:
    """Country code -> graphkit's id for it, through the packaged alias table."""
    table = {
        e["pattern"].casefold(): e["id"]
        for e in load_lexicon("aliases.jsonl", required=["pattern", "id"])
        if isinstance(e["pattern"], str) and e.get("type") == "country"
    }
    return {
        r["code"]: table.get(r["name"].casefold(), r["name"])
        for r in records
        if r["kind"] == "country"
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="folder of the Phoenix dictionaries")
    ap.add_argument("out", type=Path, help="JSON file to write")
    args = ap.parse_args(argv)
    records = convert(args.folder)
    entries = [r for r in records if r["kind"] != "country"]
    text = dump_knowledge_base(entries, country_ids(records), NOTICE)
    args.out.write_text(text, "utf-8")
    kinds = Counter(r["kind"] for r in records)
    print(f"{dict(kinds)} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

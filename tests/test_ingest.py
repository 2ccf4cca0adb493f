"""Reading corpora: dump splitting, records, dates and bad inputs (graphkit.ingest)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from graphkit.errors import CorpusError
from graphkit.ingest import parse_article_date, read_corpus, split_dump

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "ingest"
SEED_FILE = ROOT / "seeds" / "reuters_iraq_iran_2020.txt"
WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews"


@pytest.fixture(scope="module")
def seed_articles():
    return list(read_corpus([SEED_FILE]))


@pytest.fixture(scope="module")
def own_articles():
    return list(read_corpus([DATA / "conflicts_dump.txt"], year=2023))


def _journalists(path):
    """Every name in the byline and credits lines of a dump, read off the raw text."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("By "):
            names.update(re.split(r",\s*|\s+and\s+", line[3:]))
        elif re.match(r"\(\w+( reporting)? by ", line):
            for part in re.split(r"[;,]", line.strip("()")):
                names.update(re.split(r"\s+and\s+", re.sub(r".* by ", "", part)))
    return {n.strip() for n in names if n.strip() and "staff" not in n} - {
        "Baghdad bureau"
    }


# ------------------------------------------------------------- seed dump


def test_ingest_seed_dump_has_ten_stories_with_headlines(seed_articles):
    assert [a.id for a in seed_articles] == [
        f"reuters_iraq_iran_2020-{n:03d}" for n in range(1, 11)
    ]
    assert seed_articles[0].title == (
        "Iraqis rebuild wrecked protest camp as violence escalates"
    )
    assert seed_articles[2].title.startswith("‘No, No America’: Iraq protesters")
    assert seed_articles[8].title.startswith("Exclusive: Informants in Iraq, Syria")
    assert seed_articles[9].title.endswith("Tehran ‘standing down’")
    assert all(a.source == SEED_FILE.name for a in seed_articles)


def test_ingest_seed_dump_drops_bylines_and_credits(seed_articles):
    journalists = _journalists(SEED_FILE)
    assert {"Maher Nazeh", "Nafisa Eltahir", "Giles Elgood"} <= journalists
    for article in seed_articles:
        for name in journalists:
            assert name not in article.text, (article.id, name)
            assert name not in article.title
        assert not re.search(r"(Reporting|Writing|Editing) by|^By ", article.text)


def test_ingest_seed_dump_strips_datelines(seed_articles):
    assert seed_articles[0].dateline == "NASSIRIYA, Iraq (Reuters) –"
    assert seed_articles[6].dateline == "AIN AL-ASAD AIR BASE, Iraq (Reuters) –"
    assert seed_articles[8].dateline == "(Reuters) –"
    assert seed_articles[9].dateline == "BAGHDAD/WASHINGTON/DUBAI (Reuters) –"
    assert seed_articles[0].text.startswith("Anti-government protesters in the")
    assert all("(Reuters)" not in a.text for a in seed_articles)


def test_ingest_seed_dump_drops_subheads_keeps_paragraphs(seed_articles):
    texts = "\n\n".join(a.text for a in seed_articles)
    for subhead in ("“REVOLUTION”", "ELECTION YEAR", "‘IT’S LIKE TERROR’", "CALLS TO"):
        assert subhead not in texts
    assert len(seed_articles[0].text.split("\n\n")) == 9
    assert seed_articles[0].text.endswith("another protester said.")
    assert "\n\n\n" not in texts


def test_ingest_seed_dump_keeps_every_body_paragraph_once(seed_articles):
    paragraphs = [p for a in seed_articles for p in a.text.split("\n\n")]
    titles = {a.title for a in seed_articles}
    for line in SEED_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line in titles or line.startswith(("By ", "(")):
            continue
        if "(Reuters) – " in line:
            assert line.split("(Reuters) – ", 1)[1] in paragraphs
        elif line.upper() != line:
            assert paragraphs.count(line) == 1, line
    assert len(paragraphs) == len(set(paragraphs))


def test_ingest_seed_dump_dates_are_not_guessed(seed_articles):
    assert [a.date for a in seed_articles] == [None] * 10
    dated = list(read_corpus([SEED_FILE], year=2020))
    assert [a.date for a in dated] == [None] * 10  # its datelines carry no date


# ----------------------------------------------------------- own dumps


def test_ingest_own_dump_splits_agency_forms(own_articles):
    assert [(a.title, a.dateline, a.date) for a in own_articles] == [
        (
            "Sudan's army and RSF agree to a week-long truce in Khartoum",
            "KHARTOUM, Sudan (Reuters) –",
            None,
        ),
        (
            "Ukraine says it repelled Russian assault near Bakhmut",
            "KYIV, Ukraine, May 21 (AP) —",
            "2023-05-21",
        ),
        (
            "Myanmar junta extends emergency rule as resistance grows",
            "NAYPYITAW, Jan. 31 (Xinhua) --",
            "2023-01-31",
        ),
        (
            "Dockworkers strike halts Hamburg port",
            "HAMBURG, Germany, July 14 (Bloomberg) -",
            "2023-07-14",
        ),
    ]


def test_ingest_own_dump_removes_journalists_subheads_credits(own_articles):
    journalists = {"Maya Okonkwo", "Lars Feldmann", "Tomas Riedel", "Priya Natarajan",
                   "Hanna Berezovska", "Soe Win Aung", "Ruth Ellery"}  # fmt: skip
    for article in own_articles:
        assert not any(name in article.text for name in journalists)
        assert "MEDIATORS WARY" not in article.text
        assert "SHAM ELECTION" not in article.text
        assert "contributed to this report" not in article.text
    assert own_articles[0].text.split("\n\n")[3].startswith("Previous ceasefires")


def test_ingest_own_dump_joins_wrapped_lines(own_articles):
    ukraine = own_articles[1].text.split("\n\n")
    assert ukraine[0] == (
        "Ukrainian forces repelled a Russian assault near the eastern city of "
        "Bakhmut overnight, the general staff said on Sunday, while Moscow "
        "claimed its troops had taken several streets."
    )
    assert len(ukraine) == 2


def test_ingest_dump_without_blank_lines_or_with_separators():
    compact = (
        "Rebels seize border town\nBy Ana Lima and Jo Park\n"
        "GOMA, Congo (Reuters) - M23 rebels seized Bunagana on Monday.\n"
        "(Reporting by Ana Lima; Editing by Jo Park)\n"
        "Strike spreads to rail network\nBy Ana Lima\n"
        "PARIS (AFP) - The CGT union extended its strike to the railways.\n"
    )
    articles = split_dump(compact, source="congo.txt")
    assert [(a.id, a.title, a.text) for a in articles] == [
        ("congo-001", "Rebels seize border town",
         "M23 rebels seized Bunagana on Monday."),
        ("congo-002", "Strike spreads to rail network",
         "The CGT union extended its strike to the railways."),
    ]  # fmt: skip
    separated = (
        "Miners end walkout\n\nThe NUM ended its strike.\n\n---\n\nA second note."
    )
    assert [a.text for a in split_dump(separated)] == [
        "The NUM ended its strike.",
        "A second note.",
    ]


def test_ingest_body_lines_starting_with_by_are_not_bylines():
    text = (
        "Sudan talks stall\n\nBy Monday, both delegations had left Jeddah.\n\n"
        "By the numbers\n\nMore than 5,000 people have been killed."
    )
    [article] = split_dump(text)
    assert article.title == "Sudan talks stall"
    assert article.text.split("\n\n")[:2] == [
        "By Monday, both delegations had left Jeddah.",
        "By the numbers",
    ]


def test_ingest_single_article_without_dateline():
    [note] = read_corpus([DATA / "ethiopia_note.txt"])
    assert (note.id, note.title, note.dateline) == (
        "ethiopia_note",
        "Tigray peace talks resume in Pretoria",
        "",
    )
    assert note.text.startswith("Representatives of the Ethiopian government")
    [untitled] = split_dump(
        "Unions marched in Lagos.\n\nPolice watched.", source="n.txt"
    )
    assert untitled.title == ""
    assert untitled.text == "Unions marched in Lagos.\n\nPolice watched."


def test_ingest_markdown_headings(tmp_path):
    path = tmp_path / "farmers.md"
    path.write_text(
        "# Farmers block highways\n\nFarmers' unions blocked roads near Brussels.\n\n"
        "## Police response\n\nPolice used water cannon.\n",
        encoding="utf-8",
    )
    [article] = read_corpus([path])
    assert article.title == "Farmers block highways"
    assert article.text == (
        "Farmers' unions blocked roads near Brussels.\n\nPolice used water cannon."
    )


# ------------------------------------------------- directories & records


def test_ingest_directory_is_recursive_sorted_and_skips_readme(tmp_path):
    shutil.copy(DATA / "conflicts_dump.txt", tmp_path / "b_dump.txt")
    (tmp_path / "a").mkdir()
    shutil.copy(DATA / "ethiopia_note.txt", tmp_path / "a" / "note.md")
    (tmp_path / "README.md").write_text("# About this corpus\n\nNot news.\n")
    (tmp_path / ".hidden.txt").write_text("Hidden text.\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    ids = [a.id for a in read_corpus(tmp_path)]
    assert ids == ["a/note", "b_dump-001", "b_dump-002", "b_dump-003", "b_dump-004"]
    assert ids == [a.id for a in read_corpus([tmp_path])]  # deterministic


def test_ingest_jsonl_records_keep_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [
        {"id": 17, "title": "Truce", "date": "2023-05-20T22:15:00Z",
         "source": "https://example.org/t", "text": "The army and RSF agreed a truce."},
        {"Text": "WASHINGTON, Jan 5 (Reuters) - The Pentagon said it had sent "
                 "two more warships.", "date": "2020"},
        {"text": "   "},
        {"text": "Friday, January 4, 2019\n\n\nThe union accepted the offer."},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    articles = list(read_corpus([path]))
    assert [(a.id, a.title, a.date, a.source) for a in articles] == [
        ("17", "Truce", "2023-05-20", "https://example.org/t"),
        ("feed:2", "", "2020-01-05", path.name),
        ("feed:4", "", "2019-01-04", path.name),
    ]
    assert articles[1].text.startswith("The Pentagon said")
    assert articles[1].dateline == "WASHINGTON, Jan 5 (Reuters) -"
    assert articles[2].text == "The union accepted the offer."


def test_ingest_csv_wikinews_style(tmp_path):
    path = tmp_path / "wiki.csv"
    path.write_text(
        "url,date,title,text\n"
        'https://w.org/a,2019-01-04,Vote held,"Friday, January 4, 2019\xa0\n\n\n'
        'Parliament voted on the budget.\n\n\nThe opposition walked out."\n'
        'https://w.org/b,,Strike,"Saturday, January 5, 2019\xa0 \n\nNurses struck."\n',
        encoding="utf-8",
    )
    articles = list(read_corpus([path]))
    assert [(a.id, a.source, a.date, a.title) for a in articles] == [
        ("wiki:1", "https://w.org/a", "2019-01-04", "Vote held"),
        ("wiki:2", "https://w.org/b", "2019-01-05", "Strike"),
    ]
    assert articles[0].text == (
        "Parliament voted on the budget.\n\nThe opposition walked out."
    )


def test_ingest_tsv_and_stdin(tmp_path, monkeypatch):
    path = tmp_path / "t.tsv"
    path.write_text("TEXT\tid\nHamas and Fatah met in Cairo.\tx1\n")
    assert [a.id for a in read_corpus([path])] == ["x1"]
    jsonl = b'\n{"id": "s1", "text": "Kenya sent police to Haiti."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl)))
    assert [a.id for a in read_corpus(["-"])] == ["s1"]
    dump = (DATA / "conflicts_dump.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dump)))
    assert [a.id for a in read_corpus("-")][:2] == ["stdin-001", "stdin-002"]


def test_ingest_duplicate_ids_get_suffix(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "n1", "text": "Chad closed its border."}\n')
    with pytest.warns(
        UserWarning, match=r"id 'n1' was already used; renamed to 'n1#\d'"
    ):
        ids = [a.id for a in read_corpus([path, path, path])]
    assert ids == ["n1", "n1#2", "n1#3"]


def test_ingest_streams_rows_before_a_later_error(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Mali expelled the envoy."}\n{"text": broken}\n')
    articles = read_corpus([path])
    assert next(articles).text == "Mali expelled the envoy."
    with pytest.raises(CorpusError, match=r"s\.jsonl, line 2: malformed JSON"):
        next(articles)


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2019-01-04", None, "2019-01-04"),
        ("2019-01-04T10:00:00Z", None, "2019-01-04"),
        ("2019-01-04 23:30:00+05:30", None, "2019-01-04"),
        ("January 4, 2019", None, "2019-01-04"),
        ("Friday, January 4, 2019", None, "2019-01-04"),
        ("4 Jan 2019", None, "2019-01-04"),
        ("Sept. 30, 2021", None, "2021-09-30"),
        ("Jan 5", None, None),
        ("Jan 5", 2020, "2020-01-05"),
        ("February 30, 2019", None, None),
        ("next Tuesday", 2020, None),
    ],
)
def test_ingest_parse_date(text, year, expected):
    assert parse_article_date(text, year=year) == expected


def test_ingest_unrecognised_metadata_date_warns_and_is_undated(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "Peru declared an emergency.", "date": "soon"}\n')
    with pytest.warns(UserWarning, match=r"d\.jsonl, line 1: unrecognised date 'soon'"):
        [article] = read_corpus([path])
    assert article.date is None


# ------------------------------------------------------------ bad inputs


def _error(paths, **kwargs):
    with pytest.raises(CorpusError) as info:
        list(read_corpus(paths, **kwargs))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_ingest_bad_input_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    assert _error([missing]) == f"{missing}: no such file or directory; check the path."


@pytest.mark.parametrize("name", ["blob.txt", "blob.csv", "blob.jsonl"])
def test_ingest_bad_input_binary(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert _error([path]).startswith(f"{path} is a binary file, not text")


def test_ingest_bad_input_not_utf8_suggests_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Bogotá talks with the ELN resumed.".encode("latin-1"))
    message = _error([path])
    assert message.startswith(f"{path} is not valid utf-8 text (byte 0xe1)")
    assert "--encoding latin-1" in message
    [article] = read_corpus([path], encoding="latin-1")
    assert article.text == "Bogotá talks with the ELN resumed."
    csv_path = tmp_path / "latin.csv"
    csv_path.write_bytes("text\nok\nBogotá\n".encode("latin-1"))
    assert _error([csv_path]).startswith(f"{csv_path}, line 3 is not valid utf-8")


def test_ingest_utf16_text_is_named_and_readable(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("Haiti's council named a prime minister.", encoding="utf-16")
    assert _error([path]) == (
        f"{path} is UTF-16 text; save it as UTF-8 "
        "(or pass --encoding utf-16 for a plain-text file)."
    )
    [article] = read_corpus([path], encoding="utf-16")
    assert article.text == "Haiti's council named a prime minister."


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv"])
def test_ingest_bad_input_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_text(" \n\n")
    assert _error([path]).startswith(f"{path} is empty")


def test_ingest_bad_input_corpus_without_articles(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text('text\n""\n" "\n')
    assert _error([path]) == (
        f"No articles found in {path}; check that the input holds article text."
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF")
    assert _error([tmp_path / "sub"]) == (
        f"{tmp_path / 'sub'} holds no .txt, .md, .jsonl or .csv files."
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "ok"}\n{"text": "ok"\n', "line 2: malformed JSON"),
        ('["a list"]\n', "line 1: expected a JSON object, got list"),
        ('{"title": "no text"}\n', "line 1: the record has no 'text' string"),
    ],
)
def test_ingest_bad_input_malformed_jsonl(tmp_path, content, expected):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    assert _error([path]).startswith(f"{path}, {expected}")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,body\n1,hello\n", "{path} has no 'text' column (columns: id, body)"),
        ("id,text\n1,ok\n2,ok,extra\n", "{path}, line 3: malformed row with 3 fields"),
        ('id,text\n1,"never closed\n2,ok\n', "{path}, line 3: malformed CSV"),
        ("id,text\n", "{path} has a header but no rows"),
    ],
)
def test_ingest_bad_input_malformed_csv(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert _error([path]).startswith(expected.format(path=path))


def test_ingest_bad_input_unknown_encoding_and_no_inputs():
    assert _error([SEED_FILE], encoding="klingon").startswith("Unknown encoding")
    assert _error([]).startswith("No input given")


# -------------------------------------------------------------- wikinews


@pytest.mark.skipif(not WIKINEWS.is_dir(), reason="shared Wikinews corpus absent")
def test_ingest_wikinews_directory():
    articles = list(read_corpus([WIKINEWS]))
    # 295 rows; one (a test page) has nothing but its date line.
    assert len(articles) == 294
    assert all(a.date and a.title and a.source.startswith("https://") for a in articles)
    assert not any(parse_article_date(a.text.split("\n\n")[0]) for a in articles)
    assert not any("\n\n\n" in a.text or "\xa0" in a.text for a in articles)


@pytest.mark.parametrize(
    "paragraph, dateline",
    [
        ("LAGOS, March 3 (Wire) – The central bank opposed the levy.",
         "LAGOS, March 3 (Wire) –"),
        ("Accra (Coastline Press) — Miners blocked the road.",
         "Accra (Coastline Press) —"),
        ("MOMBASA, Kenya - Dockworkers walked out.", "MOMBASA, Kenya -"),
        ("TARTU, Estonia, Feb. 9 -- Farmers rallied.", "TARTU, Estonia, Feb. 9 --"),
        ("In Lagos (Nigeria) – the talks failed.", ""),
        ("ECOWAS - the bloc - said little.", ""),
        ("Fishermen said - and then left.", ""),
    ],
)  # fmt: skip
def test_ingest_datelines_of_any_agency_or_none(paragraph, dateline):
    [article] = split_dump(f"Headline here\n\n{paragraph}\n\nMore text follows.")
    assert article.dateline == dateline
    assert article.text.startswith(paragraph[len(dateline) :].strip())
    if dateline:
        assert dateline.split(",")[0].split(" (")[0] not in article.text


def test_ingest_csv_text_cell_over_csv_default_limit_is_read(tmp_path, blank_model):
    import csv

    from click.testing import CliRunner

    from graphkit.cli import cli
    from graphkit.ingest.tables import csv_articles

    body = SEED_FILE.read_text("utf-8").split("\n\n")[2:10]
    text = "\n\n".join(body * 150)
    limit = csv.field_size_limit()
    assert len(text) > 1.5 * limit
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["id", "text"], ["long", text]])
    assert [(a.id, a.text) for a in read_corpus([path])] == [("long", text)]
    assert csv.field_size_limit() == limit  # csv's own limit is left as it was
    out = tmp_path / "out"
    args = ["build", str(path), "-m", str(blank_model), "--out", str(out), "-q"]
    result = CliRunner().invoke(cli, [*args, "--formats", "json"])
    assert result.exit_code == 0, result.output
    assert (
        json.loads((out / "graph.json").read_text("utf-8"))["graph"]["documents"] == 1
    )
    # Still bounded: a cell over the bound (an unclosed quote) names its line.
    lines = path.read_bytes().splitlines(keepends=True)
    with pytest.raises(CorpusError, match=r"long.csv, line \d+: a cell is longer than"):
        list(
            csv_articles(
                lines,
                "long.csv",
                "long",
                encoding="utf-8",
                year=None,
                cell_chars=len(text) - 1,
            )
        )
    assert csv.field_size_limit() == limit

"""Peak memory of `graphkit build`: many short articles against one very long one.

    python benchmarks/long_article.py                     # short corpus, 1.1 MB, 5 MB
    python benchmarks/long_article.py --sizes 1.1 --short 100   # a quicker run

Each build is a new ``graphkit build`` process (model loading and all, as a user
runs it, ``--no-cache --formats json``), and its own peak RSS is read from the
kernel when it ends (``wait4``). The cases, in one run:

- ``short``: the Wikinews articles of ../shared/corpora/wikinews (``--short`` of
  them, each once), as JSONL;
- ``long S MB``: one JSONL record of about S MB, the first story of ``seeds/``
  (its body repeated), paragraphs kept;
- ``line S MB``: the same text as one single line (paragraphs joined by spaces),
  with ``--line``.

Prints characters, wall time, exit status and peak RSS of each build, and each
long build's peak as a ratio of the short corpus's. A build that fails prints its
last error line (spaCy's E088 before long articles were parsed in pieces).
GRAPHKIT_WIKINEWS overrides the folder of the CSVs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "reuters_iraq_iran_2020.txt"
WIKINEWS = Path(
    os.environ.get("GRAPHKIT_WIKINEWS", ROOT.parent / "shared" / "corpora" / "wikinews")
)


def short_corpus(path: Path, n: int) -> int:
    """Write ``n`` Wikinews articles as JSONL to ``path``; return their characters."""
    csv.field_size_limit(sys.maxsize)
    rows = []
    for name in sorted(WIKINEWS.glob("*.csv")):
        with name.open(encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows[:n]):
            record = {"id": f"wn-{i}", "title": row["title"], "text": row["text"]}
            out.write(json.dumps(record) + "\n")
            chars += len(row["text"])
    return chars


def long_article(path: Path, megabytes: float, *, sep: str = "\n\n") -> int:
    """Write one JSONL record of about ``megabytes`` MB of seed text to ``path``."""
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    headline, lead, body = paragraphs[0], paragraphs[1], paragraphs[2:10]
    size = int(megabytes * 1_000_000)
    copies = size // len(sep.join(body)) + 1
    text = sep.join([lead, *body * copies])[:size]
    record = {"id": "long", "title": headline, "text": text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return len(text)


def build(corpus: Path, out: Path) -> tuple[int, float, float, str]:
    """Run ``graphkit build`` on ``corpus``: (exit status, seconds, peak MB, error)."""
    started = time.perf_counter()
    args = [sys.executable, "-m", "graphkit", "build", str(corpus), "--out", str(out)]
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [*args, "-q", "--no-cache", "--formats", "json"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = [line for line in err.read().splitlines() if line.strip()]
    seconds = time.perf_counter() - started
    last = lines[-1][:160] if child.returncode and lines else ""
    return child.returncode, seconds, usage.ru_maxrss / 1024, last


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", type=int, default=295, help="short articles")
    parser.add_argument(
        "--sizes", default="1.1,5", help="sizes of the long article in MB (comma list)"
    )
    parser.add_argument("--line", action="store_true", help="also as one line")
    args = parser.parse_args(argv)
    import graphkit

    print(f"graphkit from {Path(graphkit.__file__).parent}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [("short", folder / "short.jsonl", None)]
        for size in (float(s) for s in args.sizes.split(",")):
            cases.append((f"long {size:g} MB", folder / f"long-{size:g}.jsonl", size))
            if args.line:
                cases.append(
                    (f"line {size:g} MB", folder / f"line-{size:g}.jsonl", -size)
                )
        print(
            f"{'case':<14} {'articles':>8} {'chars':>11} {'exit':>4} "
            f"{'wall s':>8} {'peak MB':>8} {'/ short':>8}",
            flush=True,
        )
        base = None
        for name, path, size in cases:
            if size is None:
                count, chars = args.short, short_corpus(path, args.short)
            else:
                sep = " " if size < 0 else "\n\n"
                count, chars = 1, long_article(path, abs(size), sep=sep)
            status, seconds, peak, error = build(path, folder / f"out-{path.stem}")
            base = base or peak
            print(
                f"{name:<14} {count:>8} {chars:>11,} {status:>4} {seconds:>8.1f} "
                f"{peak:>8.0f} {peak / base:>8.2f}",
                flush=True,
            )
            if error:
                print(f"    {error}", flush=True)


if __name__ == "__main__":
    main()

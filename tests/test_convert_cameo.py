"""scripts/convert_cameo.py: CAMEO verb blocks to cue entries, its exclusions file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "convert_cameo.py"
CAMEO = ROOT.parent / "shared" / "lexicons" / "petrarch" / "CAMEO.2.0.txt"

# Two invented blocks in the dictionary's own layout.
DICTIONARY = """\
####### VERB PATTERNS #######
---  STORM   [192]  ---
OVERRUN {OVERRUNS OVERRUNNING OVERRAN }
RESIDE
SETTLE_ON
- * BASE                                              [192]         # OVERRUN

---  PRAISE   [051]  ---
HAIL
"""


@pytest.fixture(scope="module")
def convert_cameo():
    spec = importlib.util.spec_from_file_location("convert_cameo", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_convert_cameo_leaves_out_the_packaged_exclusions(convert_cameo):
    skip = convert_cameo.read_exclusions(convert_cameo.EXCLUSIONS)
    assert {"reside", "settle on", "hold"} <= skip
    lemmas = {e["lemma"]: e for e in convert_cameo.convert(DICTIONARY, skip)}
    assert sorted(lemmas) == ["hail", "overrun"]
    assert lemmas["overrun"]["polarity"] == "oppose"
    assert lemmas["hail"]["polarity"] == "support"
    assert lemmas["hail"]["flags"] == ["attitude"]


def test_convert_cameo_reads_a_users_exclusions_file(convert_cameo, tmp_path):
    path = tmp_path / "skip.jsonl"
    path.write_text(
        '# mine\n{"lemma": "Hail", "reason": "no stance"}\n', encoding="utf-8"
    )
    skip = convert_cameo.read_exclusions(path)
    assert skip == {"hail"}
    assert [e["lemma"] for e in convert_cameo.convert(DICTIONARY, skip)] == [
        "overrun",
        "reside",
        "settle on",
    ]


def test_convert_cameo_rejects_an_exclusion_without_a_reason(convert_cameo, tmp_path):
    path = tmp_path / "skip.jsonl"
    path.write_text(json.dumps({"lemma": "hail", "reason": "dull"}), encoding="utf-8")
    with pytest.raises(ValueError, match="skip.jsonl:1"):
        convert_cameo.read_exclusions(path)


@pytest.mark.skipif(not CAMEO.exists(), reason="needs ../shared/lexicons/petrarch")
def test_convert_cameo_reproduces_the_committed_cues(convert_cameo, tmp_path):
    out = tmp_path / "cameo_cues.jsonl"
    assert convert_cameo.main([str(CAMEO), "-o", str(out)]) == 0
    committed = ROOT / "graphkit" / "data" / "cameo_cues.jsonl"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")

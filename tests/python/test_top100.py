"""The 100 TF symbols public TF code uses most (docs/tf-usage-top100.txt): each
exists in kiln and its representative call (tests/python/top100_cases.py) gives
TF's recorded result (docs/tf-reference/top100.json). At least 90 must; the
ones that don't are listed here with the issue that covers them, so a symbol
that starts passing (or stops) shows up."""

import json
import pathlib

import pytest

import kiln
import top100_cases as cases

ROOT = pathlib.Path(__file__).resolve().parents[2]
SYMBOLS = [line.strip() for line in (ROOT / "docs" / "tf-usage-top100.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
REFERENCE = json.loads((ROOT / "docs" / "tf-reference" / "top100.json").read_text())["cases"]

# Symbols whose call does not give TF's result yet, and why.
NOT_YET = {
    "tf.data.TFRecordDataset": "TFRecord files hold tf.train.Example protos, which need string "
                               "tensors: refused with a clear error (docs/data.md)",
    "tf.string": "no string dtype: refused with a clear error (docs/semantics.md)",
    "tf.summary.scalar": "TensorBoard summaries refused by design (docs/semantics.md)",
    "tf.compat.v1.summary.FileWriter": "TensorBoard summaries refused by design (docs/semantics.md)",
}


def test_the_list_is_the_shared_one_with_a_case_per_symbol():
    assert len(SYMBOLS) == 100 and len(set(SYMBOLS)) == 100
    assert sorted(SYMBOLS) == sorted(cases.CASES) == sorted(REFERENCE)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_symbol_gives_tfs_result(symbol):
    got = json.loads(json.dumps(cases.run(kiln, symbol)))
    if symbol in NOT_YET:
        assert got != REFERENCE[symbol], f"{symbol} now matches TF: remove it from NOT_YET"
    else:
        assert got == REFERENCE[symbol]


def test_at_least_90_match():
    assert len(SYMBOLS) - len(NOT_YET) >= 90

"""kiln.train.Example and its parts against TF (docs/tf-reference/train_example.json,
recorded by docs/tf-reference/probe_train_example.py from train_example_cases.py):
the same descriptors, wire bytes, text format and errors; parsing TF's bytes gives
the message kiln builds; and without `protobuf`, `import kiln` works and the names
say how to install it."""

import json
import pathlib
import pickle
import subprocess
import sys

import pytest

import kiln
import train_example_cases as cases

try:
    import google.protobuf  # noqa: F401
    HAVE_PROTOBUF = True
except ImportError:
    HAVE_PROTOBUF = False
needs_protobuf = pytest.mark.skipif(not HAVE_PROTOBUF, reason="protobuf is not installed")

TF = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                 "train_example.json").read_text())
MESSAGES = [e for e, r in TF["cases"].items() if isinstance(r, dict)]


@needs_protobuf
def test_the_record_covers_the_cases():
    assert set(TF["cases"]) == set(cases.CASES)


@needs_protobuf
def test_descriptors_are_tfs():
    """Field names, numbers, types, the oneof, map entries, packed and file options."""
    assert cases.descriptors(kiln) == TF["descriptors"]


@needs_protobuf
@pytest.mark.parametrize("expression", cases.CASES)
def test_case_matches_tf(expression):
    assert cases.evaluate(kiln, expression) == TF["cases"][expression]


@needs_protobuf
@pytest.mark.parametrize("expression", MESSAGES)
def test_parsing_tfs_bytes_gives_the_same_message(expression):
    record = TF["cases"][expression]
    built = eval(expression, {"tf": kiln, "np": cases.np})  # noqa: S307
    cls = getattr(kiln.train, record["type"].removeprefix("tensorflow."))
    assert type(built) is cls
    for key in ("deterministic", "default"):
        if key in record:
            parsed = cls.FromString(bytes.fromhex(record[key]))
            assert parsed == built
            assert str(parsed) == record["text"]


@needs_protobuf
def test_the_multi_entry_cases_have_several_orders():
    """The cases without a recorded default serialization do have maps of several
    entries (else their default bytes should be compared too)."""
    unordered = [e for e in MESSAGES if "default" not in TF["cases"][e]]
    assert unordered and all(not cases._small_maps(eval(e, {"tf": kiln, "np": cases.np}))  # noqa: S307
                             for e in unordered)


@needs_protobuf
def test_names_in_both_train_namespaces():
    for name in ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
                 "FeatureLists", "Example", "SequenceExample"):
        cls = getattr(kiln.train, name)
        assert getattr(kiln.compat.v1.train, name) is cls
        assert name in dir(kiln.train) and name in dir(kiln.compat.v1.train)
        assert cls.DESCRIPTOR.full_name == f"tensorflow.{name}"
    from kiln.train import Example
    assert Example is kiln.train.Example
    with pytest.raises(AttributeError, match="'kiln.train' has no attribute 'Exampel'"):
        kiln.train.Exampel  # noqa: B018


@needs_protobuf
def test_pickle_round_trip():
    e = kiln.train.Example(features=kiln.train.Features(feature={
        "x": kiln.train.Feature(float_list=kiln.train.FloatList(value=[1.5]))}))
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is kiln.train.Example and copy == e


def test_without_protobuf_kiln_imports_and_the_names_say_how_to_install_it():
    # A fresh interpreter where importing google.protobuf fails, as when it is not installed.
    code = """if True:
        import sys
        sys.modules["google.protobuf"] = None  # makes `import google.protobuf` raise ImportError
        import kiln
        assert float(kiln.constant(2.0) + 1) == 3.0
        assert "Example" in dir(kiln.train)
        for get in (lambda: kiln.train.Example, lambda: kiln.compat.v1.train.Int64List):
            try:
                get()
            except ImportError as e:
                print(e)
            else:
                raise AssertionError("no ImportError")
        """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert "need the `protobuf` package" in line and "pip install protobuf" in line

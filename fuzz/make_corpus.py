"""Writes the seed corpus of the fuzz targets into fuzz/corpus/<target>/.

Run with the project's NumPy:  .venv/bin/python fuzz/make_corpus.py
The files are committed; rerunning must reproduce them byte for byte (zip
timestamps are pinned). Seeds are small valid inputs plus edge cases near the
checks (truncations, odd headers), from which libFuzzer mutates.
"""
import io
import pathlib
import struct
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent / "corpus"


def npy_bytes(array, version=None):
    f = io.BytesIO()
    np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    return f.getvalue()


def raw_npy(header_dict, data=b"", version=1):
    """A .npy with a hand-written header dict (padded as NumPy pads it)."""
    text = header_dict.encode("latin1")
    length_fmt = "<H" if version == 1 else "<I"
    preamble_len = 8 + struct.calcsize(length_fmt)
    pad = -(preamble_len + len(text) + 1) % 64
    text += b" " * pad + b"\n"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(length_fmt, len(text)) + text + data


def npy_corpus():
    i = np.arange(6)
    valid = {
        "float32_c.npy": npy_bytes(i.reshape(2, 3).astype("<f4")),
        "int64_fortran.npy": npy_bytes(np.asfortranarray(i.reshape(3, 2).astype("<i8"))),
        "bool.npy": npy_bytes(np.array([True, False, True])),
        "be_float64.npy": npy_bytes(i.astype(">f8")),
        "be_complex64_scalar.npy": npy_bytes(np.array(1 + 2j, dtype=">c8")),
        "float16.npy": npy_bytes(i.astype("<f2")),
        "uint8_empty.npy": npy_bytes(np.zeros((0, 3), np.uint8)),
        "uint16_3d.npy": npy_bytes(np.arange(8, dtype="<u2").reshape(2, 2, 2)),
        "v2_int32.npy": npy_bytes(i.astype("<i4"), version=(2, 0)),
        "v3_int8.npy": npy_bytes(i.astype("i1"), version=(3, 0)),
    }
    good = valid["float32_c.npy"]
    edge = {
        "truncated_data.npy": good[:-5],
        "truncated_header.npy": good[:40],
        "preamble_only.npy": good[:10],
        "bad_magic.npy": b"\x93NUMPX" + good[6:],
        "version_9.npy": good[:6] + b"\x09\x00" + good[8:],
        "huge_header_len.npy": good[:8] + b"\xff\xff" + good[10:],
        "huge_shape.npy": raw_npy("{'descr': '<f8', 'fortran_order': False, "
                                  "'shape': (4611686018427387904, 4), }"),
        "negative_dim.npy": raw_npy("{'descr': '<i4', 'fortran_order': False, 'shape': (-1,), }"),
        "unicode_descr.npy": raw_npy("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }",
                                     b"a\0\0\0b\0\0\0c\0\0\0"),
        "struct_descr.npy": raw_npy("{'descr': [('a', '<i4')], 'fortran_order': False, "
                                    "'shape': (1,), }", b"\1\0\0\0"),
        "long_suffix.npy": raw_npy("{'descr': '<i2', 'fortran_order': True, 'shape': (2L, 1L), }",
                                   b"\1\0\2\0"),
        "nested.npy": raw_npy("{'descr': '<i2', 'fortran_order': False, 'shape': ((((1,),),),), }"),
        "missing_key.npy": raw_npy("{'descr': '<i2', 'shape': (1,), }", b"\1\0"),
        "extra_key.npy": raw_npy("{'descr': '<i2', 'fortran_order': False, 'shape': (1,), "
                                 "'x': None, }", b"\1\0"),
        "bool_bytes.npy": raw_npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                                  b"\0\7\xff"),
        "v2_raw.npy": raw_npy("{'descr': '>u8', 'fortran_order': False, 'shape': (1,), }",
                              b"\0" * 7 + b"\1", version=2),
    }
    return {**valid, **edge}


def zip_bytes(members, compress=zipfile.ZIP_STORED, force_zip64=False):
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compress
            with z.open(info, "w", force_zip64=force_zip64) as m:
                m.write(data)
    return f.getvalue()


def npz_corpus():
    a = npy_bytes(np.arange(6, dtype="<i4").reshape(2, 3))
    b = npy_bytes(np.array([0.5, -1.0], dtype="<f8"))
    stored = zip_bytes([("a.npy", a), ("b.npy", b)])
    return {
        "stored_2.npz": stored,
        "deflated_2.npz": zip_bytes([("a.npy", a), ("b.npy", b)], zipfile.ZIP_DEFLATED),
        "zip64_1.npz": zip_bytes([("a.npy", a)], force_zip64=True),  # as numpy.savez writes
        "empty.npz": zip_bytes([]),
        "not_npy_member.npz": zip_bytes([("a.txt", b"text")]),
        "bad_member.npz": zip_bytes([("a.npy", a[:-3])]),
        "truncated.npz": stored[: len(stored) // 2],
        "directory_only.npz": stored[stored.rfind(b"PK\x01\x02"):],
    }


def slice_input(dims, entries=(), flags=0, masks=(0, 0, 0, 0, 0), unknown=None):
    """The encoding slice_fuzzer.cc decodes: flags, rank, dims, n, masks, entries and, for
    the graph check (flags bit 6), which dims the placeholder leaves unknown."""
    def value(v):
        special = {2**63 - 1: 127, -2**63: -128, 2**62: 126, -2**62: -127}
        return struct.pack("b", special.get(v, v))
    out = bytes([flags, len(dims), *dims, len(entries), *masks])
    for begin, end, stride in entries:
        out += value(begin) + value(end) + value(stride)
    if unknown is not None:
        out += bytes([unknown])
    return out


def slice_corpus():
    BIG, SMALL = 2**63 - 1, -2**63
    return {
        "full.bin": slice_input([2, 3]),
        "basic.bin": slice_input([4, 3], [(1, 3, 1), (0, 3, 2)]),  # x[1:3, 0:3:2]
        "negative.bin": slice_input([4], [(-1, -5, -1)], flags=1),  # x[-1:-5:-1]
        "masks.bin": slice_input([3, 4], [(0, 0, 1), (-2, 0, 1)], masks=(1, 3, 0, 0, 0)),  # x[:, -2:]
        "ellipsis.bin": slice_input([2, 3, 4], [(0, 0, 1), (1, 0, 1)], masks=(0, 0, 1, 0, 2)),
        "new_axis.bin": slice_input([3], [(0, 0, 1), (0, 2, 1)], flags=2, masks=(0, 0, 0, 1, 0)),
        "shrink_negative.bin": slice_input([4, 2], [(-4, 0, 1)], masks=(0, 0, 0, 0, 1)),
        "shrink_out_of_range.bin": slice_input([4], [(4, 0, 1)], masks=(0, 0, 0, 0, 1)),
        "extreme_bounds.bin": slice_input([4, 4], [(SMALL, BIG, 1), (BIG, SMALL, -1)], flags=3),
        "extreme_strides.bin": slice_input([4, 4], [(0, 4, BIG), (3, 0, SMALL)]),
        "zero_stride.bin": slice_input([4], [(0, 4, 0)]),
        "two_ellipses.bin": slice_input([2, 2], [(0, 0, 1), (0, 0, 1)], masks=(0, 0, 3, 0, 0)),
        "too_many.bin": slice_input([2], [(0, 1, 1), (0, 1, 1)]),
        "zero_dim.bin": slice_input([0, 3], [(0, 1, 1), (1, 3, 1)]),
        "transposed_reversed.bin": slice_input([3, 4], [(2, 0, -1), (1, 4, 2)], flags=4 | 8 | 2),
        "slice_op.bin": slice_input([4, 3], [(1, 2, 0), (0, -1, 0)], flags=16),
        "slice_op_bad.bin": slice_input([4, 3], [(3, 2, 0), (0, 4, 0)], flags=16),
        "no_strides.bin": slice_input([4, 4, 4], [(1, 3, 0)], flags=32 | 4),
        "scalar.bin": slice_input([], [(0, 0, 1)], masks=(0, 0, 1, 0, 0)),
        "graph_unknown_dim.bin": slice_input([4, 3], [(-1, 0, 1), (0, 3, 2)], flags=64,
                                             masks=(0, 0, 0, 0, 1), unknown=1),
        "graph_unknown_rank.bin": slice_input([2, 3], [(0, 0, 1), (1, 3, 1)], flags=64,
                                              masks=(0, 0, 1, 0, 0), unknown=128),
        "graph_known.bin": slice_input([3, 3], [(2, 0, -1)], flags=64, unknown=0),
        "graph_slice_op.bin": slice_input([4, 3], [(1, 2, 0), (0, -1, 0)], flags=64 | 16,
                                          unknown=2),
    }


def main():
    corpora = {"npy": npy_corpus(), "npz": npz_corpus(), "slice": slice_corpus()}
    for target, files in corpora.items():
        folder = OUT / target
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for name, data in files.items():
            (folder / name).write_bytes(data)


if __name__ == "__main__":
    main()

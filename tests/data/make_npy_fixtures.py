"""Writes the .npy / .npz fixtures that tests/cpp/npy_test.cc and npz_test.cc read.

Run from anywhere with the project's NumPy:  .venv/bin/python tests/data/make_npy_fixtures.py
The files are committed; rerunning must reproduce them byte for byte.

Element i (C order) of every fixture has a value the C++ tests recompute (see
`values` below and `expected_value` in tests/cpp/npy_test.cc):
  bool: i % 2 == 1;  signed: i - 3;  unsigned: i;  float: i * 0.5 - 1;
  complex: (i * 0.5 - 1) + 1j * i.
"""
import pathlib
import warnings
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent / "npy"

# kiln's dtypes that NumPy can store (kiln's bfloat16 has no NumPy type).
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]


def values(dtype, shape):
    dtype = np.dtype(dtype)
    i = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if dtype.kind == "b":
        v = i % 2 == 1
    elif dtype.kind == "i":
        v = i - 3
    elif dtype.kind == "u":
        v = i
    elif dtype.kind == "f":
        v = i * 0.5 - 1
    else:
        v = (i * 0.5 - 1) + 1j * i
    return v.astype(dtype)


def save(name, array):
    np.save(OUT / name, array)


def write_version(name, array, version):
    with open(OUT / name, "wb") as f:
        np.lib.format.write_array(f, array, version=version)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()

    # Little-endian, C order, version 1.0: the C++ writer must reproduce these bytes.
    for d in DTYPES:
        save(f"{d}.npy", values(d, (2, 3)))
    save("vector_int32.npy", values("int32", (5,)))
    save("scalar_float64.npy", values("float64", ()))
    save("empty_float32.npy", values("float32", (0, 3)))
    save("fortran_2d_int32.npy", np.asfortranarray(values("int32", (2, 3))))
    save("fortran_3d_float64.npy", np.asfortranarray(values("float64", (2, 3, 4))))

    # Big-endian data, byte-swapped on reading.
    for d in ["int16", "int32", "int64", "uint16", "uint32", "uint64", "float16", "float32",
              "float64", "complex64", "complex128"]:
        save(f"be_{d}.npy", values(np.dtype(d).newbyteorder(">"), (2, 3)))
    save("be_fortran_3d_float32.npy", np.asfortranarray(values(">f4", (2, 3, 4))))

    # Extreme values that a wrong swap or a narrowing read would change.
    save("extremes_int64.npy", np.array([np.iinfo(np.int64).min, -1, 0, 1, np.iinfo(np.int64).max],
                                        dtype=np.int64))
    save("extremes_uint64.npy", np.array([0, 1, 2**63, 2**64 - 1], dtype=">u8"))

    write_version("v2_float32.npy", values("float32", (2, 3)), (2, 0))
    write_version("v3_float32.npy", values("float32", (2, 3)), (3, 0))

    np.savez(OUT / "stored.npz", values("int32", (2, 3)), b=values("float64", (4,)),
             c=values("complex64", ()), d=values(">u2", (3, 2)))
    np.savez_compressed(OUT / "compressed.npz", a=values("int64", (3, 4)),
                        b=values("bool", (7,)), c=np.asfortranarray(values("float32", (2, 3))))
    np.savez(OUT / "empty.npz")

    # A member that is not a .npy file: numpy.load returns its bytes; kiln refuses.
    with zipfile.ZipFile(OUT / "not_npy_member.npz", "w") as z:
        z.writestr("a.npy", (OUT / "int32.npy").read_bytes())
        z.writestr("readme.txt", "not an array\n")
    # Two members of one name (zipfile allows it with a warning; numpy.load keeps the last).
    with warnings.catch_warnings(), zipfile.ZipFile(OUT / "duplicate_member.npz", "w") as z:
        warnings.simplefilter("ignore")
        z.writestr("a.npy", (OUT / "int32.npy").read_bytes())
        z.writestr("a.npy", (OUT / "int64.npy").read_bytes())
    # Zip timestamps would make reruns differ; pin them.
    for p in OUT.glob("*.npz"):
        rewrite_with_fixed_dates(p)


def rewrite_with_fixed_dates(path):
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                z.writestr(fixed, data)


if __name__ == "__main__":
    main()

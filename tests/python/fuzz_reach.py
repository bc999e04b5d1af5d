"""How far the fed-attribute op fuzzer reaches: for each op with shape-like
attributes, how many of its random calls ran to a result in a session with
those attributes fed through placeholders (not only raised an error).

    cd tests/python && KILN_FUZZ_EXAMPLES=4000 ../../.venv/bin/python fuzz_reach.py
"""

import collections
import os

os.environ.setdefault("KILN_FUZZ_EXAMPLES", "4000")

import test_op_fuzz as fuzz  # noqa: E402

ran, tried = collections.Counter(), collections.Counter()
check = fuzz._assert_same_as_eager


def counting(name, index, inputs, attrs, run, materializes):
    tried[name] += 1
    try:
        run()
        ran[name] += 1
    except Exception:  # noqa: BLE001 - counting, the check below judges
        pass
    check(name, index, inputs, attrs, run, materializes)


fuzz._assert_same_as_eager = counting
fuzz.test_shape_like_attributes_fed_at_run_time_give_eagers_result()
names = sorted({fuzz.OPS[i]["name"] for i in fuzz.TENSOR_OPS})
print(f"{len(names)} ops with shape-like attributes; {sum(1 for n in names if ran[n])} ran to a "
      f"result with them fed at least once ({sum(tried.values())} calls, {sum(ran.values())} results)")
print("never ran:", [n for n in names if not ran[n]])
for n in names:
    print(f"  {n}: {ran[n]} of {tried[n]}")

"""Records TF's results for tests/python/numpy_api_<group>_cases.py in
docs/tf-reference/numpy_api_<group>.json, one process per group (TF's numpy
behavior switch is global, so the group that turns it on runs alone).

    cd docs/tf-reference && PYTHONPATH=../../tests/python <python with tensorflow> probe_numpy_api.py ufuncs shape ...
"""
import subprocess
import sys

from probe_cases import record_all

if __name__ == "__main__":
    if len(sys.argv) == 2:
        record_all(f"numpy_api_{sys.argv[1]}")
    else:
        for group in sys.argv[1:]:
            subprocess.run([sys.executable, __file__, group], check=True)

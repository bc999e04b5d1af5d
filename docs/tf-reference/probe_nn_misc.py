"""Records TF's results for tests/python/nn_misc_cases.py in
docs/tf-reference/nn_misc.json.

    cd docs/tf-reference && PYTHONPATH=../../tests/python <python with tensorflow> probe_nn_misc.py
"""
from probe_cases import record_all

record_all("nn_misc")

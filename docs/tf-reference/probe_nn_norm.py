"""Records TF's results for tests/python/nn_norm_cases.py in
docs/tf-reference/nn_norm.json.

    cd docs/tf-reference && PYTHONPATH=../../tests/python <python with tensorflow> probe_nn_norm.py
"""
from probe_cases import record_all

record_all("nn_norm", "nn_norm")

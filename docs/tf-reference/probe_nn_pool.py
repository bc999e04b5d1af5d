"""Records TF's results for tests/python/nn_pool_cases.py in
docs/tf-reference/nn_pool.json.

    cd docs/tf-reference && PYTHONPATH=../../tests/python <python with tensorflow> probe_nn_pool.py
"""
from probe_cases import record_all

record_all("nn_pool", "nn_pool")

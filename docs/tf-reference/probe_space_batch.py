"""Records TF's results for tests/python/space_batch_cases.py in
docs/tf-reference/space_batch.json.

    cd docs/tf-reference
    PYTHONPATH=../../tests/python <python with tensorflow> probe_space_batch.py
"""
from probe_cases import record_all

record_all("space_batch")

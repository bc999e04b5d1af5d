"""Records TF's results for tests/python/dataset_cases.py in
docs/tf-reference/dataset.json.

    cd docs/tf-reference
    PYTHONPATH=../../tests/python <python with tensorflow> probe_dataset.py
"""
from probe_cases import record_all

record_all("dataset")

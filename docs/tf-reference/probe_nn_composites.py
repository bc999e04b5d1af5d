"""Records TF's results for tests/python/nn_composite_cases.py in
docs/tf-reference/nn_composites.json.

    .venv/bin/python docs/tf-reference/probe_nn_composites.py   (after make bench-peers)
"""
from probe_cases import record_all

record_all("nn_composite", "nn_composites")

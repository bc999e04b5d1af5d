"""Records TF's results for tests/python/data_ops_cases.py in
docs/tf-reference/data_ops.json.

    .venv/bin/python docs/tf-reference/probe_data_ops.py   (after make bench-peers)
"""
from probe_cases import record

record("data_ops")

"""Records TF's results for tests/python/tf_utilities_cases.py in
docs/tf-reference/tf_utilities.json.

    .venv/bin/python docs/tf-reference/probe_tf_utilities.py   (after make bench-peers)
"""
from probe_cases import record_all

record_all("tf_utilities")

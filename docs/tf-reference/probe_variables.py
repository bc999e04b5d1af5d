"""Records TF's results for tests/python/variable_cases.py in
docs/tf-reference/variables.json.

    .venv/bin/python docs/tf-reference/probe_variables.py   (after make bench-peers)
"""
from probe_cases import record

record("variable", "variables")

"""Records TF's results for tests/python/top100_cases.py in
docs/tf-reference/top100.json.

    .venv/bin/python docs/tf-reference/probe_top100.py   (after make bench-peers)
"""
from probe_cases import record

record("top100", "top100")

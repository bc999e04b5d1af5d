"""Records TF's results for tests/python/tape_cases.py in
docs/tf-reference/tape.json.

    .venv/bin/python docs/tf-reference/probe_tape.py   (after make bench-peers)
"""
from probe_cases import record_all

record_all("tape")

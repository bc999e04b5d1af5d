"""Records TF's results for tests/python/compat_v1_cases.py in
docs/tf-reference/compat_v1.json.

    .venv/bin/python docs/tf-reference/probe_compat_v1.py   (after make bench-peers)
"""
from probe_cases import record

record("compat_v1")

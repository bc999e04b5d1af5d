"""Records TF's results for tests/python/nn_conv_cases.py in
docs/tf-reference/nn_conv.json.

    cd docs/tf-reference && PYTHONPATH=../../tests/python /path/to/tf/python probe_nn_conv.py
"""
from probe_cases import record_all

record_all("nn_conv", "nn_conv")

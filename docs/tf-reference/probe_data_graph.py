"""Records TF's results for tests/python/data_graph_cases.py (datasets in
tf.function loops, Dataset.reduce in graphs, TF1 iterators in Sessions) in
docs/tf-reference/data_graph.json.

    cd docs/tf-reference
    PYTHONPATH=../../tests/python <python with tensorflow> probe_data_graph.py
"""
from probe_cases import record

record("data_graph")

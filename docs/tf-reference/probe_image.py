"""Records TF's results for tests/python/image_cases.py in
docs/tf-reference/image.json.

    cd docs/tf-reference && PYTHONPATH=../../tests/python <python with tensorflow> probe_image.py
"""
from probe_cases import record_all

record_all("image", "image")

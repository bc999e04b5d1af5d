"""kiln.experimental.numpy's random functions against TF 2.21's tf.experimental.numpy
(numpy_api_random_cases.py, docs/tf-reference/numpy_api_random.json)."""

import numpy_api_random_cases as cases
import recorded_statements as recorded

kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, recorded.load("numpy_api_random"), 1e-6, 1e-6,
                             known_differences=getattr(cases, "KNOWN_DIFFERENCES", {}))

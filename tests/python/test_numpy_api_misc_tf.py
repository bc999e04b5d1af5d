"""kiln.experimental.numpy's sorting, rounding, comparisons and remaining
functions against TF 2.21's tf.experimental.numpy (numpy_api_misc_cases.py,
docs/tf-reference/numpy_api_misc.json)."""

import numpy_api_misc_cases as cases
import recorded_statements as recorded

kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, recorded.load("numpy_api_misc"), 1e-6, 1e-6,
                             known_differences=getattr(cases, "KNOWN_DIFFERENCES", {}))

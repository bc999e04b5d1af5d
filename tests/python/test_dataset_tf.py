"""kiln.data (tf.data.Dataset) against TF 2.21's recorded results
(dataset_cases.py, docs/tf-reference/dataset.json): the sources, the
transformations with their element_spec and cardinality, iteration eagerly,
in a tf.function and through compat.v1 iterators in a Session, and TF's
errors (of TF's class). Data movement is exact: the tolerances only absorb
printing."""

import dataset_cases as cases
import recorded_statements as recorded

RECORD = recorded.load("dataset")
NUMBERS_RTOL, NUMBERS_ATOL = 1e-6, 1e-6


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL)

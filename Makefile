# kiln: `make demo` and `make test` set up everything on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build/cpp
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Debian packages the build and the tests need.
APT_PACKAGES := g++ cmake ninja-build pkg-config libgtest-dev libgmock-dev \
                libbenchmark-dev libzip-dev zlib1g-dev libtbb-dev libhwy-dev libsleef-dev \
                libopenblas-dev liblapacke-dev libboost-dev librandom123-dev libdnnl-dev

ASAN_BUILD := build/asan
# The sanitizer runtime must come first in a Python process that loads an
# instrumented extension, and libstdc++ with it (ASan intercepts __cxa_throw
# and must find the real one at start-up); CPython's own allocator would hide
# errors from ASan.
# allocator_may_return_null: a too-large tensor must raise ResourceExhaustedError
# under ASan as it does without it, not stop the process.
ASAN_COMMON := allocator_may_return_null=1:abort_on_error=1
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=0:$(ASAN_COMMON) \
                UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
                LD_PRELOAD="$$(g++ -print-file-name=libasan.so) $$(g++ -print-file-name=libstdc++.so)" \
                PYTHONMALLOC=malloc \
                PYTHONPATH=$(ASAN_BUILD)/pkg

.PHONY: all deps venv cpp python build test test-cpp test-python test-sanitize fuzz fuzz-cpp demo bench \
        bench-peers clean

all: build

deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# The C++ library, its tests and examples.
cpp: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# The Python package, built by scikit-build-core and installed into .venv.
python: deps venv
	$(PY) -m pip install -q --no-build-isolation --no-deps .

build: cpp python

test-cpp: cpp
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The Python tests run with the fuzzers' address-space cap (FUZZ_MEMORY_KB, below): outside
# CI the fuzzers draw fresh examples, and one that asks for tens of GiB would otherwise fill
# the machine (measured: a clean clone's make test was killed at the op fuzzer) instead of
# getting the MemoryError they accept.
test-python: python
	ulimit -v $(FUZZ_MEMORY_KB) && $(PY) -m pytest -q tests/python

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	ulimit -v $(FUZZ_MEMORY_KB) && $(PY) -m pytest -q tests/python

# C++ and Python tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps venv
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKILN_SANITIZE=ON \
	  -DKILN_BUILD_PYTHON=ON -DKILN_BUILD_EXAMPLES=OFF -DPython_EXECUTABLE=$(abspath $(PY))
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:$(ASAN_COMMON) UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)
	rm -rf $(ASAN_BUILD)/pkg && mkdir -p $(ASAN_BUILD)/pkg
	cp -r python/kiln $(ASAN_BUILD)/pkg/ && cp $(ASAN_BUILD)/python/_core*.so $(ASAN_BUILD)/pkg/kiln/
	$(SANITIZE_ENV) $(PY) -c "import kiln, sys; assert kiln.__file__.startswith('$(abspath $(ASAN_BUILD))'), kiln.__file__"
	KILN_FUZZ_EXAMPLES=500 KILN_LEAK_WARNINGS=1 $(SANITIZE_ENV) $(PY) -m pytest -q -p no:cacheprovider tests/python \
	  2>&1 | tee $(ASAN_BUILD)/pytest.log; test $${PIPESTATUS[0]} -eq 0
	@if grep -A8 "nanobind: leaked" $(ASAN_BUILD)/pytest.log; then \
	  echo "kiln objects were still alive at exit: a reference leak"; exit 1; fi

TSAN_BUILD := build/tsan
# The threaded C++ tests under ThreadSanitizer: the 8-thread stress tests,
# cancellation from another thread, concurrent session runs and function calls,
# and kiln::data's parallel map, prefetch and interleave threads (DataThreads.*).
# Not the eager stress test's calls split over the pool: oneTBB is not
# instrumented, so every element a pool worker touches is a (suppressed) false
# report, and the test ran past 15 minutes; its kernels' pool hand-off is
# oneTBB's own. The session and function stress tests cover kiln's shared state.
TSAN_TESTS := Stress.*:Cancel.*:Session.Concurrent*:ControlFlow.FunctionTracesOnceAndRunsFromManyThreads:DataThreads.*-Stress.EagerOpsFromEightThreadsSmallAndSplitOverThePool
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKILN_TSAN=ON \
	  -DKILN_BUILD_PYTHON=OFF -DKILN_BUILD_EXAMPLES=OFF
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target kiln_tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(abspath tests/cpp/tsan.supp)" \
	  $(TSAN_BUILD)/tests/cpp/kiln_tests --gtest_filter='$(TSAN_TESTS)'

# libFuzzer targets (fuzz/, docs/fuzzing.md), FUZZ_SECONDS each, then the op
# fuzzers (registry-wide, and the NN ops' own) with fresh random examples
# (KILN_FUZZ_EXAMPLES sets the effort).
# clang >= 15 compiles kiln's _Float16 on x86; Debian 12's clang is 14, so the
# fuzz build brings its own, installed only here so that `make test` does not pay for it.
FUZZ_BUILD := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := npy npz slice
FUZZ_CXX := clang++-16
FUZZ_APT_PACKAGES := clang-16 libclang-rt-16-dev

fuzz-cpp:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(APT_PACKAGES) $(FUZZ_APT_PACKAGES)"
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
	  -DKILN_FUZZ=ON -DKILN_BUILD_TESTS=OFF -DKILN_BUILD_EXAMPLES=OFF -DKILN_BUILD_PYTHON=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix kiln_fuzz_,$(FUZZ_TARGETS))
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The op fuzzers run with their address space capped (FUZZ_MEMORY_KB): a random
# call may ask for an output of tens of GiB (a reduction over the empty axis of
# a (2**31 + 1, 0) tensor), which with overcommit succeeds and then fills the
# machine; capped, it is the MemoryError the fuzzers accept.
FUZZ_MEMORY_KB ?= 16000000
fuzz: fuzz-cpp python
	ulimit -v $(FUZZ_MEMORY_KB) && KILN_FUZZ_EXAMPLES=$${KILN_FUZZ_EXAMPLES:-20000} $(PY) -m pytest -q tests/python/test_op_fuzz.py tests/python/test_op_oracle.py tests/python/test_gradient_fuzz.py tests/python/test_nn_fuzz.py

demo: build
	@echo "== examples/graph_to_numpy.py (the seed's graph + Session example, run as 'import kiln as tf')"
	$(PY) examples/graph_to_numpy.py
	@echo "== examples/eager_to_numpy.py (the seed's eager example, run as 'import kiln as tf')"
	$(PY) examples/eager_to_numpy.py
	@echo "== examples/function_to_numpy.py (the seed's kiln.function example, run as 'import kiln as tf')"
	$(PY) examples/function_to_numpy.py
	@echo "== examples/train_linear_regression.py (TF1-style training: placeholders, GradientDescentOptimizer, Session)"
	$(PY) examples/train_linear_regression.py
	@echo "== examples/train_classifier.py (TF2-style training: tf.function, GradientTape, keras Adam)"
	$(PY) examples/train_classifier.py
	@echo "== examples/cnn_forward.py (a small CNN's forward pass: Session, tf.function, eager; logits to build/cnn_logits.npy)"
	$(PY) examples/cnn_forward.py build/cnn_logits.npy
	@echo "== examples/data_pipeline.py (tf.data: from_tensor_slices, parallel map, batch, prefetch; into NumPy and into a tf.function)"
	$(PY) examples/data_pipeline.py
	@echo "== examples/numpy_on_symbolic.py (one np.* function on arrays, in a TF1 graph with a None batch, in a kiln.function)"
	$(PY) examples/numpy_on_symbolic.py
	@echo "== examples/cpp/eager_to_npy.cc"
	$(BUILD)/examples/cpp/eager_to_npy $(BUILD)/eager_sum.npy
	$(PY) -c "import numpy as np; print('NumPy reads it back:', np.load('$(BUILD)/eager_sum.npy').tolist())"
	@echo "== examples/cpp/graph_to_npy.cc (the seed's graph, built and run with kiln::Graph and kiln::Session)"
	$(BUILD)/examples/cpp/graph_to_npy $(BUILD)/graph_sum.npy
	$(PY) -c "import numpy as np; print('NumPy reads it back:', np.load('$(BUILD)/graph_sum.npy').tolist())"
	@echo "== examples/cpp/function_to_npy.cc (a C++ callable traced into a kiln::Function, with while_loop and cond)"
	$(BUILD)/examples/cpp/function_to_npy $(BUILD)/function_sum.npy
	$(PY) -c "import numpy as np; print('NumPy reads it back:', np.load('$(BUILD)/function_sum.npy').tolist())"
	@echo "== examples/cpp/data_pipeline.cc (a kiln::data pipeline: from_tensor_slices, map with a kiln::Function on 2 workers, batch, prefetch)"
	$(BUILD)/examples/cpp/data_pipeline

bench: build
	$(PY) bench/run.py

# The benchmarks with TensorFlow's eager ops measured beside kiln's (and
# numexpr's and JAX's, which bench/plan_targets.py measures too).
bench-peers: build
	$(PY) -m pip install -q tensorflow-cpu numexpr "jax[cpu]"
	$(PY) bench/run.py

clean:
	rm -rf build

// What every fuzz target shares: the outcome policy. A kiln::Error is an
// expected answer to hostile bytes; any other exception escaping kiln is a
// bug, so it traps (libFuzzer and the replay driver both report a trap as a
// crash, with the input that caused it).
#pragma once

#include <cstdio>
#include <exception>

#include "kiln/error.h"

namespace kiln::fuzz {

// Runs body(); swallows kiln::Error, traps on anything else.
template <class Body>
void expect_kiln_errors_only(Body&& body) {
  try {
    body();
  } catch (const kiln::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: non-kiln exception escaped: %s\n", e.what());
    __builtin_trap();
  } catch (...) {
    std::fprintf(stderr, "fuzz: unknown exception escaped\n");
    __builtin_trap();
  }
}

// A failed invariant: says which, then traps.
[[noreturn]] inline void invariant_failed(const char* what) {
  std::fprintf(stderr, "fuzz: invariant violated: %s\n", what);
  __builtin_trap();
}

#define KILN_FUZZ_CHECK(cond) \
  do {                        \
    if (!(cond)) ::kiln::fuzz::invariant_failed(#cond); \
  } while (0)

}  // namespace kiln::fuzz

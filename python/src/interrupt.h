// Ctrl-C during a plan run. Plans run without the GIL, so Python cannot run
// its SIGINT handler until the run ends; a run on the main thread therefore
// polls Python's signal handlers between steps (RunOptions::poll, every 10 ms),
// and a handler's exception (KeyboardInterrupt) stops the run. Such an
// exception, or one a numpy_function callback raises that is not an Exception
// (KeyboardInterrupt, SystemExit), is kept for the thread while the run
// unwinds as CancelledError, and raised unchanged when the run returns.
#pragma once

#include <string>

#include "bindings.h"
#include "kiln/error.h"
#include "kiln/run_options.h"

namespace kiln::python {

// Options for a run on this thread: polling signals on the main thread (the
// only one Python runs signal handlers on), nothing elsewhere.
RunOptions interrupt_options();

// With the GIL held and a Python exception set: keeps it for this thread and
// clears it (the caller then throws CancelledError).
void keep_python_exception();

// After a run threw CancelledError: raises the kept Python exception if there
// is one (as nb::python_error), else returns so the caller rethrows.
void raise_kept_python_exception();

// run(options) (a plan's or a function's run) with the GIL released and this
// thread's interrupt_options(): Ctrl-C stops it with KeyboardInterrupt, as
// Python code would raise.
template <class Run>
auto run_interruptible(Run&& run) {
  RunOptions options = interrupt_options();
  try {
    nb::gil_scoped_release unlocked;
    return run(options);
  } catch (const CancelledError&) {
    raise_kept_python_exception();
    throw;
  }
}

// The error message of a Python exception that a callback (numpy_function,
// a dataset's generator or function) raised while C++ ran it, with the GIL
// held: its `message` attribute (kiln errors) or str(), after the exception's
// type name when with_type. An exception that is not an Exception
// (KeyboardInterrupt, SystemExit) is kept instead and CancelledError thrown,
// so it stops the whole run and reaches the caller unchanged.
std::string callback_error_message(nb::python_error& e, bool with_type);

}  // namespace kiln::python

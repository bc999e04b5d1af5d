// Errors raised by kiln. Every user mistake becomes a kiln::Error carrying a
// code that mirrors TensorFlow's status codes, so the Python layer can map it
// onto kiln.errors.* (InvalidArgumentError, ...) and onto TypeError/ValueError.
#pragma once

#include <stdexcept>
#include <string>

namespace kiln {

enum class ErrorCode : int {
  kCancelled = 1,
  kInvalidArgument = 3,
  kNotFound = 5,
  kOutOfRange = 11,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kUnimplemented = 12,
  kInternal = 13,
  kDataLoss = 15,
  // Not TF status codes: errors TF raises as plain Python exceptions.
  kTypeError = 100,
  kValueError = 101,
  kLookupError = 102,  // no gradient is defined for an op (TF's LookupError)
};

// Base class; what() is the full message. Messages start with "[op] " where an
// op is involved, name the shapes and dtypes, and say what to do.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

#define KILN_DEFINE_ERROR(Name, Code)                                        \
  class Name : public Error {                                                \
   public:                                                                   \
    explicit Name(const std::string& message) : Error(ErrorCode::Code, message) {} \
  };

KILN_DEFINE_ERROR(CancelledError, kCancelled)
KILN_DEFINE_ERROR(InvalidArgumentError, kInvalidArgument)
KILN_DEFINE_ERROR(NotFoundError, kNotFound)
KILN_DEFINE_ERROR(OutOfRangeError, kOutOfRange)
KILN_DEFINE_ERROR(ResourceExhaustedError, kResourceExhausted)
KILN_DEFINE_ERROR(FailedPreconditionError, kFailedPrecondition)
KILN_DEFINE_ERROR(UnimplementedError, kUnimplemented)
KILN_DEFINE_ERROR(InternalError, kInternal)
KILN_DEFINE_ERROR(DataLossError, kDataLoss)
KILN_DEFINE_ERROR(TypeError, kTypeError)
KILN_DEFINE_ERROR(ValueError, kValueError)
KILN_DEFINE_ERROR(LookupError, kLookupError)

#undef KILN_DEFINE_ERROR

// Throws the subclass of Error that `code` names (for rethrowing with context).
[[noreturn]] void throw_error(ErrorCode code, const std::string& message);

}  // namespace kiln

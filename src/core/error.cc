#include "kiln/error.h"

namespace kiln {

void throw_error(ErrorCode code, const std::string& message) {
  switch (code) {
    case ErrorCode::kCancelled: throw CancelledError(message);
    case ErrorCode::kInvalidArgument: throw InvalidArgumentError(message);
    case ErrorCode::kNotFound: throw NotFoundError(message);
    case ErrorCode::kOutOfRange: throw OutOfRangeError(message);
    case ErrorCode::kResourceExhausted: throw ResourceExhaustedError(message);
    case ErrorCode::kFailedPrecondition: throw FailedPreconditionError(message);
    case ErrorCode::kUnimplemented: throw UnimplementedError(message);
    case ErrorCode::kTypeError: throw TypeError(message);
    case ErrorCode::kValueError: throw ValueError(message);
    case ErrorCode::kLookupError: throw LookupError(message);
    case ErrorCode::kDataLoss: throw DataLossError(message);
    case ErrorCode::kInternal: break;
  }
  throw InternalError(message);
}

}  // namespace kiln

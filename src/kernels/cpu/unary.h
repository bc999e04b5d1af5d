// CPU kernels of the unary op family: elementwise math, activations, and
// softmax / log_softmax along an axis.
#pragma once

#include <cstdint>

#include "kiln/array.h"

namespace kiln::cpu {

enum class UnaryCode : int {
  // any numeric dtype (complex too, except where noted)
  kAbs, kNegative, kSign, kSquare,
  // real dtypes only
  kRelu, kRelu6, kRound, kFloor, kCeil,
  // integers only / bool only
  kInvert, kLogicalNot,
  // floating (float16 ... float64) → bool
  kIsNan, kIsInf, kIsFinite,
  // floating and complex
  kSqrt, kRsqrt, kReciprocal, kExp, kExpm1, kLog, kLog1p,
  kSin, kCos, kTan, kAsin, kAcos, kAtan, kSinh, kCosh, kTanh, kAsinh, kAcosh, kAtanh, kSigmoid,
  // floating only
  kErf, kLeakyRelu, kElu, kSelu, kGelu, kGeluApprox, kSoftplus, kSoftsign,
};

// out = f(x) elementwise; out is allocated with x's shape and the op's output
// dtype. `alpha` is leaky_relu's slope (unused otherwise). The dtype was
// checked by the op's inference; an unsupported pair is an InternalError.
void unary(UnaryCode code, const Array& x, Array& out, double alpha = 0.0);

// Softmax (or log-softmax) of floating x along `axis` (normalised), into out
// of x's shape and dtype.
void softmax(const Array& x, int64_t axis, bool log, Array& out);

}  // namespace kiln::cpu

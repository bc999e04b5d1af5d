// Einsum equations: parsing, checking against operand ranks and dims, and
// the output shape. Shared by the op's shape inference and its kernel, so
// both read an equation the same way.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiln/shape.h"

namespace kiln::cpu {

// A label is a letter's character code; axis i of the '...' broadcast dims
// (counted from the left of the widest '...') is kEllipsisLabel + i, so
// sorting labels puts them in NumPy's implicit-output order after '...'.
inline constexpr int kEllipsisLabel = 256;

// One subscript term as written: letters before and after an optional '...'.
struct EinsumTerm {
  std::vector<int> before, after;
  bool ellipsis = false;
};

struct EinsumEquation {
  std::string text;                  // as given, for messages
  std::vector<EinsumTerm> inputs;
  std::optional<EinsumTerm> output;  // nullopt: implicit output (no '->')
};

// Parses the syntax; ValueError "[einsum] ..." for bad characters,
// a malformed '...', several '->', or a number of terms other than `operands`.
EinsumEquation parse_einsum(const std::string& text, size_t operands);

// The equation resolved for operands of known ranks: one label per axis.
struct EinsumLabels {
  std::vector<std::vector<int>> inputs;
  std::vector<int> output;
};

// Resolves '...' and the implicit output; checks ranks and output labels.
EinsumLabels resolve_einsum(const EinsumEquation& eq, std::span<const int64_t> ranks);

// The output shape for operands of the given shapes (partially known dims
// allowed; an operand of unknown rank written with '...' gives an unknown
// rank). Checks that every label names one size.
Shape einsum_output_shape(const EinsumEquation& eq, std::span<const Shape> shapes);

}  // namespace kiln::cpu

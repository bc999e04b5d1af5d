#include "kiln/shape.h"

#include "kiln/error.h"

namespace kiln {

Shape::Shape(std::initializer_list<int64_t> dims) : Shape(Dims(dims)) {}

Shape::Shape(Dims dims) : dims_(std::move(dims)) {
  for (int64_t d : dims_) {
    if (d < 0 && d != kUnknownDim) {
      throw InvalidArgumentError("Dimension " + std::to_string(d) +
                                 " must be >= 0 (or unknown, " + std::to_string(kUnknownDim) +
                                 ") in shape " + to_string() + ".");
    }
  }
}

Shape Shape::unknown_rank() {
  Shape s;
  s.known_rank_ = false;
  return s;
}

int64_t Shape::dim(int64_t i) const {
  int64_t r = rank();
  if (!known_rank_ || i < -r || i >= r) {
    throw OutOfRangeError("Dimension index " + std::to_string(i) + " is out of range for shape " +
                          to_string() + " of rank " + std::to_string(r) + ".");
  }
  return dims_[static_cast<size_t>(i < 0 ? i + r : i)];
}

bool Shape::is_fully_defined() const {
  if (!known_rank_) return false;
  for (int64_t d : dims_) {
    if (d == kUnknownDim) return false;
  }
  return true;
}

std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> Shape::try_num_elements() const {
  if (!is_fully_defined()) return std::nullopt;
  int64_t n = 1;
  bool overflow = false;
  for (int64_t d : dims_) {
    if (d == 0) return 0;  // a zero dimension wins over an overflow elsewhere
    auto m = checked_mul(n, d);
    if (!m) overflow = true;
    else n = *m;
  }
  if (overflow) return std::nullopt;
  return n;
}

int64_t Shape::num_elements() const {
  if (!is_fully_defined()) {
    throw InvalidArgumentError("Shape " + to_string() +
                               " is not fully defined, so it has no element count; "
                               "give every dimension a size.");
  }
  auto n = try_num_elements();
  if (!n) {
    throw InvalidArgumentError("Shape " + to_string() +
                               " has more elements than fit in a 64-bit integer; "
                               "use smaller dimensions.");
  }
  return *n;
}

bool Shape::is_compatible_with(const Shape& other) const {
  if (!known_rank_ || !other.known_rank_) return true;
  if (dims_.size() != other.dims_.size()) return false;
  for (size_t i = 0; i < dims_.size(); ++i) {
    if (dims_[i] != kUnknownDim && other.dims_[i] != kUnknownDim && dims_[i] != other.dims_[i]) {
      return false;
    }
  }
  return true;
}

std::string Shape::to_string() const {
  if (!known_rank_) return "<unknown>";
  std::string s = "(";
  for (size_t i = 0; i < dims_.size(); ++i) {
    if (i) s += ", ";
    s += dims_[i] == kUnknownDim ? "None" : std::to_string(dims_[i]);
  }
  if (dims_.size() == 1) s += ",";
  return s + ")";
}

}  // namespace kiln

// Shapes. A Shape may be partially known (a dimension of kUnknownDim) or of
// unknown rank, as graphs need; an Array's shape is always fully known.
// Element counts are overflow-checked: a count that does not fit int64 is an
// error, never a wrap-around.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

// Dimensions (and, in array.h, strides) live inline up to rank 6: making,
// copying and inferring shapes on the eager path allocates nothing.
using Dims = boost::container::small_vector<int64_t, 6>;
inline constexpr int64_t kUnknownDim = -1;

class Shape {
 public:
  Shape() = default;  // rank 0: a scalar
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(Dims dims);  // each dim >= 0 or kUnknownDim
  static Shape unknown_rank();

  bool has_known_rank() const { return known_rank_; }
  // Rank; -1 when unknown.
  int64_t rank() const { return known_rank_ ? static_cast<int64_t>(dims_.size()) : -1; }
  // Dimension i (negative counts from the end); throws OutOfRangeError.
  int64_t dim(int64_t i) const;
  const Dims& dims() const { return dims_; }
  bool is_fully_defined() const;

  // Number of elements. Throws InvalidArgumentError when not fully defined and
  // when the product overflows int64.
  int64_t num_elements() const;
  // The same, without throwing: nullopt when unknown or overflowing.
  std::optional<int64_t> try_num_elements() const;

  bool is_compatible_with(const Shape& other) const;
  // "(2, 3)", "(None, 3)", "<unknown>"; "()" for a scalar. TF's TensorShape text.
  std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b) {
    return a.known_rank_ == b.known_rank_ && a.dims_ == b.dims_;
  }

 private:
  Dims dims_;
  bool known_rank_ = true;
};

// Multiplies sizes with an overflow check; nullopt on overflow.
std::optional<int64_t> checked_mul(int64_t a, int64_t b);
std::optional<int64_t> checked_add(int64_t a, int64_t b);

}  // namespace kiln

// Every registered op's inference, fed partially known and unknown shapes
// (what graphs will give it), returns specs or throws a kiln::Error — never
// crashes, asserts or reads out of bounds. Reads the ops from the registry,
// so an op added later is covered without touching this file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kiln/error.h"
#include "ops/registry.h"

namespace kiln {
namespace {

AttrValue default_attr(AttrType type) {
  switch (type) {
    case AttrType::kInt: return int64_t{0};
    case AttrType::kFloat: return 0.0;
    case AttrType::kBool: return false;
    case AttrType::kIntList: return std::vector<int64_t>{};
    case AttrType::kDType: return float32;
    case AttrType::kShape: return Shape::unknown_rank();
    case AttrType::kString: return std::string();
  }
  return int64_t{0};
}

std::vector<Shape> partial_shapes() {
  return {Shape::unknown_rank(), Shape{kUnknownDim}, Shape{kUnknownDim, 3},
          Shape{2, kUnknownDim, 4}, Shape{}, Shape{0, kUnknownDim}};
}

TEST(RegistryInfer, PartialShapesNeverCrash) {
  const Registry& registry = Registry::get();
  ASSERT_GT(registry.all().size(), 100u);
  int results = 0, errors = 0;
  for (const OpDef* op : registry.all()) {
    Attrs attrs;
    for (const AttrDef& a : op->attrs) attrs.push_back(default_attr(a.type));
    int n = std::max(op->min_inputs, 1);
    if (op->max_inputs != OpDef::kVariadic) n = std::min(n, op->max_inputs);
    if (op->max_inputs == 0) n = 0;
    for (DType dtype : {float32, int32, bool_}) {
      for (const Shape& shape : partial_shapes()) {
        std::vector<TensorSpec> in(static_cast<size_t>(n), TensorSpec{dtype, shape});
        try {
          Specs out = op->infer(*op, in, attrs);
          for (const TensorSpec& s : out) {
            // A known rank is a real rank; known dims are sizes or unknown.
            for (int64_t d : s.shape.dims()) EXPECT_TRUE(d >= 0 || d == kUnknownDim) << op->name;
          }
          ++results;
        } catch (const Error& e) {
          EXPECT_FALSE(std::string(e.what()).empty()) << op->name;
          ++errors;
        }
      }
    }
  }
  EXPECT_GT(results, 0);
  (void)errors;
}

TEST(RegistryInfer, EveryOpIsNamedAndComplete) {
  for (const OpDef* op : Registry::get().all()) {
    EXPECT_FALSE(op->name.empty());
    EXPECT_NE(op->infer, nullptr) << op->name;
    EXPECT_NE(op->cpu, nullptr) << op->name;
    EXPECT_TRUE(op->max_inputs == OpDef::kVariadic || op->max_inputs >= op->min_inputs) << op->name;
  }
}

}  // namespace
}  // namespace kiln

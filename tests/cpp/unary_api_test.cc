// The C++ API's list of unary functions (KILN_UNARY_FUNCTIONS in
// kiln/ops/unary.h) against the registry: every elementwise op with one input
// and no attributes has a function, every function has such an op, and each
// function runs the op of its name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "kiln/ops.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

struct UnaryFunction {
  std::string name;
  Tensor (*run)(const Tensor&);
};

#define KILN_UNARY_ENTRY(name) \
  UnaryFunction{#name, static_cast<Tensor (*)(const Tensor&)>(&kiln::name)},
const std::vector<UnaryFunction> kFunctions = {KILN_UNARY_FUNCTIONS(KILN_UNARY_ENTRY)};
#undef KILN_UNARY_ENTRY

bool is_plain_unary(const OpDef& op) {
  return op.has(kElementwise) && op.min_inputs == 1 && op.max_inputs == 1 && op.attrs.empty();
}

TEST(UnaryApi, ListsEveryElementwiseUnaryOpWithoutAttributesAndNoOther) {
  std::set<std::string> ops, functions;
  for (const OpDef* op : Registry::get().all()) {
    if (is_plain_unary(*op)) ops.insert(std::string(op->name));
  }
  for (const UnaryFunction& f : kFunctions) {
    EXPECT_TRUE(functions.insert(f.name).second) << f.name << " is listed twice";
  }
  std::vector<std::string> without_function, without_op;
  std::set_difference(ops.begin(), ops.end(), functions.begin(), functions.end(),
                      std::back_inserter(without_function));
  std::set_difference(functions.begin(), functions.end(), ops.begin(), ops.end(),
                      std::back_inserter(without_op));
  EXPECT_EQ(without_function, std::vector<std::string>{})
      << "one-input elementwise ops without attributes that KILN_UNARY_FUNCTIONS "
         "(include/kiln/ops/unary.h) lacks";
  EXPECT_EQ(without_op, std::vector<std::string>{})
      << "KILN_UNARY_FUNCTIONS lists names that are no such registry op";
  EXPECT_GT(ops.size(), 30u);  // the comparison saw the registry's unary family
}

// What a call gives: the result's dtype, shape and bytes, or the error's message.
std::string outcome(const std::function<Tensor()>& call) {
  try {
    Array a = call().array().contiguous();
    std::string bytes(static_cast<size_t>(a.nbytes()), '\0');
    std::memcpy(bytes.data(), a.data(), bytes.size());
    return std::string(a.dtype().name()) + a.shape().to_string() + bytes;
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(UnaryApi, EachFunctionRunsTheOpOfItsName) {
  const std::vector<Tensor> inputs = {constant<float>({-1.5f, 0.0f, 0.25f, 2.0f}),
                                      constant<int32_t>({-3, 0, 5}), constant<bool>({true, false})};
  for (const UnaryFunction& f : kFunctions) {
    const OpDef* op = Registry::get().find(f.name);
    ASSERT_NE(op, nullptr) << f.name;
    for (const Tensor& x : inputs) {
      Tensor in[] = {x};
      EXPECT_EQ(outcome([&] { return f.run(x); }), outcome([&] { return execute1(*op, in, {}); }))
          << f.name << " on " << x.dtype().name();
    }
  }
}

}  // namespace
}  // namespace kiln

// Variable: one mutex guards the current array. Readers copy the Array
// handle (a reference count), never the data, so a read holds the lock for
// nanoseconds; writers build the new array outside the lock unless they
// need the old value (update), and then swap it in.
#include "kiln/variable.h"

#include <mutex>
#include <utility>

#include "kiln/error.h"

namespace kiln {

struct Variable::State {
  State(std::string n, TensorSpec s) : name(std::move(n)), spec(std::move(s)) {}
  std::string name;
  TensorSpec spec;
  mutable std::mutex mutex;
  std::optional<Array> value;
};

namespace {

void check_fits(const Variable::State& s, const Array& value) {
  if (value.dtype() != s.spec.dtype) {
    throw InvalidArgumentError("Cannot assign a " + std::string(value.dtype().name()) +
                               " value to variable '" + s.name + "' of dtype " +
                               std::string(s.spec.dtype.name()) +
                               "; cast the value to the variable's dtype first.");
  }
  if (!s.spec.shape.is_compatible_with(value.shape())) {
    throw ValueError("Cannot assign value to variable '" + s.name +
                     "': Shape mismatch. The variable shape " + s.spec.shape.to_string() +
                     ", and the assigned value shape " + value.shape().to_string() +
                     " are incompatible. Assign a value of the variable's shape, or create the "
                     "variable with shape=kiln.TensorShape(None) to let its shape change.");
  }
}

}  // namespace

Variable::Variable(TensorSpec spec, std::string name)
    : state_(std::make_shared<State>(std::move(name), std::move(spec))) {}

Variable::Variable(Array value, std::string name, std::optional<Shape> shape)
    : state_(std::make_shared<State>(std::move(name),
                                     TensorSpec{value.dtype(), shape ? *shape : value.shape()})) {
  check_fits(*state_, value);
  state_->value = std::move(value);
}

const std::string& Variable::name() const { return state_->name; }
DType Variable::dtype() const { return state_->spec.dtype; }
const Shape& Variable::shape() const { return state_->spec.shape; }

bool Variable::initialized() const {
  std::lock_guard lock(state_->mutex);
  return state_->value.has_value();
}

Array Variable::read() const {
  std::lock_guard lock(state_->mutex);
  if (!state_->value) {
    throw FailedPreconditionError(
        "Attempting to use uninitialized value " + state_->name +
        ": the variable has no value in this session yet. Run its initializer first "
        "(session.run(kiln.compat.v1.global_variables_initializer()) or session.run(v.initializer)).");
  }
  return *state_->value;
}

void Variable::assign(Array value) {
  check_fits(*state_, value);
  Array old;  // released after the lock: the last reference may free a large buffer
  std::lock_guard lock(state_->mutex);
  if (state_->value) old = std::move(*state_->value);
  state_->value = std::move(value);
}

Array Variable::update(const std::function<Array(const Array&)>& f) {
  Array old;
  std::lock_guard lock(state_->mutex);
  if (!state_->value) {
    throw FailedPreconditionError(
        "Attempting to update uninitialized value " + state_->name +
        ": assign it a value first (run its initializer).");
  }
  Array next = f(*state_->value);
  check_fits(*state_, next);
  old = std::move(*state_->value);
  state_->value = next;
  return next;
}

}  // namespace kiln

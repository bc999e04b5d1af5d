// kiln::Variable: a named, mutable tensor — the state a program keeps between
// runs (weights, counters, step numbers). A Variable is a shared handle, as
// Graph is: copies refer to the same state.
//
// Its value is an immutable Array. An assign installs a new array instead of
// writing into the old one (versioned buffers), so whoever read the value
// before — a NumPy view, a step of a running plan — keeps exactly what it
// read. Reads and assigns are atomic with respect to each other; update()
// holds the variable for a whole read-modify-write (assign_add), so
// concurrent increments from many threads never lose one.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiln/array.h"
#include "kiln/attr.h"

namespace kiln {

class Variable {
 public:
  // An uninitialized variable: reading it raises FailedPreconditionError
  // until a value is assigned (a graph's variable in a new Session).
  Variable(TensorSpec spec, std::string name);
  // A variable holding `value`. `shape` may be less specific than the
  // value's (TensorShape(None): later assigns may change the shape); by
  // default it is the value's.
  Variable(Array value, std::string name, std::optional<Shape> shape = {});

  const std::string& name() const;
  DType dtype() const;
  // The declared shape: every value assigned fits it.
  const Shape& shape() const;
  bool initialized() const;

  // The current value (shares its buffer). FailedPreconditionError naming
  // the variable when it holds none yet.
  Array read() const;
  // Installs `value`: InvalidArgumentError when its dtype differs,
  // ValueError when its shape does not fit the declared shape.
  void assign(Array value);
  // Installs f(current value) atomically: no read or assign of this variable
  // happens between f's read and the install. Returns the new value.
  Array update(const std::function<Array(const Array&)>& f);

  // Identity of the shared state (copies compare equal).
  const void* id() const { return state_.get(); }
  friend bool operator==(const Variable& a, const Variable& b) { return a.state_ == b.state_; }

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace kiln

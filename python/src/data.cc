// kiln._core's datasets (src/data, include/kiln/data.h) as python/kiln/data
// uses them: factories and transformations on flat components, iterators
// that wait with the GIL released, and the Python callables a pipeline
// calls (generators, flat_map/interleave functions), which take the GIL for
// their own step only. Map, filter, scan and reduce functions arrive as
// compiled plans (kiln.function traces) and run without Python.
#include "kiln/data.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <mutex>

#include "bindings.h"
#include "interrupt.h"
#include "kiln/error.h"
#include "runtime/plan.h"

using namespace nanobind::literals;

namespace kiln::python {
namespace {

using namespace kiln::data;

// A reference to a Python object that C++ closures hold: released with the
// GIL taken, on whatever thread drops the closure.
class PyRef {
 public:
  explicit PyRef(nb::handle h) : p_(h.ptr()) { Py_XINCREF(p_); }
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  ~PyRef() {
    if (!p_ || !nb::is_alive()) return;
    nb::gil_scoped_acquire gil;
    Py_DECREF(p_);
  }
  nb::handle get() const { return p_; }

 private:
  PyObject* p_;
};

struct PyDataset {
  DatasetPtr ptr;
};

nb::object component_to_python(const Component& c, bool numpy) {
  switch (c.index()) {
    case 0:
      return numpy ? numpy_result(std::get<0>(c)) : wrap(Tensor(std::get<0>(c)));
    case 1: {
      const Strings& s = *std::get<1>(c);
      if (s.shape.rank() == 0) return nb::bytes(s.values[0].data(), s.values[0].size());
      nb::list values;
      for (const std::string& v : s.values) values.append(nb::bytes(v.data(), v.size()));
      nb::object np = nb::module_::import_("numpy");
      nb::object flat = np.attr("empty")(s.values.size(), "dtype"_a = "object");
      flat[nb::slice(nb::none(), nb::none(), nb::none())] = values;
      return flat.attr("reshape")(shape_to_python(s.shape));
    }
    default:
      return nb::cast(PyDataset{std::get<2>(c)});
  }
}

nb::list element_to_python(const Element& e, bool numpy) {
  nb::list out;
  for (const Component& c : e) out.append(component_to_python(c, numpy));
  return out;
}

// A component from Python: an EagerTensor, a PyDataset, or ("strings", shape, [bytes]).
Component component_from_python(nb::handle h) {
  if (nb::isinstance<Tensor>(h)) return nb::cast<const Tensor&>(h).array();
  if (nb::isinstance<PyDataset>(h)) return nb::cast<const PyDataset&>(h).ptr;
  if (nb::isinstance<nb::tuple>(h) && nb::len(h) == 3) {
    auto s = std::make_shared<Strings>();
    s->shape = shape_from_python(h[1]);
    for (nb::handle v : h[2]) {
      nb::bytes b = nb::cast<nb::bytes>(v);
      s->values.emplace_back(b.c_str(), b.size());
    }
    if (static_cast<int64_t>(s->values.size()) != s->shape.num_elements()) {
      throw InvalidArgumentError("strings: the values do not fill the shape.");
    }
    return s;
  }
  throw TypeError("A dataset component must be a tensor, a dataset or strings; got " +
                  nb::cast<std::string>(nb::str(nb::handle(h.type()))) + ".");
}

Element element_from_python(nb::handle items) {
  Element e;
  for (nb::handle h : items) e.push_back(component_from_python(h));
  return e;
}

// Specs cross as (kind, dtype code, shape, element spec or None).
nb::object spec_to_python(const ElementSpec& spec) {
  nb::list out;
  for (const ComponentSpec& s : spec) {
    out.append(nb::make_tuple(
        static_cast<int>(s.kind), static_cast<int>(s.dtype.code()),
        s.kind == ComponentSpec::Kind::kDataset ? nb::none() : shape_to_python(s.shape),
        s.element ? spec_to_python(*s.element) : nb::none()));
  }
  return out;
}

ElementSpec spec_from_python(nb::handle items) {
  ElementSpec spec;
  for (nb::handle t : items) {
    ComponentSpec s;
    s.kind = static_cast<ComponentSpec::Kind>(nb::cast<int>(t[0]));
    s.dtype = dtype_from_code(nb::cast<int>(t[1]));
    if (s.kind != ComponentSpec::Kind::kDataset) s.shape = shape_from_python(t[2]);
    if (!t[3].is_none()) s.element = std::make_shared<ElementSpec>(spec_from_python(t[3]));
    spec.push_back(std::move(s));
  }
  return spec;
}

Arrays arrays_of(const Element& e) {
  Arrays out;
  out.reserve(e.size());
  for (const Component& c : e) {
    if (c.index() != 0) {
      throw TypeError(
          "A traced dataset function got a string or dataset component; kiln has no "
          "string tensors, so decode text in a from_generator function instead.");
    }
    out.push_back(std::get<0>(c));
  }
  return out;
}

// A traced function's plan, kept alive by its Python object.
struct PlanRef {
  std::shared_ptr<PyRef> owner;
  const Plan* plan;
  Arrays run(const Element& e, const RunOptions& o) const {
    Arrays in = arrays_of(e);
    return plan->run(as_span(in), o);
  }
  Arrays run(const Element& a, const Element& b, const RunOptions& o) const {
    Arrays in = arrays_of(a), more = arrays_of(b);
    in.insert(in.end(), more.begin(), more.end());
    return plan->run(as_span(in), o);
  }
};

PlanRef plan_ref(nb::handle plan) {
  return PlanRef{std::make_shared<PyRef>(plan), &nb::cast<const Plan&>(plan)};
}

Element to_element(Arrays a) {
  return Element(std::make_move_iterator(a.begin()), std::make_move_iterator(a.end()));
}

// Calls a Python callable with the GIL, turning its exception into a kiln error.
template <class F>
auto with_python(const char* what, F&& f) {
  if (!nb::is_alive()) throw FailedPreconditionError(std::string(what) + ": Python has shut down.");
  nb::gil_scoped_acquire gil;
  std::string message;
  try {
    return f();
  } catch (nb::python_error& e) {
    message = callback_error_message(e, true);
  }
  throw InvalidArgumentError(message);
}

class PyIterator {
 public:
  explicit PyIterator(DatasetPtr d) : dataset_(std::move(d)), it_(dataset_->iterate()) {}
  ~PyIterator() {
    // Workers may wait for the GIL (a generator): let them finish before joining.
    if (PyGILState_Check()) {
      nb::gil_scoped_release unlocked;
      it_.reset();
    }
  }
  nb::object next(bool numpy) {
    std::optional<Element> e;
    RunOptions options = interrupt_options();
    try {
      nb::gil_scoped_release unlocked;
      std::lock_guard<std::mutex> lock(mu_);  // one consumer at a time
      e = it_->next(options);
    } catch (const CancelledError&) {
      raise_kept_python_exception();
      throw;
    }
    if (!e) return nb::none();
    return element_to_python(*e, numpy);
  }

 private:
  DatasetPtr dataset_;
  std::mutex mu_;
  std::unique_ptr<Iterator> it_;
};

DatasetPtr ds(const PyDataset& d) { return d.ptr; }

}  // namespace

void bind_data(nb::module_& m) {
  nb::class_<PyDataset>(m, "Dataset", "A C++ kiln::data::Dataset (kiln.data.Dataset wraps it).")
      .def("cardinality", [](const PyDataset& d) { return d.ptr->cardinality(); })
      .def_prop_ro("type_name", [](const PyDataset& d) { return d.ptr->type_name(); })
      .def_prop_ro("spec", [](const PyDataset& d) { return spec_to_python(d.ptr->spec()); })
      .def("iterate", [](const PyDataset& d) { return new PyIterator(d.ptr); });

  nb::class_<PyIterator>(m, "DatasetIterator")
      .def(
          "next", [](PyIterator& it) { return it.next(false); },
          "The next element's components (EagerTensors), None at the end.")
      .def(
          "next_numpy", [](PyIterator& it) { return it.next(true); }, "The same as NumPy values.");

  m.def("data_from_tensor_slices",
        [](nb::handle c) { return PyDataset{from_tensor_slices(element_from_python(c))}; });
  m.def("data_from_tensors",
        [](nb::handle c) { return PyDataset{from_tensors(element_from_python(c))}; });
  m.def("data_range", [](int64_t start, int64_t stop, int64_t step, int dtype) {
    return PyDataset{range(start, stop, step, dtype_from_code(dtype))};
  });
  m.def("data_empty", [](nb::handle spec) {
    return PyDataset{
        from_elements(std::make_shared<std::vector<Element>>(), spec_from_python(spec))};
  });
  m.def("data_text_lines",
        [](std::vector<std::string> files) { return PyDataset{text_lines(std::move(files))}; });
  m.def("data_from_generator", [](nb::handle start, nb::handle spec) {
    // start() -> a Python callable giving the next element's components, or None at the end.
    auto starter = std::make_shared<PyRef>(start);
    GeneratorFactory factory = [starter]() -> GeneratorFn {
      auto next =
          with_python("from_generator", [&] { return std::make_shared<PyRef>(starter->get()()); });
      return [next](const RunOptions&) -> std::optional<Element> {
        return with_python("from_generator", [&]() -> std::optional<Element> {
          nb::object r = next->get()();
          if (r.is_none()) return std::nullopt;
          return element_from_python(r);
        });
      };
    };
    return PyDataset{from_generator(std::move(factory), spec_from_python(spec))};
  });

  m.def(
      "data_map",
      [](const PyDataset& d, nb::handle plan, nb::handle out, int64_t parallel, bool deterministic,
         nb::handle batched_plan) {
        auto element_fn = [](nb::handle h) -> ElementFn {
          if (h.is_none()) return nullptr;
          PlanRef p = plan_ref(h);
          return [p](Element e, const RunOptions& o) { return to_element(p.run(e, o)); };
        };
        return PyDataset{map(ds(d), element_fn(plan), spec_from_python(out), parallel,
                             deterministic, element_fn(batched_plan))};
      },
      "d"_a, "plan"_a, "out"_a, "parallel"_a, "deterministic"_a, "batched_plan"_a.none());
  auto predicate = [](nb::handle plan) -> PredicateFn {
    PlanRef p = plan_ref(plan);
    return [p](const Element& e, const RunOptions& o) { return p.run(e, o).at(0).item<bool>(); };
  };
  m.def("data_filter", [predicate](const PyDataset& d, nb::handle plan) {
    return PyDataset{filter(ds(d), predicate(plan))};
  });
  m.def("data_take_while", [predicate](const PyDataset& d, nb::handle plan) {
    return PyDataset{take_while(ds(d), predicate(plan))};
  });
  m.def("data_scan", [](const PyDataset& d, nb::handle initial, nb::handle plan, size_t state_size,
                        nb::handle out) {
    PlanRef p = plan_ref(plan);
    ScanFn fn = [p, state_size](Element state, Element e, const RunOptions& o) {
      Element all = to_element(p.run(state, e, o));
      Element next_state(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(state_size));
      Element output(all.begin() + static_cast<std::ptrdiff_t>(state_size), all.end());
      return std::make_pair(std::move(next_state), std::move(output));
    };
    return PyDataset{
        scan(ds(d), element_from_python(initial), std::move(fn), spec_from_python(out))};
  });
  m.def("data_reduce", [](const PyDataset& d, nb::handle initial, nb::handle plan) {
    PlanRef p = plan_ref(plan);
    Element state = element_from_python(initial);
    RunOptions options = interrupt_options();
    try {
      nb::gil_scoped_release unlocked;
      state = reduce(
          ds(d), std::move(state),
          [&p](Element s, Element e, const RunOptions& o) { return to_element(p.run(s, e, o)); },
          options);
    } catch (const CancelledError&) {
      raise_kept_python_exception();
      throw;
    }
    return element_to_python(state, false);
  });
  m.def("data_interleave", [](const PyDataset& d, nb::handle fn, nb::handle out, int64_t cycle,
                              int64_t block, int64_t parallel) {
    auto f = std::make_shared<PyRef>(fn);
    DatasetFn open = [f](const Element& e) {
      return with_python("flat_map/interleave", [&] {
        nb::object r = f->get()(element_to_python(e, false));
        return nb::cast<const PyDataset&>(r).ptr;
      });
    };
    return PyDataset{
        interleave(ds(d), std::move(open), spec_from_python(out), cycle, block, parallel)};
  });

  m.def("data_batch",
        [](const PyDataset& d, int64_t n, bool drop) { return PyDataset{batch(ds(d), n, drop)}; });
  m.def("data_padded_batch",
        [](const PyDataset& d, int64_t n, nb::handle shapes, nb::handle values, bool drop) {
          std::vector<Shape> s;
          for (nb::handle h : shapes) s.push_back(shape_from_python(h));
          return PyDataset{padded_batch(ds(d), n, std::move(s), element_from_python(values), drop)};
        });
  m.def("data_unbatch", [](const PyDataset& d) { return PyDataset{unbatch(ds(d))}; });
  m.def("data_shuffle",
        [](const PyDataset& d, int64_t n, uint64_t seed, uint64_t seed2, bool reshuffle) {
          return PyDataset{shuffle(ds(d), n, seed, seed2, reshuffle)};
        });
  m.def("data_repeat", [](const PyDataset& d, int64_t n) { return PyDataset{repeat(ds(d), n)}; });
  m.def("data_take", [](const PyDataset& d, int64_t n) { return PyDataset{take(ds(d), n)}; });
  m.def("data_skip", [](const PyDataset& d, int64_t n) { return PyDataset{skip(ds(d), n)}; });
  m.def("data_prefetch",
        [](const PyDataset& d, int64_t n) { return PyDataset{prefetch(ds(d), n)}; });
  m.def("data_cache",
        [](const PyDataset& d, std::string f) { return PyDataset{cache(ds(d), std::move(f))}; });
  m.def("data_enumerate",
        [](const PyDataset& d, int64_t start) { return PyDataset{enumerate(ds(d), start)}; });
  m.def("data_zip", [](std::vector<const PyDataset*> in) {
    std::vector<DatasetPtr> inputs;
    for (const PyDataset* d : in) inputs.push_back(d->ptr);
    return PyDataset{zip(std::move(inputs))};
  });
  m.def("data_concatenate", [](const PyDataset& a, const PyDataset& b) {
    return PyDataset{concatenate(a.ptr, b.ptr)};
  });
  m.def("data_window",
        [](const PyDataset& d, int64_t size, int64_t shift, int64_t stride, bool drop) {
          return PyDataset{window(ds(d), size, shift, stride, drop)};
        });
}

}  // namespace kiln::python

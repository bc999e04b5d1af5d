// .npy / .npz files from Python: kiln.io.load_npy and friends.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>

#include "bindings.h"
#include "kiln/npy.h"

namespace kiln::python {

void bind_io(nb::module_& m) {
  m.def("_load_npy", [](const std::filesystem::path& p) {
    nb::gil_scoped_release unlocked;
    return load_npy(p);
  });
  m.def("_save_npy", [](const std::filesystem::path& p, const Tensor& t) {
    nb::gil_scoped_release unlocked;
    save_npy(p, t);
  });
  m.def("_load_npz", [](const std::filesystem::path& p) {
    std::map<std::string, Array> arrays;
    {
      nb::gil_scoped_release unlocked;
      arrays = load_npz(p);
    }
    nb::dict out;
    for (auto& [name, a] : arrays) out[nb::str(name.c_str())] = wrap(Tensor(a));
    return out;
  });
  m.def("_save_npz", [](const std::filesystem::path& p, const std::map<std::string, const Tensor*>& tensors,
                        bool compress) {
    std::map<std::string, Array> arrays;
    for (auto& [name, t] : tensors) arrays.emplace(name, t->array());
    nb::gil_scoped_release unlocked;
    save_npz(p, arrays, compress);
  });
}

}  // namespace kiln::python

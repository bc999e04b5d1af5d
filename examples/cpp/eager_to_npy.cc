// The seed's eager example in C++: add two constant tensors, print the
// result and save it where NumPy can read it (np.load("eager_sum.npy")).
#include <cstdio>
#include <kiln/kiln.h>

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "eager_sum.npy";
  kiln::Tensor d = kiln::constant<int32_t>({9, 10, 11, 12}, kiln::Shape{2, 2});
  kiln::Tensor e = kiln::constant<int32_t>({13, 14, 15, 16}, kiln::Shape{2, 2});
  // Elementwise ops arrive with the op library; until then, add by hand.
  std::vector<int32_t> a = d.to_vector<int32_t>(), b = e.to_vector<int32_t>(), sum(a.size());
  for (size_t i = 0; i < a.size(); ++i) sum[i] = a[i] + b[i];
  kiln::Tensor f = kiln::constant(sum, d.shape());

  std::printf("kiln tensor of shape %s, dtype %s:\n", f.shape().to_string().c_str(),
              std::string(f.dtype().name()).c_str());
  for (int64_t i = 0; i < f.shape().dim(0); ++i) {
    kiln::Tensor row(f.array().index(i));
    std::printf(" [%d %d]\n", row.to_vector<int32_t>()[0], row.to_vector<int32_t>()[1]);
  }
  kiln::save_npy(path, f);
  kiln::Tensor back = kiln::load_npy(path);
  std::printf("saved to %s and read back: %s %s\n", path, back.shape().to_string().c_str(),
              back.to_vector<int32_t>() == sum ? "equal" : "DIFFERENT");
  return back.to_vector<int32_t>() == sum ? 0 : 1;
}

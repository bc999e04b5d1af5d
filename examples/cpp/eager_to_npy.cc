// The seed's eager example in C++: add two constant tensors, print the
// result and save it where NumPy can read it (np.load("eager_sum.npy")).
#include <cstdio>
#include <kiln/kiln.h>

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "eager_sum.npy";
  kiln::Tensor d = kiln::constant<int32_t>({9, 10, 11, 12}, kiln::Shape{2, 2});
  kiln::Tensor e = kiln::constant<int32_t>({13, 14, 15, 16}, kiln::Shape{2, 2});
  kiln::Tensor f = kiln::add(d, e);

  std::printf("kiln::add gave a tensor of shape %s and dtype %s:\n",
              f.shape().to_string().c_str(), std::string(f.dtype().name()).c_str());
  for (int64_t i = 0; i < f.shape().dim(0); ++i) {
    std::vector<int32_t> row = kiln::Tensor(f.array().index(i)).to_vector<int32_t>();
    std::printf("  [%d %d]\n", row[0], row[1]);
  }
  kiln::save_npy(path, f);
  kiln::Tensor back = kiln::load_npy(path);
  bool same = back.to_vector<int32_t>() == f.to_vector<int32_t>();
  std::printf("saved to %s and read back: %s\n", path, same ? "equal" : "DIFFERENT");
  return same ? 0 : 1;
}

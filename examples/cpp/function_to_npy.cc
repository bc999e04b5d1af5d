// The seed's third approach in C++: trace a C++ callable into a
// kiln::Function (here a while_loop that sums 0..n-1, with a cond inside
// that skips odd numbers), call it like an op, and save the result where
// NumPy can read it (np.load("function_sum.npy")).
#include <cstdio>
#include <kiln/kiln.h>

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "function_sum.npy";
  kiln::Function sum_of_evens(
      [](kiln::Graph& g, std::span<const kiln::Output> args) {
        kiln::Output n = args[0];
        kiln::Output zero = g.constant(kiln::constant(0).array());
        kiln::Output one = g.constant(kiln::constant(1).array());
        kiln::Output two = g.constant(kiln::constant(2).array());
        std::vector<kiln::Output> start = {zero, zero};
        auto below_n = [&](std::span<const kiln::Output> v) {
          return std::vector<kiln::Output>{g.op("less", {v[0], n})};
        };
        auto step = [&](std::span<const kiln::Output> v) {
          kiln::Output even = g.op("equal", {g.op("floormod", {v[0], two}), zero});
          kiln::Output total = kiln::cond(
              g, even, [&] { return std::vector<kiln::Output>{g.op("add", {v[1], v[0]})}; },
              [&] { return std::vector<kiln::Output>{v[1]}; })[0];
          return std::vector<kiln::Output>{g.op("add", {v[0], one}), total};
        };
        return std::vector<kiln::Output>{kiln::while_loop(g, below_n, step, start)[1]};
      },
      {kiln::TensorSpec{kiln::int32, kiln::Shape{}}});

  // Traced once; each call runs the compiled plan (the loop runs inside it).
  for (int32_t n : {10, 1000}) {
    kiln::Tensor total = sum_of_evens({kiln::constant(n)})[0];
    std::printf("sum of the even numbers below %d: %d\n", n, total.item<int32_t>());
  }
  kiln::Tensor result = sum_of_evens({kiln::constant(100)})[0];
  kiln::save_npy(path, result);
  bool same = kiln::load_npy(path).item<int32_t>() == 2450;
  std::printf("saved sum below 100 to %s and read it back: %s\n", path, same ? "2450, as expected" : "WRONG");
  return same ? 0 : 1;
}

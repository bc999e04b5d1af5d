// A kiln::data input pipeline in C++, as tf.data's
//   Dataset.from_tensor_slices(x).map(double, num_parallel_calls=2).batch(4).prefetch(2)
// The map function is a kiln::Function (traced once into a plan) that runs on
// the map's two worker threads; prefetch fills a buffer on a thread of its own
// while the consumer prints the batches. Dropping the iterator joins them all.
#include <cstdio>
#include <kiln/kiln.h>

int main() {
  namespace data = kiln::data;
  // Ten rows of two values: 0 1 | 2 3 | ... | 18 19.
  std::vector<float> values(20);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  data::DatasetPtr rows = data::from_tensor_slices({kiln::constant(values, kiln::Shape{10, 2}).array()});

  // x -> x * 2, traced once; safe to call from many threads at once.
  kiln::Function times_two(
      [](kiln::Graph& g, std::span<const kiln::Output> args) {
        kiln::Output two = g.constant(kiln::constant(2.0f).array());
        return std::vector<kiln::Output>{g.op("multiply", {args[0], two})};
      },
      {kiln::TensorSpec{kiln::float32, kiln::Shape{2}}});
  data::ElementFn doubled = [&times_two](data::Element e, const kiln::RunOptions& options) {
    std::vector<kiln::Tensor> args{kiln::Tensor(std::get<kiln::Array>(e[0]))};
    return data::Element{times_two(args, options)[0].array()};
  };
  data::ElementSpec row_spec = rows->spec();  // the function keeps dtype and shape

  data::DatasetPtr pipeline = data::prefetch(
      data::batch(data::map(rows, doubled, row_spec, /*num_parallel_calls=*/2), 4,
                  /*drop_remainder=*/false),
      2);
  std::printf("element spec: %s, cardinality %lld\n", data::describe(pipeline->spec()[0]).c_str(),
              static_cast<long long>(pipeline->cardinality()));

  std::unique_ptr<data::Iterator> it = pipeline->iterate();
  float total = 0;
  int batches = 0;
  while (std::optional<data::Element> batch = it->next({})) {
    kiln::Tensor t(std::get<kiln::Array>((*batch)[0]));
    std::printf("batch %d, shape %s:", batches++, t.shape().to_string().c_str());
    for (float v : t.to_vector<float>()) {
      std::printf(" %g", v);
      total += v;
    }
    std::printf("\n");
  }
  // 2 * (0 + 1 + ... + 19) = 380, in 3 batches (4, 4 and 2 rows).
  bool right = batches == 3 && total == 380.0f;
  std::printf("%d batches, sum %g: %s\n", batches, total, right ? "as expected" : "WRONG");
  return right ? 0 : 1;
}

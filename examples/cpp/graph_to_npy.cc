// The seed's first graph example in C++: build a graph that adds two
// constant tensors, run it in a Session, print the result and save it where
// NumPy can read it (np.load("graph_sum.npy")).
#include <cstdio>
#include <kiln/kiln.h>

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "graph_sum.npy";
  // Building the graph computes nothing: a, b and c are symbolic outputs
  // whose dtypes and shapes are already known.
  kiln::Graph graph;
  kiln::Output a = graph.constant(kiln::constant<int32_t>({1, 2, 3, 4}, kiln::Shape{2, 2}).array());
  kiln::Output b = graph.constant(kiln::constant<int32_t>({5, 6, 7, 8}, kiln::Shape{2, 2}).array());
  kiln::Output c = graph.op("add", {a, b});
  std::printf("graph node '%s' will give dtype %s and shape %s\n",
              graph.node(c.node).name.c_str(), std::string(graph.spec(c).dtype.name()).c_str(),
              graph.spec(c).shape.to_string().c_str());

  // Values exist only once a Session runs the graph.
  kiln::Session session(graph);
  kiln::Tensor f = session.run({c})[0];
  std::printf("session.run(%s) gave a tensor of shape %s and dtype %s:\n",
              graph.output_name(c).c_str(), f.shape().to_string().c_str(),
              std::string(f.dtype().name()).c_str());
  for (int64_t i = 0; i < f.shape().dim(0); ++i) {
    std::vector<int32_t> row = kiln::Tensor(f.array().index(i)).to_vector<int32_t>();
    std::printf("  [%d %d]\n", row[0], row[1]);
  }
  kiln::save_npy(path, f);
  kiln::Tensor back = kiln::load_npy(path);
  bool same = back.to_vector<int32_t>() == std::vector<int32_t>{6, 8, 10, 12};
  std::printf("saved to %s and read back: %s\n", path, same ? "as expected" : "WRONG");
  return same ? 0 : 1;
}

// shuffle: a buffer of buffer_size elements; each output is a uniformly
// drawn element of the buffer, replaced by the next input. Seeds given
// (kiln.random.set_seed or seed=) make the order reproducible across runs;
// reshuffle_each_iteration draws a new order per pass (per iterate()).
#include <atomic>
#include <random>

#include "data/element.h"
#include "data/unary_dataset.h"

namespace kiln::data {
namespace {

class Shuffle : public UnaryDataset {
 public:
  Shuffle(DatasetPtr in, int64_t buffer, uint64_t seed, uint64_t seed2, bool reshuffle)
      : UnaryDataset(in, in->spec(), "_ShuffleDataset"),
        buffer_(buffer),
        seed_(seed),
        seed2_(seed2),
        reshuffle_(reshuffle) {}
  int64_t cardinality() const override { return input_->cardinality(); }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      std::mt19937_64 rng;
      std::vector<Element> buffer;
      size_t capacity;
      bool input_done = false;
      std::optional<Element> next(const RunOptions& o) override {
        while (!input_done && buffer.size() < capacity) {
          std::optional<Element> e = in->next(o);
          if (!e) {
            input_done = true;
            break;
          }
          buffer.push_back(std::move(*e));
        }
        if (buffer.empty()) return std::nullopt;
        size_t pick = std::uniform_int_distribution<size_t>(0, buffer.size() - 1)(rng);
        Element out = std::move(buffer[pick]);
        buffer[pick] = std::move(buffer.back());
        buffer.pop_back();
        return out;
      }
    };
    uint64_t pass = reshuffle_ ? passes_.fetch_add(1) : 0;
    std::seed_seq seq{static_cast<uint32_t>(seed_),  static_cast<uint32_t>(seed_ >> 32),
                      static_cast<uint32_t>(seed2_), static_cast<uint32_t>(seed2_ >> 32),
                      static_cast<uint32_t>(pass),   static_cast<uint32_t>(pass >> 32)};
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    it->rng.seed(seq);
    it->capacity = static_cast<size_t>(buffer_);
    it->buffer.reserve(static_cast<size_t>(std::min<int64_t>(buffer_, 1 << 16)));
    return it;
  }

 private:
  int64_t buffer_;
  uint64_t seed_, seed2_;
  bool reshuffle_;
  mutable std::atomic<uint64_t> passes_{0};
};

}  // namespace

DatasetPtr shuffle(DatasetPtr input, int64_t buffer_size, uint64_t seed, uint64_t seed2,
                   bool reshuffle_each_iteration) {
  if (buffer_size == kAutotune) buffer_size = 1 << 20;  // TF: AUTOTUNE is "unbounded"-ish
  if (buffer_size <= 0) {
    throw InvalidArgumentError("buffer_size must be greater than zero, got " +
                               std::to_string(buffer_size) + ".");
  }
  return std::make_shared<Shuffle>(std::move(input), buffer_size, seed, seed2,
                                   reshuffle_each_iteration);
}

}  // namespace kiln::data

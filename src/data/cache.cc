// cache: the first complete pass records the elements (in memory, or in a
// file that later passes and later programs read); a pass cut short records
// nothing, as TF's. The file holds, per component, its .npy bytes preceded
// by their length; it is written beside its name and renamed when complete,
// so a reader never sees half a cache.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "data/element.h"
#include "data/unary_dataset.h"
#include "kiln/npy.h"

namespace kiln::data {
namespace {

using Elements = std::vector<Element>;

void write_cache_file(const std::string& path, const Elements& elements) {
  std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw NotFoundError("cache: cannot write the cache file '" + partial + "'.");
    for (const Element& e : elements) {
      for (const Component& c : e) {
        std::vector<std::byte> bytes = write_npy(std::get<0>(c));
        uint64_t n = bytes.size();
        out.write(reinterpret_cast<const char*>(&n), sizeof n);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(n));
      }
    }
    if (!out) throw ResourceExhaustedError("cache: writing '" + partial + "' failed (disk full?).");
  }
  std::filesystem::rename(partial, path);
}

Elements read_cache_file(const std::string& path, size_t components) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NotFoundError("cache: cannot read the cache file '" + path + "'.");
  Elements out;
  while (in.peek() != EOF) {
    Element e;
    for (size_t i = 0; i < components; ++i) {
      uint64_t n = 0;
      in.read(reinterpret_cast<char*>(&n), sizeof n);
      if (!in || n > (uint64_t{1} << 40)) {
        throw InvalidArgumentError("cache: the cache file '" + path +
                                   "' is truncated or not a "
                                   "kiln cache; delete it to rebuild it.");
      }
      std::vector<std::byte> bytes(n);
      in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(n));
      if (!in) {
        throw InvalidArgumentError("cache: the cache file '" + path +
                                   "' is truncated; delete it "
                                   "to rebuild it.");
      }
      e.push_back(read_npy(bytes));
    }
    out.push_back(std::move(e));
  }
  return out;
}

class Cache : public UnaryDataset {
 public:
  Cache(DatasetPtr in, std::string filename)
      : UnaryDataset(in, in->spec(), "_CacheDataset"), filename_(std::move(filename)) {}
  int64_t cardinality() const override { return input_->cardinality(); }

  std::unique_ptr<Iterator> iterate() const override {
    std::shared_ptr<const Elements> done = recorded();
    if (done) return iterate_list(done);
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Cache* d;
      DatasetPtr keep;
      std::shared_ptr<Elements> seen = std::make_shared<Elements>();
      bool finished = false;
      std::optional<Element> next(const RunOptions& o) override {
        if (finished) return std::nullopt;
        std::optional<Element> e = in->next(o);
        if (e) {
          seen->push_back(*e);
          return e;
        }
        finished = true;
        d->record(std::move(seen));
        return e;
      }
    };
    return start<It>(this);
  }

 private:
  std::shared_ptr<const Elements> recorded() const {
    std::lock_guard<std::mutex> lock(mu_);
    if (!elements_ && !filename_.empty() && std::filesystem::exists(filename_)) {
      auto read = std::make_shared<Elements>(read_cache_file(filename_, spec().size()));
      for (const Element& e : *read) check_element(spec(), e, "cache file '" + filename_ + "'");
      elements_ = std::move(read);
    }
    return elements_;
  }

  void record(std::shared_ptr<Elements> elements) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (elements_) return;  // another pass finished first
    if (!filename_.empty()) write_cache_file(filename_, *elements);
    elements_ = std::move(elements);
  }

  std::string filename_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const Elements> elements_;
};

}  // namespace

DatasetPtr cache(DatasetPtr input, std::string filename) {
  if (!filename.empty()) {
    for (const ComponentSpec& s : input->spec()) {
      if (s.kind != ComponentSpec::Kind::kTensor) {
        throw UnimplementedError("cache: a file cache holds tensors only; this dataset has a " +
                                 describe(s) + " component. Cache it in memory (cache()) instead.");
      }
    }
  }
  return std::make_shared<Cache>(std::move(input), std::move(filename));
}

}  // namespace kiln::data

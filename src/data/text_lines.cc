// TextLineDataset: the lines of local files, one string element per line,
// without "\n" or "\r\n", files in the order given. A file that cannot be
// opened is a NotFoundError at the element where it would start.
#include <fstream>

#include "data/element.h"

namespace kiln::data {
namespace {

class TextLines : public Dataset {
 public:
  explicit TextLines(std::vector<std::string> files)
      : Dataset({ComponentSpec{ComponentSpec::Kind::kString, uint8, Shape(), nullptr}}),
        files_(std::move(files)) {}
  int64_t cardinality() const override { return kUnknownCardinality; }
  std::string type_name() const override { return "TextLineDatasetV2"; }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      const TextLines* d;
      DatasetPtr keep;
      size_t file = 0;
      std::ifstream in;
      bool is_open = false;
      std::optional<Element> next(const RunOptions&) override {
        while (file < d->files_.size()) {
          if (!is_open) {
            const std::string& path = d->files_[file];
            in = std::ifstream(path, std::ios::binary);
            if (!in) {
              ++file;  // the next call goes on with the next file
              throw NotFoundError("TextLineDataset: " + path + "; No such file or directory");
            }
            is_open = true;
          }
          std::string line;
          if (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            auto s = std::make_shared<Strings>();
            s->values.push_back(std::move(line));
            return Element{std::move(s)};
          }
          if (in.bad()) {  // as a missing file: the next call goes on with the next file
            const std::string& path = d->files_[file];
            in.close();
            is_open = false;
            ++file;
            throw InvalidArgumentError("TextLineDataset: reading " + path + " failed.");
          }
          in.close();
          is_open = false;
          ++file;
        }
        return std::nullopt;
      }
    };
    auto it = std::make_unique<It>();
    it->d = this;
    it->keep = shared_from_this();
    return it;
  }

 private:
  std::vector<std::string> files_;
};

}  // namespace

DatasetPtr text_lines(std::vector<std::string> files) {
  return std::make_shared<TextLines>(std::move(files));
}

}  // namespace kiln::data

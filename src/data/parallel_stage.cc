#include "data/parallel_stage.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "core/parallel.h"
#include "data/element.h"

namespace kiln::data {
namespace {

class StageIterator : public Iterator {
 public:
  StageIterator(std::unique_ptr<Iterator> input, ElementFn fn, const StageOptions& o)
      : input_(std::move(input)), fn_(std::move(fn)), o_(o) {}

  ~StageIterator() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cancel_.store(true);
    space_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  std::optional<Element> next(const RunOptions& options) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (workers_.empty()) start();
    Result r;
    if (o_.deterministic) {
      wait_for(
          lock, ready_, [&] { return results_.count(consumed_) > 0; }, options);
      auto it = results_.find(consumed_);
      if (it->second.end) return std::nullopt;  // kept: every later call ends too
      r = std::move(it->second);
      results_.erase(it);
      ++consumed_;
    } else {
      // The earliest finished element that is not the end; the end once all before it went.
      wait_for(
          lock, ready_,
          [&] {
            return !results_.empty() && (!results_.begin()->second.end || consumed_ == end_seq_);
          },
          options);
      auto it = results_.begin();
      if (it->second.end) return std::nullopt;
      r = std::move(it->second);
      results_.erase(it);
      ++consumed_;
    }
    lock.unlock();
    space_.notify_all();
    if (r.error) std::rethrow_exception(r.error);
    return std::move(r.value);
  }

 private:
  struct Result {
    std::optional<Element> value;
    std::exception_ptr error;
    bool end = false;
  };

  void start() {
    for (int i = 0; i < o_.workers; ++i) workers_.emplace_back([this] { work(); });
  }

  void work() {
    RunOptions opts;
    opts.cancel = &cancel_;
    std::vector<std::pair<int64_t, Result>> block;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        space_.wait(lock,
                    [&] { return stop_ || input_done_ || claimed_ - consumed_ < o_.capacity; });
        if (stop_ || input_done_) return;
      }
      block.clear();
      {
        std::lock_guard<std::mutex> in(input_mu_);
        for (int64_t k = 0; k < o_.block && !input_done_; ++k) {
          Result r;
          try {
            r.value = input_->next(opts);
          } catch (...) {
            if (cancel_.load()) return;
            r.error = std::current_exception();
          }
          r.end = !r.value && !r.error;
          std::lock_guard<std::mutex> lock(mu_);
          int64_t seq = claimed_++;
          if (r.end) {
            input_done_ = true;
            end_seq_ = seq;
          }
          block.emplace_back(seq, std::move(r));
          if (claimed_ - consumed_ >= o_.capacity) break;
        }
      }
      if (fn_) {
        for (auto& [seq, r] : block) {
          if (!r.value) continue;
          try {
            r.value = fn_(std::move(*r.value), opts);
          } catch (...) {
            if (cancel_.load()) return;
            r.value.reset();
            r.error = std::current_exception();
          }
        }
      }
      bool ended = !block.empty() && block.back().second.end;
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& [seq, r] : block) results_.emplace(seq, std::move(r));
      }
      ready_.notify_all();
      if (ended) space_.notify_all();  // the other workers see the end and exit
    }
  }

  std::unique_ptr<Iterator> input_;  // workers pull under input_mu_
  ElementFn fn_;
  StageOptions o_;
  std::mutex input_mu_;
  std::mutex mu_;  // guards what follows
  std::condition_variable ready_, space_;
  std::map<int64_t, Result> results_;  // by input position
  int64_t claimed_ = 0, consumed_ = 0, end_seq_ = -1;
  bool input_done_ = false, stop_ = false;
  std::atomic<bool> cancel_{false};
  std::vector<std::thread> workers_;
};

}  // namespace

int resolve_parallelism(int64_t num_parallel_calls) {
  if (num_parallel_calls == kAutotune) return num_threads();
  if (num_parallel_calls <= 0) {
    throw InvalidArgumentError("num_parallel_calls must be positive or AUTOTUNE (-1), got " +
                               std::to_string(num_parallel_calls) + ".");
  }
  return static_cast<int>(std::min<int64_t>(num_parallel_calls, 256));
}

std::unique_ptr<Iterator> parallel_stage(std::unique_ptr<Iterator> input, ElementFn fn,
                                         const StageOptions& options) {
  return std::make_unique<StageIterator>(std::move(input), std::move(fn), options);
}

}  // namespace kiln::data

// kiln::Session: running graphs (feeds, pruning, plan caching, errors,
// threads). Expected values are computed by hand or by plain loops.
#include "kiln/session.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <cmath>
#include <optional>
#include <thread>

#include "error_matchers.h"
#include "kiln/ops.h"
#include "runtime/plan.h"

namespace kiln {
namespace {

using Ints = std::vector<int32_t>;

Array i32(Ints values, Shape shape) { return constant(values, shape).array(); }
Array f32(std::vector<float> values, Shape shape) { return constant(values, shape).array(); }

// The seed's first graph: two constants and their sum.
TEST(Session, RunsTheSeedGraph) {
  Graph g;
  Output a = g.constant(i32({1, 2, 3, 4}, Shape{2, 2}));
  Output b = g.constant(i32({5, 6, 7, 8}, Shape{2, 2}));
  Output c = g.op("add", {a, b});
  Session s(g);
  std::vector<Tensor> out = s.run({c});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype(), int32);
  EXPECT_EQ(out[0].shape(), (Shape{2, 2}));
  EXPECT_EQ(out[0].to_vector<int32_t>(), (Ints{6, 8, 10, 12}));
  // Several fetches, a repeated one and a constant itself, in fetch order.
  out = s.run({a, c, c});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].to_vector<int32_t>(), (Ints{1, 2, 3, 4}));
  EXPECT_EQ(out[1].to_vector<int32_t>(), (Ints{6, 8, 10, 12}));
  EXPECT_EQ(out[2].to_vector<int32_t>(), (Ints{6, 8, 10, 12}));
}

TEST(Session, FeedsPlaceholders) {
  // y = x @ w + b, with x of any number of rows.
  Graph g;
  Output x = g.placeholder(float32, Shape{kUnknownDim, 2}, "x");
  Output w = g.constant(f32({1, 2, 3, 4, 5, 6}, Shape{2, 3}));
  Output b = g.constant(f32({10, 20, 30}, Shape{3}));
  Output y = g.op("add", {g.op("matmul", {x, w}, {false, false, false, false}), b});
  Session s(g);
  for (int rows : {3, 1, 0}) {
    std::vector<float> xs;
    for (int i = 0; i < rows * 2; ++i) xs.push_back(float(i) - 1.5f);
    std::vector<float> expected;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < 3; ++c) {
        float acc = (std::vector<float>{10, 20, 30})[size_t(c)];
        for (int k = 0; k < 2; ++k) acc += xs[size_t(r * 2 + k)] * float(k * 3 + c + 1);
        expected.push_back(acc);
      }
    }
    std::vector<Tensor> out = s.run({y}, {{x, f32(xs, Shape{rows, 2})}});
    EXPECT_EQ(out[0].shape(), (Shape{rows, 3}));
    EXPECT_EQ(out[0].to_vector<float>(), expected) << rows << " rows";
  }
  // One plan serves every fed shape.
  EXPECT_EQ(s.plans_compiled(), 1);
  // The hand-computed row [1, 1] -> [1+4, 2+5, 3+6] + b.
  EXPECT_EQ(s.run({y}, {{x, f32({1, 1}, Shape{1, 2})}})[0].to_vector<float>(),
            (std::vector<float>{15, 27, 39}));
}

TEST(Session, FeedingAnIntermediateSkipsItsProducer) {
  Graph g;
  Output p = g.placeholder(int32, Shape{2}, "p");
  Output c = g.constant(i32({100, 200}, Shape{2}));
  Output mid = g.op("multiply", {p, c}, {}, "mid");
  Output out = g.op("add", {mid, c}, {}, "out");
  Session s(g);
  // p is never fed: mid is, so neither mid's node nor p is needed.
  std::vector<Tensor> r = s.run({out, mid}, {{mid, i32({1, 2}, Shape{2})}});
  EXPECT_EQ(r[0].to_vector<int32_t>(), (Ints{101, 202}));
  EXPECT_EQ(r[1].to_vector<int32_t>(), (Ints{1, 2}));
  // Without that feed, p is missing.
  EXPECT_KILN_ERROR(s.run({out}), InvalidArgumentError, "'p'");
  // Feeding p instead computes mid.
  EXPECT_EQ(s.run({out}, {{p, i32({3, 4}, Shape{2})}})[0].to_vector<int32_t>(), (Ints{400, 1000}));
}

TEST(Session, MissingFeedNamesEveryPlaceholderAndItsFetch) {
  Graph g;
  Output x = g.placeholder(int32, Shape{2}, "x");
  Output y = g.placeholder(float32, Shape{kUnknownDim}, "y");
  g.placeholder(int32, Shape{2}, "unused");
  Output c = g.constant(i32({1, 1}, Shape{2}));
  Output sum = g.op("add", {x, c}, {}, "sum");
  Output twice = g.op("add", {y, y}, {}, "twice");
  Session s(g);
  try {
    s.run({sum, twice});
    ADD_FAILURE() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& e) {
    std::string m = e.what();
    EXPECT_THAT(m, ::testing::HasSubstr("You must feed a value for placeholder tensor(s)"));
    EXPECT_THAT(m, ::testing::HasSubstr("'x' (int32 and shape (2,)), needed by sum:0"));
    EXPECT_THAT(m, ::testing::HasSubstr("'y' (float32 and shape (None,)), needed by twice:0"));
    EXPECT_THAT(m, ::testing::Not(::testing::HasSubstr("unused")));
  }
  // Feeding one leaves only the other in the message.
  try {
    s.run({sum, twice}, {{x, i32({1, 2}, Shape{2})}});
    ADD_FAILURE() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& e) {
    EXPECT_THAT(std::string(e.what()), ::testing::HasSubstr("'y'"));
    EXPECT_THAT(std::string(e.what()), ::testing::Not(::testing::HasSubstr("'x'")));
  }
  // A failed compile caches nothing; the same lists with feeds then work.
  EXPECT_EQ(s.plans_compiled(), 0);
  std::vector<Tensor> r = s.run({sum, twice}, {{x, i32({1, 2}, Shape{2})},
                                               {y, f32({0.5f, 2}, Shape{2})}});
  EXPECT_EQ(r[0].to_vector<int32_t>(), (Ints{2, 3}));
  EXPECT_EQ(r[1].to_vector<float>(), (std::vector<float>{1, 4}));
}

TEST(Session, PrunesWhatTheFetchesDoNotNeed) {
  // `bad` divides by a placeholder fed zeros and by a zero constant: both
  // fail when run, so a run that fetches only `good` shows they were pruned.
  Graph g;
  Output num = g.constant(i32({7, 9}, Shape{2}), "num");
  Output d = g.placeholder(int32, Shape{2}, "d");
  Output bad = g.op("floordiv", {num, d}, {}, "bad");
  Output folded_bad = g.op("floordiv", {num, g.constant(i32({0, 0}, Shape{2}))}, {}, "folded_bad");
  Output good = g.op("add", {num, num}, {}, "good");
  Session s(g);
  const Array zeros = i32({0, 0}, Shape{2});
  EXPECT_EQ(s.run({good})[0].to_vector<int32_t>(), (Ints{14, 18}));  // d not needed: no feed
  EXPECT_EQ(s.run({good}, {{d, zeros}})[0].to_vector<int32_t>(), (Ints{14, 18}));
  // Fetched, the same nodes fail with the op's error and the node's name.
  EXPECT_KILN_ERROR(s.run({bad}, {{d, zeros}}), InvalidArgumentError,
                    "Integer division by zero");
  EXPECT_KILN_ERROR(s.run({bad}, {{d, zeros}}), InvalidArgumentError,
                    "(while running node 'bad')");
  // A constant subgraph that fails to fold fails when run, not when compiled.
  EXPECT_KILN_ERROR(s.run({folded_bad}), InvalidArgumentError,
                    "(while running node 'folded_bad')");
  EXPECT_EQ(s.run({bad}, {{d, i32({2, -4}, Shape{2})}})[0].to_vector<int32_t>(), (Ints{3, -3}));
}

TEST(Session, WrongFeedDtypeAndShape) {
  Graph g;
  Output x = g.placeholder(int32, Shape{kUnknownDim, 2}, "x");
  Output y = g.op("add", {x, x});
  Session s(g);
  EXPECT_KILN_ERROR(s.run({y}, {{x, f32({1, 2}, Shape{1, 2})}}), InvalidArgumentError,
                    "Cannot feed a value of dtype float32 for Tensor x:0, which has dtype int32");
  EXPECT_KILN_ERROR(s.run({y}, {{x, i32({1, 2, 3}, Shape{1, 3})}}), ValueError,
                    "Cannot feed value of shape (1, 3) for Tensor x:0, which has shape (None, 2)");
  EXPECT_KILN_ERROR(s.run({y}, {{x, i32({1, 2}, Shape{2})}}), ValueError,
                    "Cannot feed value of shape (2,)");
  // Feeding an output twice, or one that does not exist.
  EXPECT_KILN_ERROR(s.run({y}, {{x, i32({1, 2}, Shape{1, 2})}, {x, i32({1, 2}, Shape{1, 2})}}),
                    InvalidArgumentError, "Tensor x:0 is fed twice");
  EXPECT_KILN_ERROR(s.run({y}, {{Output{42, 0}, i32({1}, Shape{1})}}), OutOfRangeError, "no node 42");
  EXPECT_KILN_ERROR(s.run({Output{42, 0}}), OutOfRangeError, "no node 42");
  EXPECT_KILN_ERROR(s.run(std::span<const Output>{}), ValueError, "at least one fetch or target");
}

TEST(Session, CachesOnePlanPerFetchFeedAndTargetLists) {
  Graph g;
  Output x = g.placeholder(int32, Shape{}, "x");
  Output one = g.constant(i32({1}, Shape{}));
  Output inc = g.op("add", {x, one});
  Output dbl = g.op("add", {x, x});
  Session s(g);
  for (int32_t v = 0; v < 5; ++v) {
    EXPECT_EQ(s.run({inc}, {{x, i32({v}, Shape{})}})[0].item<int32_t>(), v + 1);
  }
  EXPECT_EQ(s.plans_compiled(), 1);
  EXPECT_EQ(s.run({dbl}, {{x, i32({4}, Shape{})}})[0].item<int32_t>(), 8);
  EXPECT_EQ(s.plans_compiled(), 2);
  s.run({inc, dbl}, {{x, i32({4}, Shape{})}});
  s.run({inc, dbl}, {{x, i32({4}, Shape{})}});
  EXPECT_EQ(s.plans_compiled(), 3);
  s.run({inc}, {{x, i32({4}, Shape{})}});
  EXPECT_EQ(s.plans_compiled(), 3);
  // plan() hands out the cached plan itself.
  std::vector<Output> fetches{inc}, keys{x};
  EXPECT_EQ(s.plan(fetches, keys).get(), s.plan(fetches, keys).get());
  EXPECT_EQ(s.plans_compiled(), 3);
  // The cache holds the three plans (the one cache kiln.compat.v1.Session uses).
  std::vector<std::shared_ptr<const Plan>> cached = s.cached_plans();
  EXPECT_EQ(cached.size(), 3u);
  EXPECT_NE(std::find(cached.begin(), cached.end(), s.plan(fetches, keys)), cached.end());
  s.close();
  EXPECT_TRUE(s.cached_plans().empty());
}

TEST(Session, ClosedSessionRefusesToRun) {
  Graph g;
  Output c = g.constant(i32({1}, Shape{1}));
  Session s(g);
  EXPECT_EQ(s.run({c})[0].to_vector<int32_t>(), Ints{1});
  EXPECT_FALSE(s.closed());
  s.close();
  EXPECT_TRUE(s.closed());
  EXPECT_KILN_ERROR(s.run({c}), FailedPreconditionError, "Attempted to use a closed Session");
}

TEST(Session, IdenticalPureNodesRunOnce) {
  Graph g;
  Output x = g.placeholder(float32, Shape{3}, "x");
  Output e1 = g.op("exp", {x});
  Output e2 = g.op("exp", {x});               // the same op on the same input: computed once
  Output s1 = g.op("add", {e1, e2});
  Output s2 = g.op("add", {e2, e1});          // e1 and e2 are one value now: also shared
  Output r = g.op("random_uniform", {},
                  {std::vector<int64_t>{3}, float32, int64_t{1}, int64_t{2}, int64_t{0}, 0.0, 1.0});
  Output r2 = g.op("random_uniform", {},
                   {std::vector<int64_t>{3}, float32, int64_t{1}, int64_t{2}, int64_t{0}, 0.0, 1.0});
  Session s(g);
  std::vector<Output> fetches = {s1, s2, r, r2};
  std::vector<Output> keys = {x};
  auto plan = s.plan(fetches, keys);
  // One exp and one add (fused into one step), and both random ops (stateful
  // nodes are never merged).
  EXPECT_EQ(plan->num_steps(), 3);
  EXPECT_NE(plan->describe().find("fused(exp, add)"), std::string::npos) << plan->describe();
  Arrays out = plan->run(std::vector<Array>{f32({0.f, 1.f, 2.f}, Shape{3})});
  std::vector<float> got = Tensor(out[0]).to_vector<float>();
  EXPECT_FLOAT_EQ(got[1], 2.f * std::exp(1.f));
  EXPECT_EQ(Tensor(out[1]).to_vector<float>(), got);
}

TEST(Session, PlaceholderWithDefault) {
  Graph g;
  Output def = g.constant(i32({1, 2, 3}, Shape{3}));
  Output p = g.op("placeholder_with_default", {def}, {Shape{kUnknownDim}}, "p");
  Output out = g.op("multiply", {p, g.constant(i32({2}, Shape{}))});
  EXPECT_EQ(g.spec(p).shape, (Shape{kUnknownDim}));
  Session s(g);
  EXPECT_EQ(s.run({out})[0].to_vector<int32_t>(), (Ints{2, 4, 6}));
  EXPECT_EQ(s.run({out}, {{p, i32({5, 6}, Shape{2})}})[0].to_vector<int32_t>(), (Ints{10, 12}));
  EXPECT_KILN_ERROR(s.run({out}, {{p, i32({5}, Shape{})}}), ValueError, "Cannot feed value of shape ()");
  // A default that does not fit the declared shape fails at build time.
  EXPECT_KILN_ERROR(g.op("placeholder_with_default", {def}, {Shape{2}}), InvalidArgumentError,
                    "the default value's shape (3,) does not fit the shape (2,)");
}

TEST(Session, NoOpTargetRunsItsControlInputs) {
  // `check` fails when d holds a zero; grouping it under a no_op target is
  // the only way it runs, since nothing fetches it.
  Graph g;
  Output d = g.placeholder(int32, Shape{2}, "d");
  Output check = g.op("floordiv", {g.constant(i32({8, 8}, Shape{2})), d}, {}, "check");
  Output value = g.op("add", {d, d}, {}, "value");
  int group = g.add_op("no_op", {}, {}, "group", std::vector<int>{check.node, value.node});
  Session s(g);
  const std::vector<int> targets{group};
  std::vector<Feed> zeros{{d, i32({0, 1}, Shape{2})}}, ones{{d, i32({1, 1}, Shape{2})}};
  EXPECT_TRUE(s.run({}, ones, targets).empty());
  EXPECT_KILN_ERROR(s.run({}, zeros, targets), InvalidArgumentError, "(while running node 'check')");
  // Fetching with the target runs both; fetching alone does not run check.
  std::vector<Output> fetch{value};
  EXPECT_KILN_ERROR(s.run(fetch, zeros, targets), InvalidArgumentError, "node 'check'");
  EXPECT_EQ(s.run(fetch, zeros)[0].to_vector<int32_t>(), (Ints{0, 2}));
  // A target's missing feed names the target.
  EXPECT_KILN_ERROR(s.run({}, {}, targets), InvalidArgumentError, "'d' (int32 and shape (2,)), needed by group");
}

TEST(Session, ResultsOutliveSessionAndGraph) {
  std::vector<Tensor> out;
  {
    Graph g;
    Output a = g.constant(i32(Ints(1000, 3), Shape{1000}));
    Output x = g.placeholder(int32, Shape{1000});
    Output y = g.op("multiply", {a, x});
    Ints xs(1000);
    for (int i = 0; i < 1000; ++i) xs[size_t(i)] = i;
    auto s = std::make_unique<Session>(g);
    out = s->run({y, a, x}, {{x, i32(xs, Shape{1000})}});
    s.reset();
  }
  ASSERT_EQ(out.size(), 3u);
  Ints y = out[0].to_vector<int32_t>();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(y[size_t(i)], 3 * i);
  EXPECT_EQ(out[1].to_vector<int32_t>(), Ints(1000, 3));
  EXPECT_EQ(out[2].to_vector<int32_t>()[999], 999);
}

TEST(Session, ConcurrentRunsFromManyThreads) {
  // y = x * x + 3 * x - 7 on each thread's own values.
  Graph g;
  Output x = g.placeholder(int32, Shape{kUnknownDim}, "x");
  Output y = g.op("subtract", {g.op("add", {g.op("multiply", {x, x}),
                                            g.op("multiply", {x, g.constant(i32({3}, Shape{}))})}),
                               g.constant(i32({7}, Shape{}))});
  Session s(g);
  s.run({y}, {{x, i32({0}, Shape{1})}});  // compile before the threads race
  std::atomic<int> wrong{0}, runs{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int it = 0; it < 200; ++it) {
        Ints xs;
        for (int i = 0; i < 1 + (it % 17); ++i) xs.push_back(t * 1000 + it * 3 + i - 500);
        Ints got = s.run({y}, {{x, i32(xs, Shape{int64_t(xs.size())})}})[0].to_vector<int32_t>();
        bool ok = got.size() == xs.size();
        for (size_t i = 0; ok && i < xs.size(); ++i) ok = got[i] == xs[i] * xs[i] + 3 * xs[i] - 7;
        if (!ok) ++wrong;
        ++runs;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(runs.load(), 8 * 200);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(s.plans_compiled(), 1);
}

TEST(Session, StatefulRandomOpDrawsNewValuesEachRun) {
  Graph g;
  // shape, dtype, seed, seed2, counter, minval, maxval
  Output r = g.op("random_uniform", {},
                  {std::vector<int64_t>{64}, float32, int64_t{5}, int64_t{6}, int64_t{0}, 0.0, 1.0});
  Session s(g);
  std::vector<float> first = s.run({r})[0].to_vector<float>();
  std::vector<float> second = s.run({r})[0].to_vector<float>();
  EXPECT_EQ(s.plans_compiled(), 1);
  EXPECT_NE(first, second);  // not folded into a constant, and the stream moves on
  for (float v : first) EXPECT_TRUE(v >= 0.0f && v < 1.0f) << v;
  for (float v : second) EXPECT_TRUE(v >= 0.0f && v < 1.0f) << v;
  // The first run draws what eager mode draws with the same seeds.
  EXPECT_EQ(first, random_uniform(Shape{64}, float32, 0, 1, 5, 6, 0).to_vector<float>());

  // The stream belongs to the node in this session, not to one plan: a new
  // fetch list continues it rather than repeating the first draw.
  Output c = g.constant(i32({1}, Shape{1}));
  std::vector<float> third = s.run({r, c})[0].to_vector<float>();
  EXPECT_EQ(s.plans_compiled(), 2);
  EXPECT_NE(third, first);
  EXPECT_NE(third, second);
  // A new session starts the stream again (as a new TF session does).
  Session fresh(g);
  EXPECT_EQ(fresh.run({r, c})[0].to_vector<float>(), first);
}

TEST(Session, RunTimeErrorsKeepTheirTypeAndNameTheNode) {
  Graph g;
  Output x = g.placeholder(int32, Shape::unknown_rank(), "x");
  Output y = g.placeholder(int32, Shape::unknown_rank(), "y");
  Output s_xy = g.op("add", {x, y}, {}, "layer/sum");
  Session s(g);
  // Shapes unknown when built; they clash only when run.
  EXPECT_KILN_ERROR(s.run({s_xy}, {{x, i32({1, 2}, Shape{2})}, {y, i32({1, 2, 3}, Shape{3})}}),
                    InvalidArgumentError, "(while running node 'layer/sum')");
  EXPECT_KILN_ERROR(s.run({s_xy}, {{x, i32({1, 2}, Shape{2})}, {y, i32({1, 2, 3}, Shape{3})}}),
                    InvalidArgumentError, "[add] Incompatible shapes: (2,) and (3,)");
  EXPECT_EQ(s.run({s_xy}, {{x, i32({1, 2}, Shape{2})}, {y, i32({10}, Shape{1})}})[0]
                .to_vector<int32_t>(),
            (Ints{11, 12}));
}

}  // namespace
}  // namespace kiln

#include "kernels/cpu/einsum_equation.h"

#include <algorithm>
#include <map>

#include "kiln/error.h"

namespace kiln::cpu {
namespace {

// A malformed equation is a ValueError, as TF raises it; operands whose
// sizes disagree with it are an InvalidArgumentError (einsum_output_shape).
[[noreturn]] void fail(const std::string& eq, const std::string& what) {
  throw ValueError("[einsum] " + what + " (equation '" + eq + "').");
}

std::string label_name(int label) {
  if (label >= kEllipsisLabel) return "...";
  return std::string(1, static_cast<char>(label));
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

EinsumTerm parse_term(const std::string& eq, const std::string& term) {
  EinsumTerm t;
  for (size_t i = 0; i < term.size(); ++i) {
    char c = term[i];
    if (is_letter(c)) {
      (t.ellipsis ? t.after : t.before).push_back(c);
    } else if (c == '.') {
      if (term.compare(i, 3, "...") != 0) {
        fail(eq, "a '.' must be part of an ellipsis '...'");
      }
      if (t.ellipsis) fail(eq, "a term may hold one '...' at most");
      t.ellipsis = true;
      i += 2;
    } else {
      fail(eq, std::string("invalid character '") + c +
                   "'; subscripts are letters a-z, A-Z and '...', terms are separated by ','"
                   " and the output follows '->'");
    }
  }
  return t;
}

size_t named_axes(const EinsumTerm& t) { return t.before.size() + t.after.size(); }

}  // namespace

EinsumEquation parse_einsum(const std::string& text, size_t operands) {
  EinsumEquation eq;
  eq.text = text;
  std::string s;
  for (char c : text) {
    if (c != ' ') s.push_back(c);
  }
  size_t arrow = s.find("->");
  std::string lhs = s.substr(0, arrow);
  if (arrow != std::string::npos) {
    std::string rhs = s.substr(arrow + 2);
    if (rhs.find("->") != std::string::npos) fail(text, "'->' may appear once only");
    if (rhs.find(',') != std::string::npos) fail(text, "the output is a single term, without ','");
    eq.output = parse_term(text, rhs);
  }
  size_t start = 0;
  while (true) {
    size_t comma = lhs.find(',', start);
    eq.inputs.push_back(parse_term(text, lhs.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (eq.inputs.size() != operands) {
    fail(text, "the equation has " + std::to_string(eq.inputs.size()) + " input term(s) but " +
                   std::to_string(operands) + " operand(s) were given; give one term per operand");
  }
  return eq;
}

EinsumLabels resolve_einsum(const EinsumEquation& eq, std::span<const int64_t> ranks) {
  // How many axes each '...' covers; the widest sets the broadcast rank.
  int64_t wide = 0;
  std::vector<int64_t> covered(ranks.size());
  for (size_t i = 0; i < ranks.size(); ++i) {
    const EinsumTerm& t = eq.inputs[i];
    auto named = static_cast<int64_t>(named_axes(t));
    if (ranks[i] < named || (!t.ellipsis && ranks[i] != named)) {
      fail(eq.text, "operand " + std::to_string(i) + " has rank " + std::to_string(ranks[i]) +
                        " but its term names " + std::to_string(named) + " axes" +
                        (t.ellipsis ? " besides '...'" : "") +
                        "; write one letter per axis, or '...' for the leading axes");
    }
    covered[i] = ranks[i] - named;
    wide = std::max(wide, covered[i]);
  }
  auto expand = [&](const EinsumTerm& t, int64_t n) {
    std::vector<int> labels = t.before;
    for (int64_t j = wide - n; j < wide; ++j) labels.push_back(kEllipsisLabel + static_cast<int>(j));
    labels.insert(labels.end(), t.after.begin(), t.after.end());
    return labels;
  };
  EinsumLabels out;
  std::map<int, int> count;
  for (size_t i = 0; i < ranks.size(); ++i) {
    out.inputs.push_back(expand(eq.inputs[i], covered[i]));
    for (int l : out.inputs.back()) ++count[l];
  }
  if (!eq.output) {  // NumPy's and TF's implicit output: '...', then labels used once, sorted
    for (int64_t j = 0; j < wide; ++j) out.output.push_back(kEllipsisLabel + static_cast<int>(j));
    for (auto [label, n] : count) {
      if (n == 1 && label < kEllipsisLabel) out.output.push_back(label);
    }
    return out;
  }
  out.output = expand(*eq.output, eq.output->ellipsis ? wide : 0);
  std::vector<int> seen;
  for (int l : out.output) {
    if (std::find(seen.begin(), seen.end(), l) != seen.end()) {
      fail(eq.text, "output subscript '" + label_name(l) + "' appears more than once");
    }
    seen.push_back(l);
    if (!count.contains(l)) {
      fail(eq.text, "output subscript '" + label_name(l) + "' appears in no input term");
    }
  }
  return out;
}

Shape einsum_output_shape(const EinsumEquation& eq, std::span<const Shape> shapes) {
  std::vector<int64_t> ranks;
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (shapes[i].has_known_rank()) {
      ranks.push_back(shapes[i].rank());
    } else if (eq.inputs[i].ellipsis) {
      return Shape::unknown_rank();
    } else {
      ranks.push_back(static_cast<int64_t>(named_axes(eq.inputs[i])));
    }
  }
  EinsumLabels labels = resolve_einsum(eq, ranks);
  std::map<int, int64_t> size;  // kUnknownDim while unknown
  for (size_t i = 0; i < shapes.size(); ++i) {
    for (size_t a = 0; a < labels.inputs[i].size(); ++a) {
      int l = labels.inputs[i][a];
      int64_t d = shapes[i].has_known_rank() ? shapes[i].dims()[a] : kUnknownDim;
      auto [it, fresh] = size.emplace(l, d);
      int64_t& s = it->second;
      if (fresh || d == s) continue;
      if (d == kUnknownDim) {  // an unknown '...' axis may broadcast a known 1
        if (l >= kEllipsisLabel && s == 1) s = kUnknownDim;
        continue;
      }
      if (l >= kEllipsisLabel && (d == 1 || s == 1)) {  // '...' axes broadcast
        if (s == 1) s = d;
        continue;
      }
      if (s == kUnknownDim) {
        s = d;
        continue;
      }
      throw InvalidArgumentError(
          "[einsum] subscript '" + label_name(l) + "' stands for sizes " + std::to_string(s) +
          " and " + std::to_string(d) + " (operand " + std::to_string(i) + " has shape " +
          shapes[i].to_string() + "); the axes a subscript names must have one size (equation '" +
          eq.text + "').");
    }
  }
  Dims dims;
  for (int l : labels.output) dims.push_back(size.at(l));
  return Shape(std::move(dims));
}

}  // namespace kiln::cpu

// The .npy preamble and header dict. The dict is a Python literal, but only a
// tiny part of Python's grammar ever appears in one, so a strict hand-written
// parser reads it: dicts, tuples, lists, strings without escapes, decimal
// ints, True/False/None. Every loop is bounded by the input length, recursion
// by kMaxDepth, and integers are overflow-checked, because the bytes come
// from outside.
#include "io/npy_header.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "kiln/error.h"

namespace kiln::io {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int64_t kMaxRank = 64;             // NumPy's NPY_MAXDIMS: no NumPy array has more axes
constexpr int kMaxDepth = 16;                // nesting; real headers use 2 (dict, tuple)
constexpr size_t kArrayAlign = 64;           // numpy.lib.format.ARRAY_ALIGN
constexpr size_t kGrowthAxisMaxDigits = 21;  // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

// Text from a file, made safe and short enough to put in a message.
std::string quoted(std::string_view text, size_t max_len = 80) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size() && i < max_len; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (text.size() > max_len) out += "...";
  return out;
}

std::string_view as_chars(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

[[noreturn]] void fail(const std::string& context, const std::string& message) {
  throw InvalidArgumentError(context + message);
}

// ---- the literal parser ----

struct Literal {
  enum class Kind { kString, kInt, kBool, kNone, kTuple, kList, kDict };
  Kind kind = Kind::kNone;
  std::string_view text;  // the source text, for messages
  std::string_view str;   // kString
  int64_t integer = 0;    // kInt
  bool int_overflow = false;
  bool boolean = false;        // kBool
  std::vector<Literal> items;  // kTuple, kList; kDict: key, value, key, value, ...
};

std::string describe(const Literal& v) {
  static constexpr const char* kNames[] = {"a string", "an int", "a bool", "None",
                                           "a tuple",  "a list", "a dict"};
  static_assert(std::size(kNames) == static_cast<size_t>(Literal::Kind::kDict) + 1,
                "one name per Literal::Kind, in its order");
  return quoted(v.text) + " (" + kNames[static_cast<int>(v.kind)] + ")";
}

class LiteralParser {
 public:
  LiteralParser(std::string_view text, bool allow_long_suffix, const std::string& context)
      : s_(text), allow_long_suffix_(allow_long_suffix), context_(context) {}

  Literal parse() {
    skip_space();
    Literal v = value(0);
    skip_space();
    if (pos_ < s_.size()) error("unexpected text after the dict");
    return v;
  }

 private:
  [[noreturn]] void error(const std::string& what) {
    fail(context_, "the header is not a valid .npy header dict: " + what + " at offset " +
                       std::to_string(pos_) + " in \"" + quoted(s_, 200) + "\"");
  }

  bool at(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  void expect(char c) {
    if (!at(c)) error(std::string("expected '") + c + "'");
    ++pos_;
  }

  Literal value(int depth) {
    if (depth > kMaxDepth) error("values nested more than " + std::to_string(kMaxDepth) + " deep");
    if (pos_ >= s_.size()) error("unexpected end of header");
    size_t start = pos_;
    Literal v;
    char c = s_[pos_];
    if (c == '{')
      v = sequence(depth, '}', Literal::Kind::kDict);
    else if (c == '[')
      v = sequence(depth, ']', Literal::Kind::kList);
    else if (c == '(')
      v = sequence(depth, ')', Literal::Kind::kTuple);
    else if (c == '\'' || c == '"')
      v = string();
    else if (c == '-' || c == '+' || (c >= '0' && c <= '9'))
      v = number();
    else if ((c == 'u' || c == 'U') && pos_ + 1 < s_.size() &&
             (s_[pos_ + 1] == '\'' || s_[pos_ + 1] == '"')) {
      ++pos_;  // u'...' (Python 2 unicode) means the same as '...'
      v = string();
    } else {
      v = word();
    }
    if (!(c == '(' && v.kind != Literal::Kind::kTuple)) v.text = s_.substr(start, pos_ - start);
    return v;
  }

  // {k: v, ...}, [v, ...] or (v, ...), each with an optional trailing comma.
  // A parenthesised single value without a comma is that value, as in Python.
  Literal sequence(int depth, char close, Literal::Kind kind) {
    ++pos_;
    Literal v;
    v.kind = kind;
    bool comma = false;
    for (;;) {
      skip_space();
      if (at(close)) break;
      if (!v.items.empty() && !comma) error(std::string("expected ',' or '") + close + "'");
      v.items.push_back(value(depth + 1));
      skip_space();
      if (kind == Literal::Kind::kDict) {
        expect(':');
        skip_space();
        v.items.push_back(value(depth + 1));
        skip_space();
      }
      comma = at(',');
      if (comma) ++pos_;
    }
    ++pos_;  // the closing bracket
    if (kind == Literal::Kind::kTuple && v.items.size() == 1 && !comma) {
      Literal inner = std::move(v.items[0]);
      return inner;
    }
    return v;
  }

  // Strings in headers are type strings and keys: no escapes are needed, so
  // none are accepted.
  Literal string() {
    char quote = s_[pos_++];
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      if (s_[pos_] == '\\') error("escape sequences in strings are not supported");
      if (s_[pos_] == '\n') error("unterminated string");
      ++pos_;
    }
    if (pos_ >= s_.size()) error("unterminated string");
    Literal v;
    v.kind = Literal::Kind::kString;
    v.str = s_.substr(start, pos_ - start);
    ++pos_;
    return v;
  }

  Literal number() {
    bool negative = s_[pos_] == '-';
    if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
    size_t digits_start = pos_;
    uint64_t magnitude = 0;
    bool overflow = false;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      auto digit = static_cast<uint64_t>(s_[pos_] - '0');
      if (magnitude > (UINT64_MAX - digit) / 10)
        overflow = true;
      else
        magnitude = magnitude * 10 + digit;
      ++pos_;
    }
    size_t n_digits = pos_ - digits_start;
    if (n_digits == 0) error("expected a digit");
    if (n_digits > 1 && s_[digits_start] == '0') error("leading zeros in an int");
    // Python 2 wrote longs as 123L; NumPy still reads such 1.0 and 2.0 files.
    if (allow_long_suffix_ && (at('L') || at('l'))) ++pos_;
    if (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                             s_[pos_] == '.' || s_[pos_] == '_')) {
      error("only decimal ints are supported");
    }
    Literal v;
    v.kind = Literal::Kind::kInt;
    constexpr uint64_t kLimit = static_cast<uint64_t>(INT64_MAX);
    if (overflow || magnitude > kLimit + (negative ? 1 : 0)) {
      v.int_overflow = true;
    } else if (negative) {
      v.integer = magnitude == kLimit + 1 ? INT64_MIN : -static_cast<int64_t>(magnitude);
    } else {
      v.integer = static_cast<int64_t>(magnitude);
    }
    return v;
  }

  Literal word() {
    size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
      ++pos_;
    }
    std::string_view w = s_.substr(start, pos_ - start);
    Literal v;
    if (w == "True" || w == "False") {
      v.kind = Literal::Kind::kBool;
      v.boolean = w == "True";
    } else if (w == "None") {
      v.kind = Literal::Kind::kNone;
    } else {
      pos_ = start;
      error(w.empty() ? "unexpected character '" + quoted(s_.substr(pos_, 1)) + "'"
                      : "unexpected name '" + quoted(w) + "'");
    }
    return v;
  }

  std::string_view s_;
  size_t pos_ = 0;
  bool allow_long_suffix_;
  const std::string& context_;
};

// ---- from the parsed dict to an NpyHeader ----

DType descr_to_dtype(const Literal& descr, bool* byteswap, const std::string& context) {
  if (descr.kind == Literal::Kind::kList) {
    fail(context, "structured (record) dtypes are not supported, found descr " + describe(descr) +
                      "; save each field as its own array");
  }
  if (descr.kind != Literal::Kind::kString) {
    fail(context, "'descr' must be a type string such as '<f4', found " + describe(descr));
  }
  std::string_view t = descr.str;
  bool has_order = !t.empty() && std::string_view("<>|=").find(t[0]) != std::string_view::npos;
  std::string_view body = has_order ? t.substr(1) : t;
  if (!body.empty() && body[0] == 'O') {
    fail(context, "descr '" + quoted(t) +
                      "' is an object array: its data are pickled Python objects, which are not "
                      "supported and never loaded (unpickling can run arbitrary code)");
  }
  auto dtype = DType::from_numpy_typestr(t, byteswap);
  if (!dtype) {
    fail(context, "descr '" + quoted(t) +
                      "' is not a type kiln supports; kiln reads b1, i1, i2, i4, i8, u1, u2, u4, "
                      "u8, f2, f4, f8, c8 and c16 with byte order '<', '>', '|' or '='");
  }
  return *dtype;
}

Dims shape_to_dims(const Literal& shape, DType dtype, const std::string& context) {
  bool ints = shape.kind == Literal::Kind::kTuple;
  for (const Literal& d : shape.items) ints = ints && d.kind == Literal::Kind::kInt;
  if (!ints)
    fail(context, "'shape' must be a tuple of ints such as (2, 3), found " + describe(shape));
  if (static_cast<int64_t>(shape.items.size()) > kMaxRank) {
    fail(context, "shape has " + std::to_string(shape.items.size()) +
                      " dimensions, more than the " + std::to_string(kMaxRank) + " NumPy allows");
  }
  Dims dims;
  for (const Literal& d : shape.items) {
    if (d.int_overflow) {
      fail(context, "shape " + quoted(shape.text) +
                        " has a dimension that does not fit in 64 bits: " + quoted(d.text));
    }
    if (d.integer < 0) {
      fail(context, "shape " + quoted(shape.text) + " has a negative dimension " +
                        std::to_string(d.integer));
    }
    dims.push_back(d.integer);
  }
  if (!dense_span_bytes(dtype, dims)) {
    fail(context, "shape " + quoted(shape.text) + " of " + std::string(dtype.name()) +
                      " needs more bytes than fit in a 64-bit integer; the header is corrupt");
  }
  return dims;
}

NpyHeader dict_to_header(const Literal& dict, const std::string& context) {
  if (dict.kind != Literal::Kind::kDict)
    fail(context, "the header is not a dict, found " + describe(dict));
  const Literal* descr = nullptr;
  const Literal* fortran = nullptr;
  const Literal* shape = nullptr;
  static constexpr const char* kKeys = "'descr', 'fortran_order' and 'shape'";
  for (size_t i = 0; i + 1 < dict.items.size(); i += 2) {
    const Literal& key = dict.items[i];
    if (key.kind != Literal::Kind::kString) {
      fail(context, "header keys must be strings, found " + describe(key));
    }
    const Literal** slot = key.str == "descr"           ? &descr
                           : key.str == "fortran_order" ? &fortran
                           : key.str == "shape"         ? &shape
                                                        : nullptr;
    if (!slot) {
      fail(context, "the header has an unexpected key '" + quoted(key.str) +
                        "'; a .npy header has exactly the keys " + kKeys);
    }
    if (*slot) fail(context, "the header has the key '" + quoted(key.str) + "' twice");
    *slot = &dict.items[i + 1];
  }
  if (!descr || !fortran || !shape) {
    const char* missing = !descr ? "descr" : !fortran ? "fortran_order" : "shape";
    fail(context, std::string("the header has no '") + missing +
                      "' key; a .npy header has exactly the keys " + kKeys);
  }
  NpyHeader h;
  h.dtype = descr_to_dtype(*descr, &h.byteswap, context);
  if (fortran->kind != Literal::Kind::kBool) {
    fail(context, "'fortran_order' must be True or False, found " + describe(*fortran));
  }
  h.fortran_order = fortran->boolean;
  h.shape = shape_to_dims(*shape, h.dtype, context);
  return h;
}

uint32_t read_le(std::span<const std::byte> bytes) {
  uint32_t v = 0;
  for (size_t i = bytes.size(); i-- > 0;) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

}  // namespace

size_t npy_header_length(std::span<const std::byte> prefix, const std::string& context) {
  std::string_view s = as_chars(prefix);
  if (s.empty()) fail(context, "the input is empty; a .npy file starts with \"\\x93NUMPY\"");
  size_t n = std::min(s.size(), kNpyMagicLen);
  if (s.substr(0, n) != std::string_view(kMagic, n)) {
    fail(context, "not a .npy file: it starts with \"" + quoted(s.substr(0, 8)) +
                      "\" instead of \"\\x93NUMPY\"");
  }
  auto too_short = [&](size_t need) {
    fail(context, "the input is too short: " + std::to_string(s.size()) +
                      " bytes, but a .npy preamble needs " + std::to_string(need));
  };
  if (s.size() < kNpyMagicLen + 2) too_short(kNpyMagicLen + 4);
  int major = static_cast<unsigned char>(s[6]);
  int minor = static_cast<unsigned char>(s[7]);
  if (minor != 0 || major < 1 || major > 3) {
    fail(context, "unsupported .npy format version " + std::to_string(major) + "." +
                      std::to_string(minor) + "; kiln reads versions 1.0, 2.0 and 3.0");
  }
  size_t len_bytes = major == 1 ? 2 : 4;
  size_t preamble = kNpyMagicLen + 2 + len_bytes;
  if (s.size() < preamble) too_short(preamble);
  size_t dict_len = read_le(prefix.subspan(kNpyMagicLen + 2, len_bytes));
  if (dict_len > kNpyMaxHeaderDictLen) {
    fail(context, "the header is " + std::to_string(dict_len) + " bytes long, more than the " +
                      std::to_string(kNpyMaxHeaderDictLen) +
                      " NumPy allows; the file is corrupt or not a .npy file");
  }
  return preamble + dict_len;
}

NpyHeader parse_npy_header(std::span<const std::byte> bytes, const std::string& context) {
  size_t total = npy_header_length(bytes, context);
  if (bytes.size() < total) {
    fail(context, "the header extends past the end of the input: it ends at byte " +
                      std::to_string(total) + " but the input has " + std::to_string(bytes.size()) +
                      " bytes");
  }
  int major = static_cast<int>(bytes[6]);
  size_t preamble = major == 1 ? 10 : 12;
  std::string_view dict = as_chars(bytes.subspan(preamble, total - preamble));
  NpyHeader h = dict_to_header(LiteralParser(dict, major <= 2, context).parse(), context);
  h.header_len_total = total;
  return h;
}

std::string format_npy_header(DType dtype, bool fortran_order, const Dims& shape,
                              const std::string& context) {
  std::string_view typestr = dtype.numpy_typestr();
  if (typestr.empty()) {
    fail(context, std::string(dtype.name()) + " has no .npy type; cast to float32 first");
  }
  std::string shape_text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    shape_text += (i ? ", " : "") + std::to_string(shape[i]);
  shape_text += shape.size() == 1 ? ",)" : ")";
  // np.save's exact text: keys sorted, repr values, a trailing ", ", then room
  // for the growth axis to gain digits in place.
  std::string dict = "{'descr': '" + std::string(typestr) +
                     "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                     ", 'shape': " + shape_text + ", }";
  if (!shape.empty()) {
    size_t digits = std::to_string(fortran_order ? shape.back() : shape.front()).size();
    dict.append(kGrowthAxisMaxDigits - std::min(digits, kGrowthAxisMaxDigits), ' ');
  }
  // Pad with spaces and a final '\n' so the data starts on a 64-byte boundary;
  // version 1.0's 2-byte length limits the header to 65535 bytes.
  size_t with_newline = dict.size() + 1;
  size_t len_bytes = 2;
  size_t pad = kArrayAlign - (kNpyMagicLen + 2 + len_bytes + with_newline) % kArrayAlign;
  if (with_newline + pad > 0xffff) {
    len_bytes = 4;
    pad = kArrayAlign - (kNpyMagicLen + 2 + len_bytes + with_newline) % kArrayAlign;
  }
  size_t dict_len = with_newline + pad;
  std::string out(kMagic, kNpyMagicLen);
  out += static_cast<char>(len_bytes == 2 ? 1 : 2);
  out += '\0';
  for (size_t i = 0; i < len_bytes; ++i) out += static_cast<char>((dict_len >> (8 * i)) & 0xff);
  out += dict;
  out.append(pad, ' ');
  out += '\n';
  return out;
}

}  // namespace kiln::io

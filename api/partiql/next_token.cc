#include "api/partiql/next_token.h"

#include <array>

namespace stator::partiql {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) n |= uint8_t(in[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Unbase64(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::array<int, 256> value;
  value.fill(-1);
  for (size_t i = 0; i < kAlphabet.size(); ++i) value[uint8_t(kAlphabet[i])] = int(i);
  std::string out;
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = in[i + j];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        ++pad;
        n <<= 6;
        continue;
      }
      if (pad > 0 || value[uint8_t(c)] < 0) return std::nullopt;
      n = (n << 6) | uint32_t(value[uint8_t(c)]);
    }
    out.push_back(char((n >> 16) & 255));
    if (pad < 2) out.push_back(char((n >> 8) & 255));
    if (pad < 1) out.push_back(char(n & 255));
  }
  return out;
}

void AppendField(std::string_view s, std::string* out) {
  *out += std::to_string(s.size());
  out->push_back(':');
  out->append(s);
}

// Reads "<length>:<bytes>" at *pos.
std::optional<std::string> ReadField(std::string_view in, size_t* pos) {
  const size_t colon = in.find(':', *pos);
  if (colon == std::string_view::npos || colon == *pos || colon - *pos > 9) return std::nullopt;
  size_t length = 0;
  for (size_t i = *pos; i < colon; ++i) {
    if (in[i] < '0' || in[i] > '9') return std::nullopt;
    length = length * 10 + size_t(in[i] - '0');
  }
  if (colon + 1 + length > in.size()) return std::nullopt;
  *pos = colon + 1 + length;
  return std::string(in.substr(colon + 1, length));
}

std::string Hex(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[size_t(i)] = kDigits[v & 15];
  return out;
}

// FNV-1a, 64 bits: a fingerprint, not a defence.
void Mix(std::string_view s, uint64_t* h) {
  for (unsigned char c : s) {
    *h ^= c;
    *h *= 1099511628211ULL;
  }
  *h ^= 0xff;
  *h *= 1099511628211ULL;
}

void MixValue(const AttributeValue& v, uint64_t* h) {
  Mix(TypeDescriptor(v.type()), h);
  switch (v.type()) {
    case AttributeType::kS:
    case AttributeType::kN:
    case AttributeType::kB:
      Mix(v.s(), h);
      break;
    case AttributeType::kBOOL:
      Mix(v.boolean() ? "1" : "0", h);
      break;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      for (const auto& s : v.set()) Mix(s, h);
      break;
    case AttributeType::kL:
      for (const auto& e : v.l()) MixValue(e, h);
      break;
    case AttributeType::kM:
      for (const auto& [k, e] : v.m()) {
        Mix(k, h);
        MixValue(e, h);
      }
      break;
    case AttributeType::kNULL:
      break;
  }
}

Status Invalid() { return Status::Validation("Invalid NextToken"); }

}  // namespace

uint64_t StatementFingerprint(std::string_view statement,
                              const std::vector<AttributeValue>& parameters) {
  uint64_t h = 14695981039346656037ULL;
  Mix(statement, &h);
  for (const auto& p : parameters) MixValue(p, &h);
  return h;
}

std::string EncodeNextToken(uint64_t fingerprint, const PagePosition& p) {
  std::string raw = "1|" + Hex(fingerprint) + "|" + std::to_string(p.position) + "|";
  if (p.exclusive_start) {
    for (const auto& [name, value] : *p.exclusive_start) {
      AppendField(name, &raw);
      raw += TypeDescriptor(value.type());
      AppendField(value.type() == AttributeType::kS || value.type() == AttributeType::kN ||
                          value.type() == AttributeType::kB
                      ? std::string_view(value.s())
                      : std::string_view(),
                  &raw);
    }
  }
  return Base64(raw);
}

Result<PagePosition> DecodeNextToken(std::string_view token, uint64_t fingerprint) {
  auto raw = Unbase64(token);
  if (!raw || raw->size() < 21 || raw->compare(0, 2, "1|") != 0 || (*raw)[18] != '|') {
    return Invalid();
  }
  const size_t bar = raw->find('|', 19);
  if (bar == std::string::npos || bar == 19 || bar - 19 > 9) return Invalid();
  PagePosition p;
  for (size_t i = 19; i < bar; ++i) {
    if ((*raw)[i] < '0' || (*raw)[i] > '9') return Invalid();
    p.position = p.position * 10 + size_t((*raw)[i] - '0');
  }
  size_t pos = bar + 1;
  if (pos < raw->size()) {
    Item key;
    while (pos < raw->size()) {
      auto name = ReadField(*raw, &pos);
      if (!name || pos >= raw->size()) return Invalid();
      const char type = (*raw)[pos++];
      auto value = ReadField(*raw, &pos);
      if (!value) return Invalid();
      if (type == 'S') {
        key.emplace(std::move(*name), AttributeValue::S(std::move(*value)));
      } else if (type == 'N') {
        key.emplace(std::move(*name), AttributeValue::N(std::move(*value)));
      } else if (type == 'B') {
        key.emplace(std::move(*name), AttributeValue::B(std::move(*value)));
      } else {
        return Invalid();
      }
    }
    p.exclusive_start = std::move(key);
  }
  if (raw->substr(2, 16) != Hex(fingerprint)) {
    return Status::Validation("The provided starting key is invalid");
  }
  return p;
}

}  // namespace stator::partiql

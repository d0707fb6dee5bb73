#include "eventstore/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "absl/strings/str_cat.h"

namespace eventstore {
namespace {

// Fetched once: an implicit fetch on every call costs a lookup under a lock.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Hash Sha256(std::initializer_list<absl::string_view> parts) {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  Hash hash{};
  unsigned int length = 0;
  bool ok = Sha256Algorithm() != nullptr && ctx != nullptr &&
            EVP_DigestInit_ex2(ctx.get(), Sha256Algorithm(), nullptr) == 1;
  for (absl::string_view part : parts) {
    ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(ctx.get(), hash.data(), &length) == 1 && length == hash.size();
  // A hash chain with a wrong link is worse than a stopped process.
  if (!ok) std::abort();
  return hash;
}

absl::StatusOr<Hash> Sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return absl::UnavailableError(absl::StrCat("cannot read ", path));
  std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  bool ok = ctx != nullptr && EVP_DigestInit_ex2(ctx.get(), Sha256Algorithm(), nullptr) == 1;
  std::string buffer(1 << 20, '\0');
  while (ok && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    ok = EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount())) == 1;
  }
  if (!in.eof()) return absl::UnavailableError(absl::StrCat("cannot read ", path));
  Hash hash{};
  unsigned int length = 0;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), hash.data(), &length) == 1 && length == hash.size();
  if (!ok) std::abort();
  return hash;
}

std::string HashToHex(const Hash& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(hash.size() * 2);
  for (uint8_t b : hash) {
    text.push_back(kHex[b >> 4]);
    text.push_back(kHex[b & 0xF]);
  }
  return text;
}

absl::StatusOr<Hash> HashFromHex(absl::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Hash hash{};
  if (hex.size() != hash.size() * 2) return absl::InvalidArgumentError("not 64 hex digits");
  for (size_t i = 0; i < hash.size(); ++i) {
    const int high = digit(hex[2 * i]);
    const int low = digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return absl::InvalidArgumentError("not 64 hex digits");
    hash[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return hash;
}

absl::string_view HashBytes(const Hash& hash) {
  return absl::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

}  // namespace eventstore

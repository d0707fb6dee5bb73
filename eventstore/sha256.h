// SHA-256 through OpenSSL 3's EVP interface.
#ifndef AWARD_EVENTSTORE_SHA256_H_
#define AWARD_EVENTSTORE_SHA256_H_

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"

namespace eventstore {

// SHA-256 of the concatenation of `parts`. Thread-safe.
Hash Sha256(std::initializer_list<absl::string_view> parts);

// SHA-256 of a file's bytes; UNAVAILABLE naming the file when it cannot be read.
absl::StatusOr<Hash> Sha256OfFile(const std::string& path);

std::string HashToHex(const Hash& hash);
// The hash HashToHex wrote (either case); INVALID_ARGUMENT unless 64 hex digits.
absl::StatusOr<Hash> HashFromHex(absl::string_view hex);
absl::string_view HashBytes(const Hash& hash);

// The hashes in `all`, each its 32 bytes (as protobuf carries proofs);
// nullopt when one is not 32 bytes.
template <typename Strings>
std::optional<std::vector<Hash>> HashesOf(const Strings& all) {
  std::vector<Hash> hashes;
  for (const std::string& bytes : all) {
    if (bytes.size() != Hash().size()) return std::nullopt;
    std::copy(bytes.begin(), bytes.end(), hashes.emplace_back().begin());
  }
  return hashes;
}

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_SHA256_H_

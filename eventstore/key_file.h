// A signer's key (signed_note.h) kept in a file that only its owner reads:
// the log's key, a witness's. Errors name the file as "<what> PATH: ...".
#ifndef AWARD_EVENTSTORE_KEY_FILE_H_
#define AWARD_EVENTSTORE_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/signed_note.h"

namespace eventstore {

// The key in `path`. NOT_FOUND when there is no file; FAILED_PRECONDITION
// when its group or others may read it; INVALID_ARGUMENT when it holds no key.
absl::StatusOr<note::Signer> LoadSignerFile(const std::string& path, absl::string_view what);

// A new key named `name` of `type`, written to `path` (mode 0600, synced).
// When another process wrote a key there first, that key.
absl::StatusOr<note::Signer> CreateSignerFile(const std::string& path, absl::string_view what,
                                              absl::string_view name, note::KeyType type);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_KEY_FILE_H_

// The whole of a small file (a rule set, a policy, a certificate, a key) as
// one string; secrets kept readable by their owner only; small files
// replaced whole.
#ifndef AWARD_BASE_FILE_CONTENTS_H_
#define AWARD_BASE_FILE_CONTENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace award {

// NOT_FOUND "cannot read PATH: <reason>" when the file cannot be opened or read
// to its end.
absl::StatusOr<std::string> FileContents(const std::string& path);

// A secret kept in a file only its owner may read (a signing or sealing key):
// NOT_FOUND when there is none; FAILED_PRECONDITION, saying "chmod 600 PATH",
// when its group or others may read or write it.
absl::StatusOr<std::string> SecretFileContents(const std::string& path);

// Writes a new secret file, mode 0600, and syncs it; ALREADY_EXISTS when there
// is a file at `path` already, which is never replaced.
absl::Status CreateSecretFile(const std::string& path, const std::string& contents);

// Replaces the file at `path` with `contents` so that a crash leaves either
// the old or the new file whole: a temporary file beside it, synced, renamed
// over it, and the directory synced.
absl::Status ReplaceFileDurably(const std::string& path, const std::string& contents);

}  // namespace award

#endif  // AWARD_BASE_FILE_CONTENTS_H_

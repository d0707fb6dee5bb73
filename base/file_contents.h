// The whole of a small file (a rule set, a policy, a certificate, a key) as
// one string.
#ifndef AWARD_BASE_FILE_CONTENTS_H_
#define AWARD_BASE_FILE_CONTENTS_H_

#include <string>

#include "absl/status/statusor.h"

namespace award {

// NOT_FOUND "cannot read PATH: <reason>" when the file cannot be opened or read
// to its end.
absl::StatusOr<std::string> FileContents(const std::string& path);

}  // namespace award

#endif  // AWARD_BASE_FILE_CONTENTS_H_

// The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the
// log's origin, the tree's size and its root hash, then any extension lines,
// each ending in a newline. Signed as a note (signed_note.h), it is what the
// log commits to and what witnesses cosign.
//
//   example.com/behind-the-sofa
//   20852163
//   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
#ifndef AWARD_EVENTSTORE_CHECKPOINT_H_
#define AWARD_EVENTSTORE_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"

namespace eventstore {

struct Checkpoint {
  std::string origin;                   // non-empty, one line: the log's name and its key's
  uint64_t size = 0;                    // leaves in the tree
  Hash root{};                          // RFC 9162 root of those leaves
  std::vector<std::string> extensions;  // non-empty lines, kept as they are

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// INVALID_ARGUMENT for an empty or multi-line origin or extension.
absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint);

// DATA_LOSS saying which line is wrong: the size is decimal without leading
// zeros, the root base64 of 32 bytes, the text ends with a newline.
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

// The checkpoint a signed note carries, its signatures not checked: to learn
// a size or an origin to ask about, never to trust. DATA_LOSS as above, or
// when it is not a note.
absl::StatusOr<Checkpoint> PeekCheckpoint(absl::string_view signed_note);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_CHECKPOINT_H_

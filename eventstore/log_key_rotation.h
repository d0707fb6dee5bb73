// A new key for the log, announced by the old one. The announcement is a
// signed note (signed_note.h), signed by both keys (the old one vouches for
// the new, the new one shows it is held):
//
//   award-log-key/v1
//   old <the old key's verifier text>
//   new <the new key's verifier text>
//
// The log records it as an event of type LogKeyRotated in the stream
// "log-keys", whose payload is the note, and signs its checkpoints with the
// new key from then on. A verifier who trusts the old key follows the
// announcements to the new one (FollowRotations); the store itself finds its
// former keys from its current one (KeysOfLog), so that the checkpoints it
// signed before still prove its history.
#ifndef AWARD_EVENTSTORE_LOG_KEY_ROTATION_H_
#define AWARD_EVENTSTORE_LOG_KEY_ROTATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/signed_note.h"

namespace eventstore {

inline constexpr absl::string_view kLogKeysStream = "log-keys";
inline constexpr absl::string_view kLogKeyRotatedType = "LogKeyRotated";

// INVALID_ARGUMENT unless both are note signers of one name (the log's origin).
absl::StatusOr<std::string> AnnounceKey(const note::Signer& old_key, const note::Signer& new_key);

struct KeyRotation {
  note::Verifier old_key;
  note::Verifier new_key;
};

// The rotation `announcement` states, once both keys' signatures verify;
// DATA_LOSS saying why not.
absl::StatusOr<KeyRotation> OpenAnnouncement(absl::string_view announcement);

// `trusted`, and every key announced, in order, by a key trusted by then.
std::vector<note::Verifier> FollowRotations(std::vector<note::Verifier> trusted,
                                            const std::vector<std::string>& announcements);

// `current` and the keys before it: each old key whose announcement led,
// through later ones, to `current`.
std::vector<note::Verifier> KeysOfLog(const note::Verifier& current,
                                      const std::vector<std::string>& announcements);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_LOG_KEY_ROTATION_H_

#include "eventstore/log_key_rotation.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace eventstore {
namespace {

constexpr absl::string_view kHeader = "award-log-key/v1";

bool Same(const note::Verifier& a, const note::Verifier& b) {
  return a.type == b.type && a.name == b.name && a.key_hash == b.key_hash &&
         a.public_key == b.public_key;
}

bool Holds(const std::vector<note::Verifier>& keys, const note::Verifier& key) {
  return std::any_of(keys.begin(), keys.end(),
                     [&](const note::Verifier& k) { return Same(k, key); });
}

}  // namespace

absl::StatusOr<std::string> AnnounceKey(const note::Signer& old_key, const note::Signer& new_key) {
  if (old_key.type != note::KeyType::kEd25519 || new_key.type != note::KeyType::kEd25519 ||
      old_key.name != new_key.name) {
    return absl::InvalidArgumentError("a log's keys are note signers of one name, its origin");
  }
  const std::string text = absl::StrCat(kHeader, "\nold ", note::VerifierKeyText(old_key), "\nnew ",
                                        note::VerifierKeyText(new_key), "\n");
  absl::StatusOr<std::string> by_old = note::Sign(text, old_key);
  if (!by_old.ok()) return by_old.status();
  // The second signature line joins the first: a note may carry several.
  absl::StatusOr<std::string> by_new = note::Sign(text, new_key);
  if (!by_new.ok()) return by_new.status();
  return absl::StrCat(*by_old, by_new->substr(text.size() + 1));
}

absl::StatusOr<KeyRotation> OpenAnnouncement(absl::string_view announcement) {
  const size_t blank = announcement.find("\n\n");
  if (blank == absl::string_view::npos) return absl::DataLossError("not a signed note");
  const std::vector<absl::string_view> lines = absl::StrSplit(announcement.substr(0, blank), '\n');
  if (lines.size() != 3 || lines[0] != kHeader || !absl::StartsWith(lines[1], "old ") ||
      !absl::StartsWith(lines[2], "new ")) {
    return absl::DataLossError(absl::StrCat("not an ", kHeader, " announcement"));
  }
  absl::StatusOr<note::Verifier> old_key = note::ParseVerifier(lines[1].substr(4));
  absl::StatusOr<note::Verifier> new_key = note::ParseVerifier(lines[2].substr(4));
  if (!old_key.ok() || !new_key.ok() || old_key->name != new_key->name ||
      old_key->type != note::KeyType::kEd25519 || new_key->type != note::KeyType::kEd25519) {
    return absl::DataLossError("the announcement's keys are not two keys of one log");
  }
  for (const note::Verifier& key : {*old_key, *new_key}) {
    if (absl::StatusOr<note::Opened> opened = note::Open(announcement, {key}); !opened.ok()) {
      return absl::DataLossError(
          absl::StrCat("the announcement is not signed by both keys: ", opened.status().message()));
    }
  }
  return KeyRotation{*old_key, *new_key};
}

std::vector<note::Verifier> FollowRotations(std::vector<note::Verifier> trusted,
                                            const std::vector<std::string>& announcements) {
  for (const std::string& announcement : announcements) {
    absl::StatusOr<KeyRotation> rotation = OpenAnnouncement(announcement);
    if (rotation.ok() && Holds(trusted, rotation->old_key) && !Holds(trusted, rotation->new_key)) {
      trusted.push_back(rotation->new_key);
    }
  }
  return trusted;
}

std::vector<note::Verifier> KeysOfLog(const note::Verifier& current,
                                      const std::vector<std::string>& announcements) {
  std::vector<note::Verifier> keys = {current};
  for (auto it = announcements.rbegin(); it != announcements.rend(); ++it) {
    absl::StatusOr<KeyRotation> rotation = OpenAnnouncement(*it);
    if (rotation.ok() && Holds(keys, rotation->new_key) && !Holds(keys, rotation->old_key)) {
      keys.push_back(rotation->old_key);
    }
  }
  return keys;
}

}  // namespace eventstore

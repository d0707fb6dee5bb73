#include "services/council/ballot_key_file.h"

#include "absl/strings/str_cat.h"
#include "base/file_contents.h"

namespace award::council {
namespace {

absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path) {
  absl::StatusOr<std::string> secret = SecretFileContents(path);
  if (!absl::IsNotFound(secret.status())) return secret;
  std::string fresh = BallotSeal::NewSecret();
  absl::Status created = CreateSecretFile(path, fresh);
  // Another instance created it meanwhile: theirs is the key.
  if (absl::IsAlreadyExists(created)) return SecretFileContents(path);
  if (!created.ok()) return created;
  return fresh;
}

}  // namespace

absl::StatusOr<BallotSeal> LoadOrCreateBallotSeal(const std::string& path) {
  absl::StatusOr<std::string> secret = LoadOrCreateSecret(path);
  absl::StatusOr<BallotSeal> seal = secret.ok() ? BallotSeal::Create(*secret) : secret.status();
  if (!seal.ok()) {
    return absl::Status(seal.status().code(),
                        absl::StrCat("ballot key file ", path, ": ", seal.status().message()));
  }
  return seal;
}

}  // namespace award::council

#include "eventstore/key_file.h"

#include "absl/strings/str_cat.h"
#include "base/file_contents.h"

namespace eventstore {
namespace {

absl::Status Named(const absl::Status& status, absl::string_view what, const std::string& path) {
  return absl::Status(status.code(), absl::StrCat(what, " ", path, ": ", status.message()));
}

}  // namespace

absl::StatusOr<note::Signer> LoadSignerFile(const std::string& path, absl::string_view what) {
  absl::StatusOr<std::string> text = award::SecretFileContents(path);
  if (!text.ok()) return Named(text.status(), what, path);
  absl::StatusOr<note::Signer> key = note::ParseSigner(*text);
  if (!key.ok()) return Named(key.status(), what, path);
  return key;
}

absl::StatusOr<note::Signer> CreateSignerFile(const std::string& path, absl::string_view what,
                                              absl::string_view name, note::KeyType type) {
  absl::StatusOr<note::Signer> fresh = note::GenerateSigner(name, type);
  if (!fresh.ok()) return Named(fresh.status(), what, path);
  const absl::Status created = award::CreateSecretFile(path, note::SignerKeyText(*fresh));
  if (absl::IsAlreadyExists(created)) return LoadSignerFile(path, what);
  if (!created.ok()) return Named(created, what, path);
  return fresh;
}

}  // namespace eventstore

// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, the
// format the log's checkpoints and its witnesses' cosignatures are written
// in: a text ending in a newline, a blank line, then one line per signature,
//
//   — <key name> <base64(key hash (4 bytes) || Ed25519 signature (64 bytes))>
//
// where the key hash is the first four bytes of
// SHA-256(key name || "\n" || 0x01 || public key). Keys are written as C2SP
// gives them: "PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>" for the
// signer (a file only its owner reads) and "<name>+<hash>+<base64(0x01 ||
// public key)>" for a verifier. Ed25519 through OpenSSL 3.
//
// A witness's key is of type 0x04 (C2SP tlog-cosignature/v1): its lines sign
// "cosignature/v1\ntime <unix seconds>\n" followed by the note's text, and
// carry the time: base64(key hash || u64 time || signature).
#ifndef AWARD_EVENTSTORE_SIGNED_NOTE_H_
#define AWARD_EVENTSTORE_SIGNED_NOTE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace eventstore::note {

enum class KeyType : uint8_t {
  kEd25519 = 0x01,        // signs notes: the log's checkpoints
  kCosignatureV1 = 0x04,  // cosigns checkpoints: a witness
};

struct Signer {
  KeyType type = KeyType::kEd25519;
  std::string name;
  uint32_t key_hash = 0;
  std::array<uint8_t, 32> seed{};
  std::array<uint8_t, 32> public_key{};
};

struct Verifier {
  KeyType type = KeyType::kEd25519;
  std::string name;
  uint32_t key_hash = 0;
  std::array<uint8_t, 32> public_key{};
};

// A new Ed25519 key named `name` (a log's origin, e.g. "award.gov.vn/log",
// or a witness's name).
absl::StatusOr<Signer> GenerateSigner(absl::string_view name, KeyType type = KeyType::kEd25519);

// INVALID_ARGUMENT saying what is wrong with the key's text.
absl::StatusOr<Signer> ParseSigner(absl::string_view private_key);
absl::StatusOr<Verifier> ParseVerifier(absl::string_view verifier_key);

std::string SignerKeyText(const Signer& signer);
std::string VerifierKeyText(const Signer& signer);
Verifier VerifierOf(const Signer& signer);

// `text` (ending in a newline, no line starting with "— " after a blank one)
// signed by `signer`: the note's bytes.
absl::StatusOr<std::string> Sign(absl::string_view text, const Signer& signer);

// `text` (a checkpoint's body) cosigned by the witness `signer` at
// `timestamp` (unix seconds): one signature line, ending in a newline, to
// add to the note.
absl::StatusOr<std::string> Cosign(absl::string_view text, const Signer& signer,
                                   uint64_t timestamp);

// A signature on `note` by a key the verifier knows.
struct Opened {
  std::string text;
  std::vector<std::string> signed_by;  // names of the verifiers whose signatures check out
  struct Cosignature {
    std::string name;
    uint64_t timestamp = 0;
  };
  std::vector<Cosignature> cosigned_by;  // those of them that are witnesses' cosignatures
  std::vector<std::string> lines;        // the verified signature lines, each ending in "\n"
};

// The note's text when at least one of its signatures verifies with one of
// `verifiers`; signatures by unknown keys are passed over. DATA_LOSS saying
// why otherwise (malformed, no known signature, a known key's signature
// that does not verify).
absl::StatusOr<Opened> Open(absl::string_view note, const std::vector<Verifier>& verifiers);

}  // namespace eventstore::note

#endif  // AWARD_EVENTSTORE_SIGNED_NOTE_H_

#include "eventstore/signed_note.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "eventstore/sha256.h"

namespace eventstore::note {
namespace {

constexpr absl::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr absl::string_view kDash = "\xE2\x80\x94 ";  // "— ": an em dash and a space

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

absl::string_view Bytes(const std::array<uint8_t, 32>& key) {
  return absl::string_view(reinterpret_cast<const char*>(key.data()), key.size());
}

// The first four bytes of `bytes`, big-endian: how a key hash is written.
uint32_t BigEndian32(const void* bytes) {
  const auto* b = static_cast<const uint8_t*>(bytes);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

uint32_t KeyHash(KeyType type, absl::string_view name, const std::array<uint8_t, 32>& public_key) {
  const char alg = static_cast<char>(type);
  const Hash hash = Sha256({name, "\n", absl::string_view(&alg, 1), Bytes(public_key)});
  return BigEndian32(hash.data());
}

// A key name is non-empty UTF-8 without spaces or '+' (C2SP signed-note).
bool ValidName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '+' || absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::array<uint8_t, 32>> PublicKeyOf(const std::array<uint8_t, 32>& seed) {
  PKey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
           EVP_PKEY_free);
  std::array<uint8_t, 32> public_key{};
  size_t length = public_key.size();
  if (key == nullptr || EVP_PKEY_get_raw_public_key(key.get(), public_key.data(), &length) != 1 ||
      length != public_key.size()) {
    return absl::InternalError("OpenSSL could not make an Ed25519 key");
  }
  return public_key;
}

// "<name>+<8 hex>+<base64(type || 32 bytes)>": the name, the key hash, the
// type and the 32 key bytes. The caller checks the hash against the public key.
absl::Status ParseKey(absl::string_view text, KeyType& type, std::string& name, uint32_t& key_hash,
                      std::array<uint8_t, 32>& key_bytes) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits('+', 2));
  if (parts.size() != 3 || !ValidName(parts[0]) || parts[1].size() != 8) {
    return absl::InvalidArgumentError("a key is <name>+<8 hex digits>+<base64>");
  }
  name = std::string(parts[0]);
  std::string hash_bytes;
  // HexStringToBytes takes anything: only a round trip shows it was hex.
  if ((hash_bytes = absl::HexStringToBytes(parts[1])).size() != 4 ||
      absl::BytesToHexString(hash_bytes) != absl::AsciiStrToLower(parts[1])) {
    return absl::InvalidArgumentError("the key hash is 8 hex digits");
  }
  key_hash = BigEndian32(hash_bytes.data());
  std::string decoded;
  if (!absl::Base64Unescape(parts[2], &decoded) || decoded.size() != 33 ||
      (static_cast<uint8_t>(decoded[0]) != static_cast<uint8_t>(KeyType::kEd25519) &&
       static_cast<uint8_t>(decoded[0]) != static_cast<uint8_t>(KeyType::kCosignatureV1))) {
    return absl::InvalidArgumentError(
        "the key material is base64 of 0x01 (a signer) or 0x04 (a witness) and 32 Ed25519 bytes");
  }
  type = static_cast<KeyType>(decoded[0]);
  std::copy(decoded.begin() + 1, decoded.end(), key_bytes.begin());
  return absl::OkStatus();
}

std::string KeyText(KeyType type, absl::string_view name, uint32_t key_hash,
                    const std::array<uint8_t, 32>& key) {
  const char alg = static_cast<char>(type);
  return absl::StrCat(name, "+", absl::StrFormat("%08x", key_hash), "+",
                      absl::Base64Escape(absl::StrCat(absl::string_view(&alg, 1), Bytes(key))));
}

std::string BigEndian64Bytes(uint64_t value) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (56 - 8 * i));
  return bytes;
}

// What a cosignature signs: a header, the time, then the note's text.
std::string CosignedMessage(absl::string_view text, uint64_t timestamp) {
  return absl::StrCat("cosignature/v1\ntime ", timestamp, "\n", text);
}

absl::StatusOr<std::string> Ed25519Signature(absl::string_view message,
                                             const std::array<uint8_t, 32>& seed) {
  PKey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
           EVP_PKEY_free);
  DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (key == nullptr || context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<uint8_t*>(signature.data()), &length,
                     reinterpret_cast<const uint8_t*>(message.data()), message.size()) != 1 ||
      length != signature.size()) {
    return absl::InternalError("OpenSSL could not sign with Ed25519");
  }
  return signature;
}

bool Ed25519Verifies(absl::string_view message, absl::string_view signature,
                     const std::array<uint8_t, 32>& public_key) {
  PKey key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()),
      EVP_PKEY_free);
  DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return signature.size() == 64 && key != nullptr && context != nullptr &&
         EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const uint8_t*>(signature.data()), 64,
                          reinterpret_cast<const uint8_t*>(message.data()), message.size()) == 1;
}

// "— <name> base64(key hash || between || signature)\n".
std::string SignatureLine(const Signer& signer, absl::string_view between,
                          absl::string_view signature) {
  std::string blob(4, '\0');
  for (int i = 0; i < 4; ++i) blob[i] = static_cast<char>(signer.key_hash >> (24 - 8 * i));
  absl::StrAppend(&blob, between, signature);
  return absl::StrCat(kDash, signer.name, " ", absl::Base64Escape(blob), "\n");
}

absl::Status Malformed(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("not a signed note: ", why));
}

}  // namespace

absl::StatusOr<Signer> GenerateSigner(absl::string_view name, KeyType type) {
  if (!ValidName(name)) return absl::InvalidArgumentError("a key name has no space and no '+'");
  Signer signer;
  signer.type = type;
  signer.name = std::string(name);
  if (RAND_bytes(signer.seed.data(), static_cast<int>(signer.seed.size())) != 1) {
    return absl::InternalError("no random bytes for a key");
  }
  absl::StatusOr<std::array<uint8_t, 32>> public_key = PublicKeyOf(signer.seed);
  if (!public_key.ok()) return public_key.status();
  signer.public_key = *public_key;
  signer.key_hash = KeyHash(signer.type, signer.name, signer.public_key);
  return signer;
}

absl::StatusOr<Signer> ParseSigner(absl::string_view private_key) {
  absl::string_view text = absl::StripAsciiWhitespace(private_key);
  if (!absl::ConsumePrefix(&text, kPrivatePrefix)) {
    return absl::InvalidArgumentError("a signer key starts with PRIVATE+KEY+");
  }
  Signer signer;
  if (absl::Status parsed = ParseKey(text, signer.type, signer.name, signer.key_hash, signer.seed);
      !parsed.ok()) {
    return parsed;
  }
  absl::StatusOr<std::array<uint8_t, 32>> public_key = PublicKeyOf(signer.seed);
  if (!public_key.ok()) return public_key.status();
  signer.public_key = *public_key;
  if (KeyHash(signer.type, signer.name, signer.public_key) != signer.key_hash) {
    return absl::InvalidArgumentError("the key hash does not match the key");
  }
  return signer;
}

absl::StatusOr<Verifier> ParseVerifier(absl::string_view verifier_key) {
  Verifier verifier;
  if (absl::Status parsed = ParseKey(absl::StripAsciiWhitespace(verifier_key), verifier.type,
                                     verifier.name, verifier.key_hash, verifier.public_key);
      !parsed.ok()) {
    return parsed;
  }
  if (KeyHash(verifier.type, verifier.name, verifier.public_key) != verifier.key_hash) {
    return absl::InvalidArgumentError("the key hash does not match the key");
  }
  return verifier;
}

std::string SignerKeyText(const Signer& signer) {
  return absl::StrCat(kPrivatePrefix,
                      KeyText(signer.type, signer.name, signer.key_hash, signer.seed));
}

std::string VerifierKeyText(const Signer& signer) {
  return KeyText(signer.type, signer.name, signer.key_hash, signer.public_key);
}

Verifier VerifierOf(const Signer& signer) {
  return Verifier{signer.type, signer.name, signer.key_hash, signer.public_key};
}

absl::StatusOr<std::string> Sign(absl::string_view text, const Signer& signer) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("a note's text ends with a newline");
  }
  if (signer.type != KeyType::kEd25519) {
    return absl::InvalidArgumentError("a witness's key cosigns (Cosign), it does not sign notes");
  }
  absl::StatusOr<std::string> signature = Ed25519Signature(text, signer.seed);
  if (!signature.ok()) return signature.status();
  return absl::StrCat(text, "\n", SignatureLine(signer, "", *signature));
}

absl::StatusOr<std::string> Cosign(absl::string_view text, const Signer& signer,
                                   uint64_t timestamp) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("a note's text ends with a newline");
  }
  if (signer.type != KeyType::kCosignatureV1) {
    return absl::InvalidArgumentError("only a witness's key (type 0x04) cosigns");
  }
  if (timestamp > (uint64_t{1} << 63) - 1) return absl::InvalidArgumentError("time out of range");
  absl::StatusOr<std::string> signature =
      Ed25519Signature(CosignedMessage(text, timestamp), signer.seed);
  if (!signature.ok()) return signature.status();
  return SignatureLine(signer, BigEndian64Bytes(timestamp), *signature);
}

absl::StatusOr<Opened> Open(absl::string_view note, const std::vector<Verifier>& verifiers) {
  const size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos) return Malformed("no blank line before the signatures");
  if (note.empty() || note.back() != '\n') return Malformed("it does not end with a newline");
  Opened opened;
  opened.text = std::string(note.substr(0, split + 1));
  absl::string_view lines = note.substr(split + 2, note.size() - split - 3);
  bool known = false;
  for (absl::string_view line : absl::StrSplit(lines, '\n')) {
    if (!absl::ConsumePrefix(&line, kDash)) return Malformed("a signature line starts with '— '");
    const size_t space = line.find(' ');
    if (space == absl::string_view::npos) return Malformed("a signature line names its key");
    const absl::string_view name = line.substr(0, space);
    std::string blob;
    if (!absl::Base64Unescape(line.substr(space + 1), &blob) || blob.size() < 5) {
      return Malformed("a signature is base64 of a key hash and the signature");
    }
    const uint32_t key_hash = BigEndian32(blob.data());
    for (const Verifier& verifier : verifiers) {
      if (verifier.name != name || verifier.key_hash != key_hash) continue;
      known = true;
      bool verified = false;
      if (verifier.type == KeyType::kCosignatureV1) {
        const uint64_t timestamp =
            blob.size() == 76
                ? (uint64_t{BigEndian32(blob.data() + 4)} << 32) | BigEndian32(blob.data() + 8)
                : 0;
        verified = blob.size() == 76 && timestamp <= (uint64_t{1} << 63) - 1 &&
                   Ed25519Verifies(CosignedMessage(opened.text, timestamp),
                                   absl::string_view(blob).substr(12), verifier.public_key);
        if (verified) opened.cosigned_by.push_back({verifier.name, timestamp});
      } else {
        verified =
            blob.size() == 68 &&
            Ed25519Verifies(opened.text, absl::string_view(blob).substr(4), verifier.public_key);
      }
      if (!verified) {
        return absl::DataLossError(
            absl::StrCat("the signature of ", verifier.name, " does not verify"));
      }
      opened.signed_by.push_back(verifier.name);
      opened.lines.push_back(absl::StrCat(kDash, line, "\n"));
    }
  }
  if (!known) return absl::DataLossError("no signature by a known key");
  return opened;
}

}  // namespace eventstore::note

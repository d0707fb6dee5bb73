#include "services/council/domain/ballot_seal.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "eventstore/errors.h"

namespace award::council {
namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string Aad(const BallotPlace& place) {
  return absl::StrCat(place.agenda_id, std::string(1, '\0'), place.nomination_id,
                      std::string(1, '\0'), place.member_id);
}

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

absl::StatusOr<BallotSeal> BallotSeal::Create(absl::string_view secret) {
  if (secret.size() != kSecretBytes) {
    return eventstore::InvalidField("ballot_secret",
                                    absl::StrCat("must be ", kSecretBytes, " bytes"));
  }
  return BallotSeal(std::string(secret));
}

std::string BallotSeal::NewSecret() {
  std::string secret(kSecretBytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size()));
  return secret;
}

std::string BallotSeal::KeyFor(absl::string_view agenda_id) const {
  const std::string label = absl::StrCat("award.v1 ballot seal", std::string(1, '\0'), agenda_id);
  std::string key(32, '\0');
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), Bytes(label), label.size(),
       reinterpret_cast<unsigned char*>(key.data()), &length);
  return key;
}

absl::StatusOr<std::string> BallotSeal::Seal(const BallotPlace& place,
                                             v1::BallotChoice choice) const {
  const std::string key = KeyFor(place.agenda_id);
  const std::string aad = Aad(place);
  std::string envelope(kEnvelopeBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(envelope.data());
  if (RAND_bytes(out, kNonceBytes) != 1) return absl::InternalError("no random nonce");
  const unsigned char plain = static_cast<unsigned char>(choice);
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), out) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, Bytes(aad), static_cast<int>(aad.size())) !=
          1 ||
      EVP_EncryptUpdate(ctx.get(), out + kNonceBytes, &length, &plain, 1) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + kNonceBytes + 1, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, out + kNonceBytes + 1) != 1) {
    return absl::InternalError("sealing a ballot failed");
  }
  return envelope;
}

absl::StatusOr<v1::BallotChoice> BallotSeal::Open(const BallotPlace& place,
                                                  absl::string_view envelope) const {
  const auto broken = [&] {
    return absl::DataLossError(absl::StrCat("the sealed ballot of member ", place.member_id,
                                            " on item ", place.nomination_id, " of ",
                                            place.agenda_id, " does not open"));
  };
  if (envelope.size() != kEnvelopeBytes) return broken();
  const std::string key = KeyFor(place.agenda_id);
  const std::string aad = Aad(place);
  std::string tag(envelope.substr(kNonceBytes + 1, kTagBytes));
  unsigned char plain = 0;
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(envelope)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, Bytes(aad), static_cast<int>(aad.size())) !=
          1 ||
      EVP_DecryptUpdate(ctx.get(), &plain, &length, Bytes(envelope) + kNonceBytes, 1) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), &plain + 1, &length) != 1) {
    return broken();
  }
  if (plain < v1::BALLOT_CHOICE_AGREE || plain > v1::BALLOT_CHOICE_ABSTAIN) return broken();
  return static_cast<v1::BallotChoice>(plain);
}

}  // namespace award::council

// A log's new key, announced by the old one: the announcement carries both
// keys' signatures; a verifier holding the old key follows it (and a chain of
// them) to the new one, but never follows one its keys did not sign; the log
// finds its former keys from its current one.
#include "eventstore/log_key_rotation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace eventstore {
namespace {

using note::Signer;
using note::Verifier;

bool Trusts(const std::vector<Verifier>& keys, const Signer& key) {
  for (const Verifier& k : keys) {
    if (k.key_hash == key.key_hash && k.public_key == key.public_key) return true;
  }
  return false;
}

TEST(LogKeyRotationTest, AnAnnouncementCarriesBothSignaturesAndIsFollowedInOrder) {
  const Signer first = *note::GenerateSigner("lamson.example/log");
  const Signer second = *note::GenerateSigner("lamson.example/log");
  const Signer third = *note::GenerateSigner("lamson.example/log");
  const std::string one = *AnnounceKey(first, second);
  const std::string two = *AnnounceKey(second, third);
  absl::StatusOr<KeyRotation> rotation = OpenAnnouncement(one);
  ASSERT_TRUE(rotation.ok()) << rotation.status();
  EXPECT_EQ(rotation->old_key.key_hash, first.key_hash);
  EXPECT_EQ(rotation->new_key.key_hash, second.key_hash);
  // Each key alone opens it: both signed.
  EXPECT_TRUE(note::Open(one, {note::VerifierOf(first)}).ok());
  EXPECT_TRUE(note::Open(one, {note::VerifierOf(second)}).ok());

  const std::vector<Verifier> trusted = FollowRotations({note::VerifierOf(first)}, {one, two});
  EXPECT_EQ(trusted.size(), 3u);
  EXPECT_TRUE(Trusts(trusted, third));
  // Out of order, the second announcement comes before its old key is trusted.
  EXPECT_FALSE(Trusts(FollowRotations({note::VerifierOf(first)}, {two, one}), third));
  // The log, from its current key, finds the ones before.
  const std::vector<Verifier> former = KeysOfLog(note::VerifierOf(third), {one, two});
  EXPECT_TRUE(Trusts(former, first) && Trusts(former, second));
}

TEST(LogKeyRotationTest, AnnouncementsItsKeysDidNotBothSignAreNotFollowed) {
  const Signer log = *note::GenerateSigner("lamson.example/log");
  const Signer attacker = *note::GenerateSigner("lamson.example/log");
  const Signer other = *note::GenerateSigner("lamson.example/log");
  // Announced by the attacker's key alone, naming the log's key as the old one.
  const std::string text = absl::StrCat("award-log-key/v1\nold ", note::VerifierKeyText(log),
                                        "\nnew ", note::VerifierKeyText(attacker), "\n");
  const std::string forged = *note::Sign(text, attacker);
  EXPECT_FALSE(OpenAnnouncement(forged).ok());
  EXPECT_EQ(FollowRotations({note::VerifierOf(log)}, {forged}).size(), 1u);
  // Signed by the attacker's and another key, not the log's.
  const std::string unrelated = *AnnounceKey(other, attacker);
  EXPECT_EQ(FollowRotations({note::VerifierOf(log)}, {unrelated}).size(), 1u);
  // A rewritten header, or two names, is not an announcement.
  const Signer elsewhere = *note::GenerateSigner("elsewhere.example/log");
  EXPECT_FALSE(AnnounceKey(log, elsewhere).ok());
  EXPECT_FALSE(OpenAnnouncement(*note::Sign("award-log-key/v2\nold a\nnew b\n", log)).ok());
}

}  // namespace
}  // namespace eventstore

// C2SP signed notes against the reference of golang.org/x/mod/sumdb/note: its
// example key signs its example text to the very bytes Go prints (Ed25519 is
// deterministic), and the note opens with its verifier key; then every way a
// note or a key can be spoiled is refused.
#include "eventstore/signed_note.h"

#include <string>

#include "gtest/gtest.h"

namespace eventstore::note {
namespace {

constexpr char kSignerKey[] =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr char kVerifierKey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr char kNote[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

TEST(SignedNoteTest, SignsTheReferenceTextToTheReferenceNoteAndOpensIt) {
  absl::StatusOr<Signer> signer = ParseSigner(kSignerKey);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(VerifierKeyText(*signer), kVerifierKey);
  EXPECT_EQ(SignerKeyText(*signer), kSignerKey);
  absl::StatusOr<std::string> note = Sign(kText, *signer);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(*note, kNote);

  absl::StatusOr<Verifier> verifier = ParseVerifier(kVerifierKey);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  absl::StatusOr<Opened> opened = Open(kNote, {*verifier});
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->text, kText);
  EXPECT_EQ(opened->signed_by, std::vector<std::string>{"PeterNeumann"});
}

TEST(SignedNoteTest, ASpoiledNoteOrAnotherKeyIsRefused) {
  const Verifier verifier = *ParseVerifier(kVerifierKey);
  std::string altered = kNote;
  altered.replace(altered.find("cryptography"), 12, "cryptographY");
  EXPECT_EQ(Open(altered, {verifier}).status().code(), absl::StatusCode::kDataLoss);
  std::string resigned = kNote;
  resigned[resigned.size() - 10] ^= 1;  // a bit of the signature
  EXPECT_EQ(Open(resigned, {verifier}).status().code(), absl::StatusCode::kDataLoss);
  const Signer other = *GenerateSigner("PeterNeumann");
  EXPECT_FALSE(Open(kNote, {VerifierOf(other)}).ok());  // same name, another key
  EXPECT_FALSE(Open("no signatures\n", {verifier}).ok());
  EXPECT_FALSE(Open(std::string(kText) + "\nPeterNeumann abc\n", {verifier}).ok());
  EXPECT_FALSE(Sign("no final newline", other).ok());
}

TEST(SignedNoteTest, AGeneratedKeyRoundTripsThroughItsTextAndSignsNotes) {
  absl::StatusOr<Signer> signer = GenerateSigner("award.example/log");
  ASSERT_TRUE(signer.ok()) << signer.status();
  absl::StatusOr<Signer> again = ParseSigner(SignerKeyText(*signer));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->public_key, signer->public_key);
  absl::StatusOr<Verifier> verifier = ParseVerifier(VerifierKeyText(*signer));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  const std::string checkpoint = "award.example/log\n42\nAAAA\n";
  absl::StatusOr<std::string> note = Sign(checkpoint, *signer);
  ASSERT_TRUE(note.ok());
  absl::StatusOr<Opened> opened = Open(*note, {*verifier});
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->text, checkpoint);
}

TEST(SignedNoteTest, MalformedKeysAreRefused) {
  for (const char* bad : {"", "PeterNeumann", "PeterNeumann+c74f20a3",
                          "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                          "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                          "PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                          "PeterNeumann+c74f20zz+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"}) {
    EXPECT_FALSE(ParseVerifier(bad).ok()) << bad;
  }
  EXPECT_FALSE(ParseSigner(kVerifierKey).ok());
  EXPECT_FALSE(
      ParseSigner("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
          .ok());
}

}  // namespace
}  // namespace eventstore::note

// C2SP signed notes against the reference of golang.org/x/mod/sumdb/note: its
// example key signs its example text to the very bytes Go prints (Ed25519 is
// deterministic), and the note opens with its verifier key; then every way a
// note or a key can be spoiled is refused.
#include "eventstore/signed_note.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
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

// C2SP tlog-cosignature/v1: a witness's line signs "cosignature/v1", the
// time and the note's text, under a key hash of type 0x04, and carries the time.
TEST(SignedNoteTest, AWitnessCosignsAtATimeAndOnlyThatTimeAndTextVerify) {
  const Signer log = *GenerateSigner("award.example/log");
  absl::StatusOr<Signer> witness = GenerateSigner("witness.example/w1", KeyType::kCosignatureV1);
  ASSERT_TRUE(witness.ok()) << witness.status();
  // The witness's key text says 0x04 and round-trips; the same bytes as a
  // note signer's key would have another hash.
  absl::StatusOr<Verifier> verifier = ParseVerifier(VerifierKeyText(*witness));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ(verifier->type, KeyType::kCosignatureV1);
  EXPECT_EQ(ParseSigner(SignerKeyText(*witness))->type, KeyType::kCosignatureV1);
  const std::string text_key = VerifierKeyText(*witness);
  // After the name and the hash (base64 may hold '+' too).
  const size_t material_at = text_key.find('+', text_key.find('+') + 1) + 1;
  std::string material;
  ASSERT_TRUE(absl::Base64Unescape(text_key.substr(material_at), &material));
  EXPECT_EQ(material[0], '\x04');
  // Its hash binds the type: the same bytes claimed as a note signer's key do not parse.
  const std::string as_note_signer =
      text_key.substr(0, material_at) +
      absl::Base64Escape(std::string(1, '\x01') + material.substr(1));
  EXPECT_FALSE(ParseVerifier(as_note_signer).ok());

  const std::string text = "award.example/log\n42\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const std::string note = *Sign(text, log);
  absl::StatusOr<std::string> line = Cosign(text, *witness, 1679315147);
  ASSERT_TRUE(line.ok()) << line.status();
  // "— <name> base64(key hash (4) || time (8, big-endian) || signature (64))".
  ASSERT_EQ(line->rfind("\xE2\x80\x94 witness.example/w1 ", 0), 0u) << *line;
  std::string blob;
  ASSERT_TRUE(absl::Base64Unescape(line->substr(line->find(' ', 4) + 1, 104), &blob));
  ASSERT_EQ(blob.size(), 76u);
  EXPECT_EQ(blob.substr(4, 8), std::string("\0\0\0\0\x64\x18\x50\xcb", 8));
  absl::StatusOr<Opened> opened = Open(note + *line, {VerifierOf(log), *verifier});
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->signed_by.size(), 2u);
  ASSERT_EQ(opened->cosigned_by.size(), 1u);
  EXPECT_EQ(opened->cosigned_by[0].name, "witness.example/w1");
  EXPECT_EQ(opened->cosigned_by[0].timestamp, 1679315147u);
  EXPECT_EQ(opened->lines.size(), 2u);

  // Another time in the line, or another text under it, does not verify.
  std::string moved = blob;
  moved[11] ^= 0x01;
  const std::string moved_line =
      absl::StrCat("\xE2\x80\x94 witness.example/w1 ", absl::Base64Escape(moved), "\n");
  EXPECT_FALSE(Open(note + moved_line, {*verifier}).ok());
  const std::string other = *Sign("award.example/log\n43\nAAAA\n", log);
  EXPECT_FALSE(Open(other + *line, {*verifier}).ok());
  // A witness's key does not sign notes, nor a log's key cosign.
  EXPECT_FALSE(Sign(text, *witness).ok());
  EXPECT_FALSE(Cosign(text, log, 1).ok());
}

}  // namespace
}  // namespace eventstore::note

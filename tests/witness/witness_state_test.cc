// The witness's rules on a real state directory: it cosigns a log's first
// checkpoint and each one a consistency proof ties to the last, keeps what it
// cosigned across restarts, never cosigns a smaller tree or another history
// (and keeps the log-signed evidence), and refuses checkpoints it cannot
// trust, each with its own code.
#include "witness/witness_state.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/file_contents.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace award::witness {
namespace {

using eventstore::Checkpoint;
using eventstore::Hash;
namespace merkle = eventstore::merkle;
namespace note = eventstore::note;

std::vector<Hash> Leaves(int count, const std::string& salt) {
  std::vector<Hash> leaves;
  for (int i = 0; i < count; ++i) leaves.push_back(merkle::LeafHash(absl::StrCat(salt, i)));
  return leaves;
}

class WitnessStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *note::GenerateSigner("test.example/log");
    witness_ = *note::GenerateSigner("witness.example/w1", note::KeyType::kCosignatureV1);
    Reopen();
  }

  void Reopen() {
    state_.reset();
    absl::StatusOr<std::unique_ptr<WitnessState>> opened =
        WitnessState::Open(dir_.path(), witness_, {note::VerifierOf(log_)});
    ASSERT_TRUE(opened.ok()) << opened.status();
    state_ = *std::move(opened);
  }

  // The log's signed checkpoint of the first `size` of `leaves`.
  std::string Signed(const std::vector<Hash>& leaves, uint64_t size,
                     const note::Signer* by = nullptr) {
    return *note::Sign(*eventstore::FormatCheckpoint(Checkpoint{
                           "test.example/log", size, merkle::SubtreeRootOf(leaves, 0, size), {}}),
                       by != nullptr ? *by : log_);
  }

  std::vector<Hash> Proof(const std::vector<Hash>& leaves, uint64_t first, uint64_t second) {
    return *merkle::ConsistencyProof(first, second, [&](uint64_t b, uint64_t e) {
      return absl::StatusOr<Hash>(merkle::SubtreeRootOf(leaves, b, e));
    });
  }

  absl::StatusOr<std::string> Add(uint64_t old_size, const std::vector<Hash>& proof,
                                  const std::string& checkpoint) {
    return state_->AddCheckpoint(old_size, proof, checkpoint, {}, absl::Now());
  }

  award::testing::TempDir dir_;
  note::Signer log_;
  note::Signer witness_;
  std::unique_ptr<WitnessState> state_;
};

TEST_F(WitnessStateTest, CosignsAGrowingLogAndKeepsItsLatestAcrossRestarts) {
  const std::vector<Hash> leaves = Leaves(40, "a");
  absl::StatusOr<std::string> first = Add(0, {}, Signed(leaves, 7));
  ASSERT_TRUE(first.ok()) << first.status();
  // The line is a cosignature by the witness's key on that very checkpoint.
  absl::StatusOr<note::Opened> opened =
      note::Open(Signed(leaves, 7) + *first, {note::VerifierOf(witness_)});
  ASSERT_TRUE(opened.ok()) << opened.status();
  ASSERT_EQ(opened->cosigned_by.size(), 1u);
  EXPECT_NEAR(static_cast<double>(opened->cosigned_by[0].timestamp),
              static_cast<double>(absl::ToUnixSeconds(absl::Now())), 5);

  ASSERT_TRUE(Add(7, Proof(leaves, 7, 23), Signed(leaves, 23)).ok());
  Reopen();
  absl::StatusOr<std::string> latest = state_->Latest("test.example/log");
  ASSERT_TRUE(latest.ok()) << latest.status();
  absl::StatusOr<note::Opened> both =
      note::Open(*latest, {note::VerifierOf(log_), note::VerifierOf(witness_)});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->signed_by.size(), 2u);
  EXPECT_EQ(eventstore::ParseCheckpoint(both->text)->size, 23u);
  // After the restart it goes on from 23, and a repeat of 23 is cosigned again.
  EXPECT_TRUE(Add(23, {}, Signed(leaves, 23)).ok());
  EXPECT_TRUE(Add(23, Proof(leaves, 23, 40), Signed(leaves, 40)).ok());
  EXPECT_TRUE(state_->Evidence().empty());
}

TEST_F(WitnessStateTest, NeverCosignsASmallerTreeAndKeepsTheEvidence) {
  const std::vector<Hash> leaves = Leaves(30, "a");
  ASSERT_TRUE(Add(0, {}, Signed(leaves, 30)).ok());
  absl::StatusOr<std::string> smaller = Add(30, {}, Signed(leaves, 20));
  EXPECT_EQ(smaller.status().code(), absl::StatusCode::kInvalidArgument) << smaller.status();
  EXPECT_NE(smaller.status().message().find("never cosigns a smaller tree"), std::string::npos);
  ASSERT_EQ(state_->Evidence().size(), 1u);
  // And a caller who claims the smaller size was the last is told the truth.
  absl::StatusOr<std::string> lied = Add(20, {}, Signed(leaves, 20));
  EXPECT_EQ(lied.status().code(), absl::StatusCode::kAborted) << lied.status();
  EXPECT_NE(lied.status().message().find("at size 30"), std::string::npos);
}

TEST_F(WitnessStateTest, ARewrittenHistoryIsRefusedAsASplitViewWithItsEvidence) {
  const std::vector<Hash> real = Leaves(30, "a");
  std::vector<Hash> rewritten = real;
  for (int i = 12; i < 30; ++i) rewritten[i] = merkle::LeafHash(absl::StrCat("forged", i));
  rewritten.push_back(merkle::LeafHash("more"));
  ASSERT_TRUE(Add(0, {}, Signed(real, 20)).ok());

  // The same size with another root.
  absl::StatusOr<std::string> same = Add(20, {}, Signed(rewritten, 20));
  EXPECT_EQ(same.status().code(), absl::StatusCode::kFailedPrecondition) << same.status();
  // A larger rewritten tree, with the best proof its history can give.
  absl::StatusOr<std::string> larger = Add(20, Proof(rewritten, 20, 31), Signed(rewritten, 31));
  EXPECT_EQ(larger.status().code(), absl::StatusCode::kFailedPrecondition) << larger.status();
  EXPECT_NE(larger.status().message().find("split view"), std::string::npos);
  // Both are kept, each with the log-signed checkpoint beside the cosigned one.
  const std::vector<std::string> evidence = state_->Evidence();
  ASSERT_EQ(evidence.size(), 2u);
  for (const std::string& file : evidence) {
    const std::string contents = *FileContents(file);
    EXPECT_NE(contents.find(Signed(real, 20)), std::string::npos);
  }
  // What stays cosigned is the real history.
  Reopen();
  EXPECT_TRUE(Add(20, Proof(real, 20, 30), Signed(real, 30)).ok());
}

TEST_F(WitnessStateTest, RefusesWhatItCannotTrustWithDistinctCodes) {
  const std::vector<Hash> leaves = Leaves(10, "a");
  note::Signer stranger = *note::GenerateSigner("test.example/log");
  EXPECT_EQ(Add(0, {}, Signed(leaves, 5, &stranger)).status().code(),
            absl::StatusCode::kPermissionDenied);
  note::Signer other = *note::GenerateSigner("other.example/log");
  const std::string other_note =
      *note::Sign(*eventstore::FormatCheckpoint(
                      Checkpoint{"other.example/log", 5, merkle::SubtreeRootOf(leaves, 0, 5), {}}),
                  other);
  EXPECT_EQ(Add(0, {}, other_note).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Add(0, Proof(leaves, 2, 5), Signed(leaves, 5)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Add(0, {}, "not a note").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(state_->Latest("test.example/log").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(state_->Evidence().empty());
}

TEST_F(WitnessStateTest, FollowsAKeyTheLogAnnouncedWithTheOneItKnows) {
  const std::vector<Hash> leaves = Leaves(20, "a");
  ASSERT_TRUE(Add(0, {}, Signed(leaves, 8)).ok());
  const note::Signer next = *note::GenerateSigner("test.example/log");
  const std::string announcement = *eventstore::AnnounceKey(log_, next);
  // Without the announcement the new key is a stranger; with it, trusted.
  EXPECT_EQ(Add(8, Proof(leaves, 8, 12), Signed(leaves, 12, &next)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(state_
                  ->AddCheckpoint(8, Proof(leaves, 8, 12), Signed(leaves, 12, &next),
                                  {announcement}, absl::Now())
                  .ok());
  // An announcement by a key it does not know is not followed.
  const note::Signer stranger = *note::GenerateSigner("test.example/log");
  const note::Signer after = *note::GenerateSigner("test.example/log");
  EXPECT_EQ(state_
                ->AddCheckpoint(12, Proof(leaves, 12, 16), Signed(leaves, 16, &after),
                                {*eventstore::AnnounceKey(stranger, after)}, absl::Now())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  Reopen();
  EXPECT_EQ(eventstore::ParseCheckpoint(
                note::Open(*state_->Latest("test.example/log"), {note::VerifierOf(next)})->text)
                ->size,
            12u);
}

TEST_F(WitnessStateTest, OfTwoRacingCheckpointsFromOneSizeOnlyOneIsCosigned) {
  const std::vector<Hash> leaves = Leaves(64, "a");
  uint64_t base = 1;
  ASSERT_TRUE(Add(0, {}, Signed(leaves, base)).ok());
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> cosigned{0};
    std::vector<std::thread> racers;
    for (uint64_t size : {base + 1, base + 2}) {
      racers.emplace_back([&, size] {
        if (Add(base, Proof(leaves, base, size), Signed(leaves, size)).ok()) ++cosigned;
      });
    }
    for (std::thread& racer : racers) racer.join();
    ASSERT_EQ(cosigned.load(), 1) << round;
    const std::string latest = *state_->Latest("test.example/log");
    const uint64_t won =
        eventstore::ParseCheckpoint(note::Open(latest, {note::VerifierOf(log_)})->text)->size;
    ASSERT_TRUE(won == base + 1 || won == base + 2) << won;
    base = won;
  }
}

}  // namespace
}  // namespace award::witness

// The Merkle tree the writer keeps and the checkpoints the log signs, on a
// real store: the tree is exactly the log under concurrent appends, its proofs
// verify against roots computed from the records alone, a damaged node is
// named, a store written before the tree gets it at open, and a log that lost
// its tail or was rewritten refuses to open against its last signed
// checkpoint.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "base/file_contents.h"
#include "eventstore/checkpoint.h"
#include "eventstore/errors.h"
#include "eventstore/internal/tree_node_cache.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "eventstore/reindex.h"
#include "eventstore/sha256.h"
#include "eventstore/signed_note.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/eventstore/stopped_store_fixture.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using LogTreeTest = StoppedStoreTest;

std::vector<Hash> LeavesOf(EventStore& store) {
  std::vector<Hash> leaves;
  for (const RecordedEvent& event : ReadWholeLog(store)) {
    leaves.push_back(merkle::LeafHash(HashBytes(event.hash)));
  }
  return leaves;
}

void AppendEvents(EventStore& store, int appends, const std::string& stream = "s") {
  for (int i = 0; i < appends; ++i) {
    ASSERT_TRUE(store.Append(AppendTo(stream, ExpectedVersion::Any(), NewEvents(1 + i % 3))).ok());
  }
}

TEST_F(LogTreeTest, TheTreeIsExactlyTheLogUnderConcurrentAppends) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] { AppendEvents(*store_, 40, absl::StrCat("stream-", t)); });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<Hash> leaves = LeavesOf(*store_);
  ASSERT_EQ(leaves.size(), 8u * (14 * 1 + 13 * 2 + 13 * 3));
  const uint64_t n = leaves.size();
  for (uint64_t size = 0; size <= n; ++size) {
    absl::StatusOr<TreeHead> head = store_->TreeHeadAt(size);
    ASSERT_TRUE(head.ok()) << head.status();
    ASSERT_EQ(head->root, merkle::SubtreeRootOf(leaves, 0, size)) << size;
  }
  const Hash root = merkle::SubtreeRootOf(leaves, 0, n);
  EXPECT_EQ(store_->TreeHeadAt(std::nullopt)->size, n);
  for (uint64_t index = 0; index < n; index += 7) {
    absl::StatusOr<std::vector<Hash>> proof = store_->InclusionProof(index, n);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(merkle::VerifyInclusion(index, n, leaves[index], *proof, root).ok()) << index;
  }
  for (uint64_t first = 1; first < n; first += 13) {
    absl::StatusOr<std::vector<Hash>> proof = store_->ConsistencyProof(first, n);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(
        merkle::VerifyConsistency(first, n, merkle::SubtreeRootOf(leaves, 0, first), root, *proof)
            .ok())
        << first;
  }
  EXPECT_TRUE(Verify().ok) << Verify().problem;
  // Reopened, the writer goes on from the stored right edge.
  Close();
  Open();
  AppendEvents(*store_, 5);
  const std::vector<Hash> more = LeavesOf(*store_);
  EXPECT_EQ(store_->TreeHeadAt(std::nullopt)->root, merkle::SubtreeRootOf(more, 0, more.size()));
  EXPECT_TRUE(Verify().ok) << Verify().problem;
}

TEST_F(LogTreeTest, ProofsAtTheGrowingHeadVerifyWhileAppendsGoOn) {
  // Proofs at each new durable size extend the cache's partial chunks while
  // the writer adds to them; each must verify against the root at its size.
  std::atomic<bool> appending{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] { AppendEvents(*store_, 150, absl::StrCat("stream-", t)); });
  }
  struct Asked {
    uint64_t index, size;
    Hash root;
    std::vector<Hash> proof;
  };
  std::vector<Asked> asked;
  std::thread prover([&] {
    uint64_t step = 0;
    while (appending) {
      const absl::StatusOr<TreeHead> head = store_->TreeHeadAt(std::nullopt);
      if (!head.ok() || head->size == 0) continue;
      const uint64_t index = (step++ * 7919) % head->size;
      absl::StatusOr<std::vector<Hash>> proof = store_->InclusionProof(index, head->size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      asked.push_back({index, head->size, head->root, *std::move(proof)});
    }
  });
  for (std::thread& writer : writers) writer.join();
  appending = false;
  prover.join();
  const std::vector<Hash> leaves = LeavesOf(*store_);
  ASSERT_GT(asked.size(), 10u);
  for (const Asked& a : asked) {
    ASSERT_EQ(a.root, merkle::SubtreeRootOf(leaves, 0, a.size)) << a.size;
    ASSERT_TRUE(merkle::VerifyInclusion(a.index, a.size, leaves[a.index], a.proof, a.root).ok())
        << a.index << " of " << a.size;
  }
}

TEST_F(LogTreeTest, ProofsAreTheSameWhicheverLevelsAreKeptInMemory) {
  AppendEvents(*store_, 310);  // 619 events: 3 chunks of leaves, 10 levels
  const std::vector<Hash> leaves = LeavesOf(*store_);
  const uint64_t n = leaves.size();
  ASSERT_EQ(n, 619u);
  const size_t chunk = internal::TreeNodeCache::kChunkNodes * sizeof(Hash) + 64;
  // None, the three top levels, all but the leaves, and the whole tree.
  for (const uint64_t budget :
       {uint64_t{0}, 3 * chunk, 10 * chunk, RocksDbEventStoreOptions::kDefaultTreeCacheBytes}) {
    Close();
    options_.tree_cache_bytes = budget;
    Open();
    for (const uint64_t size : {n, n - 1, uint64_t{512}, uint64_t{300}}) {
      const Hash root = merkle::SubtreeRootOf(leaves, 0, size);
      ASSERT_EQ(store_->TreeHeadAt(size)->root, root) << budget << " " << size;
      for (uint64_t index = 0; index < size; ++index) {
        absl::StatusOr<std::vector<Hash>> proof = store_->InclusionProof(index, size);
        ASSERT_TRUE(proof.ok()) << proof.status();
        ASSERT_TRUE(merkle::VerifyInclusion(index, size, leaves[index], *proof, root).ok())
            << budget << " " << size << " " << index;
      }
      for (uint64_t first = 1; first <= size; first += 17) {
        absl::StatusOr<std::vector<Hash>> proof = store_->ConsistencyProof(first, size);
        ASSERT_TRUE(proof.ok()) << proof.status();
        ASSERT_TRUE(merkle::VerifyConsistency(first, size, merkle::SubtreeRootOf(leaves, 0, first),
                                              root, *proof)
                        .ok())
            << budget << " " << size << " " << first;
      }
    }
  }
}

TEST_F(LogTreeTest, ProofRequestsOutsideTheLogAreRefusedNamingTheField) {
  AppendTen();
  const auto field_of = [](const absl::Status& status) {
    return ErrorField(status).value_or("(none)");
  };
  absl::Status beyond = store_->TreeHeadAt(11).status();
  EXPECT_EQ(beyond.code(), absl::StatusCode::kOutOfRange) << beyond;
  EXPECT_EQ(field_of(beyond), "tree_size");
  absl::Status index = store_->InclusionProof(10, 10).status();
  EXPECT_EQ(index.code(), absl::StatusCode::kInvalidArgument) << index;
  EXPECT_EQ(field_of(index), "index");
  absl::Status size = store_->InclusionProof(0, 11).status();
  EXPECT_EQ(size.code(), absl::StatusCode::kOutOfRange) << size;
  absl::Status empty = store_->ConsistencyProof(0, 5).status();
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument) << empty;
  EXPECT_EQ(field_of(empty), "first");
  absl::Status backwards = store_->ConsistencyProof(6, 5).status();
  EXPECT_EQ(backwards.code(), absl::StatusCode::kInvalidArgument) << backwards;
  absl::Status second = store_->ConsistencyProof(5, 11).status();
  EXPECT_EQ(second.code(), absl::StatusCode::kOutOfRange) << second;
  EXPECT_EQ(field_of(second), "second");
  EXPECT_TRUE(store_->ConsistencyProof(10, 10).ok());
  EXPECT_EQ(store_->SignedCheckpoint(std::nullopt).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LogTreeTest, ADamagedNodeIsNamedAndTheRebuildRestoresIt) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kTree), TreeNodeKey(1, 2), std::string(32, 'x'));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "merkle_tree[level 1, index 2]") << report.problem;
  EXPECT_EQ(report.first_bad_position, 4u);
  // The writer's gate refuses appends on it too.
  absl::Status append =
      store_->Append(AppendTo("s", ExpectedVersion::Any(), NewEvents(1))).status();
  EXPECT_EQ(append.code(), absl::StatusCode::kDataLoss) << append;
  EXPECT_NE(append.message().find("merkle_tree[level 1, index 2]"), absl::string_view::npos);
  Close();
  ASSERT_TRUE(RebuildIndexes(data_dir()).ok());
  Open();
  EXPECT_TRUE(Verify().ok) << Verify().problem;
  const std::vector<Hash> leaves = LeavesOf(*store_);
  EXPECT_EQ(store_->TreeHeadAt(std::nullopt)->root, merkle::SubtreeRootOf(leaves, 0, 10));
}

TEST_F(LogTreeTest, AProofOverADamagedOrMissingNodeIsRefusedNamingIt) {
  AppendTen();
  // Node (1, 2) holds leaves 4 and 5: the proof of leaf 6 in a tree of 10
  // reads it, from the table files or from the cache's chunk load.
  for (const uint64_t budget : {uint64_t{0}, RocksDbEventStoreOptions::kDefaultTreeCacheBytes}) {
    options_.tree_cache_bytes = budget;
    TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
      batch.Put(db.cf(ColumnFamily::kTree), TreeNodeKey(1, 2), std::string(31, 'x'));
    });
    absl::Status short_node = store_->InclusionProof(6, 10).status();
    EXPECT_EQ(short_node.code(), absl::StatusCode::kDataLoss) << budget << " " << short_node;
    EXPECT_NE(short_node.message().find("merkle_tree[level 1, index 2]: holds 31 bytes"),
              absl::string_view::npos)
        << short_node;
    TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
      batch.Delete(db.cf(ColumnFamily::kTree), TreeNodeKey(1, 2));
    });
    absl::Status missing = store_->InclusionProof(6, 10).status();
    EXPECT_EQ(missing.code(), absl::StatusCode::kDataLoss) << budget << " " << missing;
    EXPECT_NE(missing.message().find("merkle_tree[level 1, index 2]: missing"),
              absl::string_view::npos)
        << missing;
    // The other proofs do not read it.
    EXPECT_TRUE(store_->InclusionProof(0, 4).ok());
    Close();
    ASSERT_TRUE(RebuildIndexes(data_dir()).ok());
    Open();
    EXPECT_TRUE(store_->InclusionProof(6, 10).ok());
  }
}

TEST_F(LogTreeTest, ANodeBeyondTheRecordsIsNamed) {
  AppendTen();
  TamperWith([](internal::LogDb& db, rocksdb::WriteBatch& batch) {
    batch.Put(db.cf(ColumnFamily::kTree), TreeNodeKey(2, 7), std::string(32, 'x'));
  });
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.index_entry, "merkle_tree[level 2, index 7]") << report.problem;
}

TEST_F(LogTreeTest, AStoreWrittenBeforeTheTreeGetsItAtOpen) {
  AppendTen();
  Close();
  {
    // The store as it was before the tree: no tree family at all.
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : ColumnFamilyNames())
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::Options options;
    ASSERT_TRUE(rocksdb::DB::Open(options, data_dir(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    const int tree = static_cast<int>(ColumnFamily::kTree);
    const int checkpoints = static_cast<int>(ColumnFamily::kCheckpoints);
    ASSERT_TRUE(db->DropColumnFamily(handles[tree]).ok());
    ASSERT_TRUE(db->DropColumnFamily(handles[checkpoints]).ok());
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    ASSERT_TRUE(db->Close().ok());
  }
  // Read-only, there is no tree to prove with, and it says why.
  {
    RocksDbEventStoreOptions read_only = Options();
    read_only.read_only = true;
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> copy = OpenRocksDbEventStore(read_only);
    ASSERT_TRUE(copy.ok()) << copy.status();
    absl::Status proof = (*copy)->InclusionProof(0, 10).status();
    EXPECT_EQ(proof.code(), absl::StatusCode::kFailedPrecondition) << proof;
    EXPECT_TRUE((*copy)->Verify({}).ok());
  }
  Open();
  const std::vector<Hash> leaves = LeavesOf(*store_);
  EXPECT_EQ(store_->TreeHeadAt(std::nullopt)->root, merkle::SubtreeRootOf(leaves, 0, 10));
  EXPECT_TRUE(Verify().ok) << Verify().problem;
}

// ---- Signed checkpoints ----------------------------------------------------------------

class SignedLogTest : public StoppedStoreTest {
 protected:
  void SetUp() override {
    options_.signing.key_file = dir_.Sub("log.key");
    options_.signing.origin = "test.example/log";
    std::filesystem::create_directories(dir_.Sub("outside"));
    options_.signing.checkpoint_file = dir_.Sub("outside/checkpoint");
    options_.signing.interval = absl::Milliseconds(50);
    options_.signing.sign_after_types = {"DecisionIssued"};
    Open();
  }

  // The latest checkpoint, opened with the log's key.
  Checkpoint Latest() {
    absl::StatusOr<std::string> note = store_->SignedCheckpoint(std::nullopt);
    EXPECT_TRUE(note.ok()) << note.status();
    return Opened(note.ok() ? *note : "");
  }

  Checkpoint Opened(const std::string& signed_note) {
    // The key from its file: the store may be closed.
    absl::StatusOr<note::Signer> key =
        note::ParseSigner(award::SecretFileContents(options_.signing.key_file).value_or(""));
    EXPECT_TRUE(key.ok()) << key.status();
    if (!key.ok()) return Checkpoint{};
    absl::StatusOr<note::Opened> opened = note::Open(signed_note, {note::VerifierOf(*key)});
    EXPECT_TRUE(opened.ok()) << opened.status();
    absl::StatusOr<Checkpoint> checkpoint = ParseCheckpoint(opened.ok() ? opened->text : "");
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    return checkpoint.ok() ? *checkpoint : Checkpoint{};
  }

  // Waits (at most 5 s) for a checkpoint of `size` events.
  bool SignedAt(uint64_t size) {
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (absl::Now() < deadline) {
      absl::StatusOr<std::string> note = store_->SignedCheckpoint(std::nullopt);
      if (note.ok() && Opened(*note).size == size) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_F(SignedLogTest, TheLogSignsItsTreeWhileItGrowsAndKeepsEveryCheckpoint) {
  AppendTen();
  ASSERT_TRUE(SignedAt(10));
  const Checkpoint ten = Latest();
  EXPECT_EQ(ten.origin, "test.example/log");
  EXPECT_EQ(ten.root, store_->TreeHeadAt(10)->root);
  AppendEvents(*store_, 3);
  ASSERT_TRUE(SignedAt(16));
  // The older checkpoint is still served by its size, and the two are consistent.
  EXPECT_EQ(Opened(*store_->SignedCheckpoint(10)), ten);
  const Checkpoint sixteen = Latest();
  absl::StatusOr<std::vector<Hash>> proof = store_->ConsistencyProof(10, 16);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(merkle::VerifyConsistency(10, 16, ten.root, sixteen.root, *proof).ok());
  // The key file is its owner's alone, and its verifier key is printed in C2SP's form.
  EXPECT_EQ(std::filesystem::status(options_.signing.key_file).permissions() &
                (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  EXPECT_EQ(store_->LogVerifierKey()->rfind("test.example/log+", 0), 0u);
  // The latest is kept outside the data directory too.
  EXPECT_EQ(Opened(*award::FileContents(options_.signing.checkpoint_file)).size, 16u);
}

TEST_F(SignedLogTest, ADecisionIsCheckpointedAtOnceAndClosingSignsTheRest) {
  Close();
  options_.signing.interval = absl::Hours(1);
  Open();
  AppendTen();
  ASSERT_TRUE(store_
                  ->Append(AppendTo("decision-1", ExpectedVersion::Any(),
                                    {award::testing::NewEvent("DecisionIssued", "x")}))
                  .ok());
  EXPECT_TRUE(SignedAt(11));
  AppendEvents(*store_, 2);
  Close();
  EXPECT_EQ(Opened(*award::FileContents(options_.signing.checkpoint_file)).size, 14u);
  Open();
  EXPECT_EQ(Latest().size, 14u);
}

TEST_F(SignedLogTest, ALogRestoredFromAnOlderCopyRefusesToOpenNamingBothSizes) {
  AppendTen();
  Close();
  std::filesystem::copy(data_dir(), dir_.Sub("older"), std::filesystem::copy_options::recursive);
  Open();
  AppendEvents(*store_, 4);  // 7 more events
  Close();
  std::filesystem::remove_all(data_dir());
  std::filesystem::rename(dir_.Sub("older"), data_dir());
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
  ASSERT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
  EXPECT_NE(opened.status().message().find("holds 10 events"), absl::string_view::npos)
      << opened.status();
  EXPECT_NE(opened.status().message().find("checkpoint of 17"), absl::string_view::npos);
  EXPECT_NE(opened.status().message().find(options_.signing.checkpoint_file),
            absl::string_view::npos);
}

TEST_F(SignedLogTest, ARewrittenHistoryRefusesToOpenAgainstTheLastCheckpoint) {
  AppendTen();
  Close();
  // Another history of 12 events, signed with the same key but kept
  // elsewhere, then presented with the log's last checkpoint.
  const std::string real_checkpoint = options_.signing.checkpoint_file;
  options_.signing.checkpoint_file = dir_.Sub("outside/other");
  std::filesystem::remove_all(data_dir());
  Open();
  AppendEvents(*store_, 6, "forged");
  Close();
  options_.signing.checkpoint_file = real_checkpoint;
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
  ASSERT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
  EXPECT_NE(opened.status().message().find("first 10 events are not those"),
            absl::string_view::npos)
      << opened.status();
  EXPECT_NE(opened.status().message().find("holds 12 events"), absl::string_view::npos);
}

TEST_F(SignedLogTest, ACheckpointNotSignedByTheLogsKeyIsRefused) {
  AppendTen();
  Close();
  absl::StatusOr<note::Signer> stranger = note::GenerateSigner("test.example/log");
  ASSERT_TRUE(stranger.ok());
  absl::StatusOr<std::string> forged =
      note::Sign(*FormatCheckpoint(Checkpoint{"test.example/log", 3, Hash{}, {}}), *stranger);
  ASSERT_TRUE(award::ReplaceFileDurably(options_.signing.checkpoint_file, *forged).ok());
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
  ASSERT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
  EXPECT_NE(opened.status().message().find("is not one the log signed"), absl::string_view::npos)
      << opened.status();
}

TEST_F(SignedLogTest, ARotatedKeyIsAnnouncedByTheOldOneAndSignsFromThenOn) {
  AppendTen();
  ASSERT_TRUE(SignedAt(10));
  const note::Verifier old_key = *note::ParseVerifier(*store_->LogVerifierKey());
  absl::StatusOr<std::string> rotated = store_->RotateLogKey();
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  const note::Verifier new_key = *note::ParseVerifier(*rotated);
  EXPECT_EQ(new_key.name, old_key.name);
  EXPECT_NE(new_key.key_hash, old_key.key_hash);
  EXPECT_EQ(*store_->LogVerifierKey(), *rotated);
  // The announcement is the log's eleventh event; the next checkpoint is in the new key's name.
  absl::StatusOr<ReadStreamResult> announced =
      store_->ReadStream({std::string(kLogKeysStream), 0, Direction::kForward, 10});
  ASSERT_TRUE(announced.ok()) << announced.status();
  ASSERT_EQ(announced->events.size(), 1u);
  absl::StatusOr<KeyRotation> rotation = OpenAnnouncement(announced->events[0].event.payload);
  ASSERT_TRUE(rotation.ok()) << rotation.status();
  EXPECT_EQ(rotation->old_key.key_hash, old_key.key_hash);
  EXPECT_EQ(rotation->new_key.key_hash, new_key.key_hash);
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  absl::StatusOr<std::string> latest;
  while (absl::Now() < deadline) {
    latest = store_->SignedCheckpoint(std::nullopt);
    if (latest.ok() && note::Open(*latest, {new_key}).ok()) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_TRUE(latest.ok() && note::Open(*latest, {new_key}).ok());
  EXPECT_FALSE(note::Open(*latest, {old_key}).ok());
  EXPECT_EQ(ParseCheckpoint(note::Open(*latest, {new_key})->text)->size, 11u);
  // The old key is kept beside the new one, and the store reopens: the
  // checkpoints the old key signed still prove its history.
  EXPECT_TRUE(std::filesystem::exists(absl::StrCat(options_.signing.key_file, ".retired-",
                                                   absl::StrFormat("%08x", old_key.key_hash))));
  Close();
  Open();
  EXPECT_EQ(*store_->LogVerifierKey(), *rotated);
  EXPECT_TRUE(note::Open(*store_->SignedCheckpoint(10), {old_key}).ok());
}

TEST_F(SignedLogTest, ALostKeyIsNotReplacedOnceTheLogHasSigned) {
  AppendTen();
  Close();
  std::filesystem::remove(options_.signing.key_file);
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened = OpenRocksDbEventStore(Options());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition) << opened.status();
  EXPECT_NE(opened.status().message().find("put that key back"), absl::string_view::npos);
  EXPECT_FALSE(std::filesystem::exists(options_.signing.key_file));
}

}  // namespace
}  // namespace eventstore

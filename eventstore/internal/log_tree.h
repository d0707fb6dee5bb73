// The Merkle tree of the log as it lies in RocksDB (keys.h, kTree): what the
// writer adds with each record, the stored whole subtrees that roots and
// proofs are made from, the tree of a store written before it, and its check
// against the records. The leaf of a record is its stored hash (record_codec.h),
// so that the chain and the tree prove the same bytes.
#ifndef AWARD_EVENTSTORE_INTERNAL_LOG_TREE_H_
#define AWARD_EVENTSTORE_INTERNAL_LOG_TREE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event.h"
#include "eventstore/internal/index_check.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/merkle.h"
#include "eventstore/record_codec.h"
#include "rocksdb/write_batch.h"

namespace eventstore::internal {

// How a node is named in reports: "merkle_tree[level L, index I]".
std::string TreeNodeEntry(int level, uint64_t index);

// Puts into `batch` the leaf of the record whose stored hash is `record_hash`
// and every whole subtree it completes, and moves `edge` on past it.
void AddLeaf(LogDb& db, rocksdb::WriteBatch& batch, merkle::RightEdge& edge,
             const Hash& record_hash);

// The leaves the stored tree holds.
absl::StatusOr<uint64_t> StoredTreeSize(LogDb& db);

// The root of leaves [begin, end) from the stored whole subtrees, in O(log)
// lookups for the ranges proofs ask for; `end` must be durable. DATA_LOSS
// naming a node that is missing or malformed.
absl::StatusOr<Hash> StoredSubtreeRoot(LogDb& db, uint64_t begin, uint64_t end);

// A proof made from a tree's subtrees (merkle::InclusionProof, ConsistencyProof).
using Prove =
    std::function<absl::StatusOr<std::vector<Hash>>(const merkle::SubtreeRoot& subtree_root)>;
// `prove` over the stored tree of `tree_size` leaves, which must be durable:
// the proof is run once to learn which nodes it reads, then they are read
// together, the upper levels from memory (tree_node_cache.h), the rest in one
// MultiGet, not one lookup each.
absl::StatusOr<std::vector<Hash>> ProveFromStoredTree(LogDb& db, uint64_t tree_size,
                                                      const Prove& prove);

// Grows the stored tree to `log_size` leaves from the log's records (a store
// written before the tree, or one whose tree a rebuild emptied), and returns
// its right edge there. DATA_LOSS when the tree holds more leaves than the
// log has records.
absl::StatusOr<merkle::RightEdge> CompleteTree(LogDb& db, uint64_t log_size);

// Checks the stored tree against the records, which are the truth: every node
// the records make is stored with that hash, and none beyond them. The
// verifier feeds it every record in position order from 0; each level is read
// once, in order.
class TreeCheck {
 public:
  // `read` carries the snapshot, which must outlive this object.
  TreeCheck(LogDb& db, const rocksdb::ReadOptions& read) : db_(db), read_(read) {}

  absl::StatusOr<std::optional<IndexProblem>> Record(const RecordView& record);
  // Once every record has come: no node beyond them.
  absl::StatusOr<std::optional<IndexProblem>> Finish();

 private:
  rocksdb::Iterator& LevelAt(int level, uint64_t index);

  LogDb& db_;
  const rocksdb::ReadOptions& read_;
  merkle::RightEdge edge_;
  std::array<std::unique_ptr<rocksdb::Iterator>, 64> levels_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_LOG_TREE_H_

// The upper levels of the log's Merkle tree in memory, for proofs.
//
// A whole subtree never changes once it is stored, so a node read from the
// table files stays right for as long as the process runs. Each proof reads
// one or two nodes per level; read from RocksDB, that is a block lookup each:
// a proof took 41 microseconds in a log of a million events, and 5 with the
// cache. The cache holds the levels that fit its budget at the largest tree
// size it was asked about, from the root down (each level has half the nodes
// of the one below), so a proof reads only the lowest levels, the largest
// ones, from RocksDB; a log of up to budget/64 events is held whole. A level
// is loaded in chunks of consecutive nodes, each read in one pass when a
// proof first needs one of its nodes, and never beyond the tree size the
// proof is made at: only durable nodes.
#ifndef AWARD_EVENTSTORE_INTERNAL_TREE_NODE_CACHE_H_
#define AWARD_EVENTSTORE_INTERNAL_TREE_NODE_CACHE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "eventstore/event.h"

namespace eventstore::internal {

// A node of the tree: its level (0 for leaves) and its index on that level.
struct TreeNode {
  int level;
  uint64_t index;
  friend bool operator<(const TreeNode& a, const TreeNode& b) {
    return a.level != b.level ? a.level < b.level : a.index < b.index;
  }
  friend bool operator==(const TreeNode& a, const TreeNode& b) {
    return a.level == b.level && a.index == b.index;
  }
};

class TreeNodeCache {
 public:
  static constexpr uint64_t kChunkNodes = 256;
  static constexpr int kNoLevel = 64;

  explicit TreeNodeCache(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // Appends to `out` the stored nodes [begin, end) of a level, in order;
  // DATA_LOSS naming a node that is missing or malformed.
  using LoadNodes = absl::FunctionRef<absl::Status(int level, uint64_t begin, uint64_t end,
                                                   std::vector<Hash>& out)>;

  // Sets found[i] to nodes[i] of the tree of `tree_size` leaves, which must
  // hold it whole (INTERNAL otherwise), or to nullopt when the cache does not
  // keep its level or could not load its chunk: the caller reads it itself.
  // Loads a node's chunk with `load` the first time.
  absl::Status Find(absl::Span<const TreeNode> nodes, uint64_t tree_size, LoadNodes load,
                    absl::Span<std::optional<Hash>> found) ABSL_LOCKS_EXCLUDED(mu_);

  // The lowest level kept once the tree has `tree_size` leaves (kNoLevel: none).
  int LowestLevelAt(uint64_t tree_size) const;

  // Forgets every node: the stored tree was emptied (a rebuild).
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

  // Bytes the loaded chunks take.
  size_t LoadedBytes() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Chunk {
    uint64_t count = 0;  // nodes loaded, from the chunk's first
    std::array<Hash, kChunkNodes> hashes;
  };

  // The node when its chunk holds it.
  std::optional<Hash> KeptLocked(int level, uint64_t index) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // `node`, read with the rest of its chunk unless kept meanwhile.
  absl::StatusOr<Hash> Load(TreeNode node, uint64_t tree_size, LoadNodes load)
      ABSL_LOCKS_EXCLUDED(mu_);
  // The lowest level kept, for the largest tree size asked about so far
  // (which `tree_size` may raise).
  int LowestKept(uint64_t tree_size);
  // Frees the levels below `lowest`.
  void DropLevelsBelow(int lowest) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t budget_bytes_;
  // The largest tree size asked about, shifted 7 bits left, and the lowest
  // level kept for it in those bits: one atomic word, so that the two always
  // agree and a proof computes the level only when the tree has grown.
  std::atomic<uint64_t> largest_{kNoLevel};
  mutable absl::Mutex mu_;
  std::array<std::vector<std::unique_ptr<Chunk>>, kNoLevel> levels_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_TREE_NODE_CACHE_H_

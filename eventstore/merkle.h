// The Merkle tree of RFC 9162 section 2.1 over the log: the leaf hash
// SHA-256(0x00 || leaf), the node hash SHA-256(0x01 || left || right), the
// split at the largest power of two below a tree's size, and the inclusion
// and consistency proofs of sections 2.1.3 and 2.1.4, made and verified.
//
// Proofs are made from the hashes of whole subtrees, which the caller
// supplies (a log keeps them; a test computes them), so that a proof costs
// O(log n) lookups whatever the tree's size:
//
//   auto root_of = [&](uint64_t begin, uint64_t end) { return SubtreeRootOf(leaves, begin, end); };
//   absl::StatusOr<std::vector<Hash>> proof = InclusionProof(5, 8, root_of);
//   absl::Status ok = VerifyInclusion(5, 8, leaves[5], *proof, root);
#ifndef AWARD_EVENTSTORE_MERKLE_H_
#define AWARD_EVENTSTORE_MERKLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "eventstore/event.h"

namespace eventstore::merkle {

// SHA-256(0x00 || leaf).
Hash LeafHash(absl::string_view leaf);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of nothing.
Hash EmptyRoot();

// The largest power of two smaller than `size` (size >= 2): where a tree of
// `size` leaves splits into its left and right subtrees.
uint64_t SplitPoint(uint64_t size);

// The root of the leaves [begin, end) of `leaf_hashes` (MTH of RFC 9162).
Hash SubtreeRootOf(absl::Span<const Hash> leaf_hashes, uint64_t begin, uint64_t end);

// The hash of the subtree over leaves [begin, end), as the prover knows it.
using SubtreeRoot = std::function<absl::StatusOr<Hash>(uint64_t begin, uint64_t end)>;

// The right edge of a tree that only grows: the root of each of its whole
// subtrees that have no whole parent yet, one per set bit of its size, which
// is all a writer needs to add a leaf and to know the root. A whole subtree
// of 2^level leaves starting at leaf index * 2^level is (level, index).
class RightEdge {
 public:
  // Hears of each whole subtree an added leaf completes.
  using Completed = absl::FunctionRef<void(int level, uint64_t index, const Hash& root)>;

  RightEdge() = default;
  // The edge of the tree of `size` leaves, from its whole subtrees' roots.
  static absl::StatusOr<RightEdge> Of(uint64_t size, const SubtreeRoot& subtree_root);

  uint64_t size() const { return size_; }
  // Adds a leaf; `completed` hears of the leaf itself (level 0), then of every
  // larger whole subtree it completes, smallest first.
  void Append(const Hash& leaf_hash, Completed completed);
  // MTH of the leaves so far (EmptyRoot() for none).
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::array<Hash, 64> roots_{};  // roots_[level] holds while bit `level` of size_ is set
};

// PATH(index, D[size]): the audit path of leaf `index` in the tree of `size`
// leaves, nearest sibling first. INVALID_ARGUMENT unless index < size.
absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                                 const SubtreeRoot& subtree_root);

// PROOF(first, D[second]): that the tree of `first` leaves is a prefix of the
// tree of `second`. Empty when first == second. INVALID_ARGUMENT unless
// 0 < first <= second.
absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second,
                                                   const SubtreeRoot& subtree_root);

// RFC 9162 2.1.3.2. OK when `proof` proves `leaf_hash` at `index` of the tree
// of `size` leaves whose root is `root`; otherwise DATA_LOSS saying why.
absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             absl::Span<const Hash> proof, const Hash& root);

// RFC 9162 2.1.4.2. OK when `proof` proves the tree of `first` leaves with
// root `first_root` a prefix of the tree of `second` leaves with root
// `second_root`; otherwise DATA_LOSS saying why.
absl::Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root,
                               const Hash& second_root, absl::Span<const Hash> proof);

}  // namespace eventstore::merkle

#endif  // AWARD_EVENTSTORE_MERKLE_H_

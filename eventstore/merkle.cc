#include "eventstore/merkle.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"

namespace eventstore::merkle {
namespace {

constexpr char kLeafPrefix[] = {0x00};
constexpr char kNodePrefix[] = {0x01};

// PATH(m, D[begin:end]) with m relative to begin, appended nearest last:
// the recursion of RFC 9162 2.1.3.1, siblings pushed on the way back up.
absl::Status Path(uint64_t index, uint64_t begin, uint64_t end, const SubtreeRoot& subtree_root,
                  std::vector<Hash>& proof) {
  if (end - begin <= 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(end - begin);
  if (index < k) {
    AWARD_RETURN_IF_ERROR(Path(index, begin, begin + k, subtree_root, proof));
    AWARD_ASSIGN_OR_RETURN(proof.emplace_back(), subtree_root(begin + k, end));
  } else {
    AWARD_RETURN_IF_ERROR(Path(index - k, begin + k, end, subtree_root, proof));
    AWARD_ASSIGN_OR_RETURN(proof.emplace_back(), subtree_root(begin, begin + k));
  }
  return absl::OkStatus();
}

// SUBPROOF(m, D[begin:end], b) of RFC 9162 2.1.4.1, m relative to begin.
absl::Status Subproof(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                      const SubtreeRoot& subtree_root, std::vector<Hash>& proof) {
  const uint64_t n = end - begin;
  if (m == n) {
    // A first tree that is a whole subtree of the second is known to the
    // verifier: its root is not sent.
    if (whole) return absl::OkStatus();
    AWARD_ASSIGN_OR_RETURN(proof.emplace_back(), subtree_root(begin, end));
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    AWARD_RETURN_IF_ERROR(Subproof(m, begin, begin + k, whole, subtree_root, proof));
    AWARD_ASSIGN_OR_RETURN(proof.emplace_back(), subtree_root(begin + k, end));
  } else {
    AWARD_RETURN_IF_ERROR(Subproof(m - k, begin + k, end, false, subtree_root, proof));
    AWARD_ASSIGN_OR_RETURN(proof.emplace_back(), subtree_root(begin, begin + k));
  }
  return absl::OkStatus();
}

absl::Status Refused(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("the proof does not verify: ", why));
}

}  // namespace

Hash LeafHash(absl::string_view leaf) { return Sha256({absl::string_view(kLeafPrefix, 1), leaf}); }

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256({absl::string_view(kNodePrefix, 1), HashBytes(left), HashBytes(right)});
}

Hash EmptyRoot() { return Sha256({}); }

uint64_t SplitPoint(uint64_t size) {
  uint64_t k = 1;
  while (k < size - k) k <<= 1;  // k < size / 2 rounded up, without overflow
  return k;
}

Hash SubtreeRootOf(absl::Span<const Hash> leaf_hashes, uint64_t begin, uint64_t end) {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return leaf_hashes[begin];
  const uint64_t k = SplitPoint(end - begin);
  return NodeHash(SubtreeRootOf(leaf_hashes, begin, begin + k),
                  SubtreeRootOf(leaf_hashes, begin + k, end));
}

absl::StatusOr<RightEdge> RightEdge::Of(uint64_t size, const SubtreeRoot& subtree_root) {
  RightEdge edge;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    if ((size >> level & 1) == 0) continue;
    const uint64_t end = begin + (uint64_t{1} << level);
    AWARD_ASSIGN_OR_RETURN(edge.roots_[level], subtree_root(begin, end));
    begin = end;
  }
  edge.size_ = size;
  return edge;
}

void RightEdge::Append(const Hash& leaf_hash, Completed completed) {
  Hash root = leaf_hash;
  int level = 0;
  uint64_t index = size_;
  completed(level, index, root);
  while ((size_ >> level & 1) != 0) {
    root = NodeHash(roots_[level], root);
    ++level;
    index >>= 1;
    completed(level, index, root);
  }
  roots_[level] = root;
  ++size_;
}

Hash RightEdge::Root() const {
  if (size_ == 0) return EmptyRoot();
  std::optional<Hash> root;
  for (int level = 0; level < 64; ++level) {
    if ((size_ >> level & 1) == 0) continue;
    root = root.has_value() ? NodeHash(roots_[level], *root) : roots_[level];
  }
  return *root;
}

absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                                 const SubtreeRoot& subtree_root) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("no leaf ", index, " in a tree of ", size, " leaves"));
  }
  std::vector<Hash> proof;
  AWARD_RETURN_IF_ERROR(Path(index, 0, size, subtree_root, proof));
  return proof;
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second,
                                                   const SubtreeRoot& subtree_root) {
  if (first == 0 || first > second) {
    return absl::InvalidArgumentError(
        absl::StrCat("no consistency proof from a tree of ", first, " leaves to one of ", second));
  }
  std::vector<Hash> proof;
  AWARD_RETURN_IF_ERROR(Subproof(first, 0, second, true, subtree_root, proof));
  return proof;
}

absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             absl::Span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return Refused(absl::StrCat("leaf ", index, " is not in a tree of ", size, " leaves"));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Refused("the path is longer than the tree is deep");
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Refused("the path is shorter than the tree is deep");
  if (r != root) return Refused("the path leads to another root");
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root,
                               const Hash& second_root, absl::Span<const Hash> proof) {
  if (first > second) {
    return Refused(
        absl::StrCat("a tree of ", first, " leaves cannot be a prefix of one of ", second));
  }
  if (first == second) {
    if (!proof.empty()) return Refused("a tree is its own prefix with an empty proof");
    if (first_root != second_root) return Refused("two trees of one size with two roots");
    return absl::OkStatus();
  }
  if (first == 0) {
    if (!proof.empty()) return Refused("the empty tree is a prefix of any with an empty proof");
    return absl::OkStatus();
  }
  if (proof.empty()) return Refused("the proof is empty");
  std::vector<Hash> path(proof.begin(), proof.end());
  // A first tree that is a whole subtree is not in the proof: it starts it.
  if ((first & (first - 1)) == 0) path.insert(path.begin(), first_root);
  uint64_t fn = first - 1;
  uint64_t sn = second - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Refused("the proof is longer than the trees are deep");
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Refused("the proof is shorter than the trees are deep");
  if (fr != first_root) return Refused("it leads to another first root");
  if (sr != second_root) return Refused("it leads to another second root");
  return absl::OkStatus();
}

}  // namespace eventstore::merkle

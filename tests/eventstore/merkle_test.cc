// The Merkle tree against RFC 6962/9162's reference vectors (the eight
// Certificate Transparency leaves, their roots for every size, and published
// inclusion and consistency proofs), then every position of every tree up to
// 64 leaves and every pair of sizes up to 40: each proof made verifies, and
// no spoiled proof does.
#include "eventstore/merkle.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "eventstore/sha256.h"
#include "gtest/gtest.h"

namespace eventstore::merkle {
namespace {

Hash H(const std::string& hex) { return *HashFromHex(hex); }

const std::vector<std::string> kLeaves = {"",
                                          "00",
                                          "10",
                                          "2021",
                                          "3031",
                                          "40414243",
                                          "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f"};

const std::vector<std::string> kRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> ReferenceLeafHashes() {
  std::vector<Hash> hashes;
  for (const std::string& hex : kLeaves) hashes.push_back(LeafHash(absl::HexStringToBytes(hex)));
  return hashes;
}

SubtreeRoot Over(const std::vector<Hash>& leaves) {
  return [&leaves](uint64_t begin, uint64_t end) -> absl::StatusOr<Hash> {
    return SubtreeRootOf(leaves, begin, end);
  };
}

TEST(MerkleTest, TheReferenceRootsForEverySize) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  EXPECT_EQ(EmptyRoot(), H(kRoots[0]));
  for (size_t size = 0; size <= leaves.size(); ++size) {
    EXPECT_EQ(SubtreeRootOf(leaves, 0, size), H(kRoots[size])) << size;
  }
}

TEST(MerkleTest, TheSplitIsTheLargestPowerOfTwoBelowTheSize) {
  for (const auto& [size, split] :
       std::vector<std::pair<uint64_t, uint64_t>>{{2, 1},
                                                  {3, 2},
                                                  {4, 2},
                                                  {5, 4},
                                                  {8, 4},
                                                  {9, 8},
                                                  {1000, 512},
                                                  {uint64_t{1} << 40, uint64_t{1} << 39},
                                                  {(uint64_t{1} << 63) + 1, uint64_t{1} << 63}}) {
    EXPECT_EQ(SplitPoint(size), split) << size;
  }
}

TEST(MerkleTest, TheReferenceInclusionProofs) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  struct Vector {
    uint64_t index, size;
    std::vector<std::string> proof;
  };
  for (const Vector& v :
       std::vector<Vector>{{0,
                            8,
                            {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
                           {5,
                            8,
                            {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
                           {0, 1, {}}}) {
    std::vector<Hash> expected;
    for (const std::string& hex : v.proof) expected.push_back(H(hex));
    absl::StatusOr<std::vector<Hash>> proof = InclusionProof(v.index, v.size, Over(leaves));
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_EQ(*proof, expected) << v.index << " of " << v.size;
    EXPECT_TRUE(
        VerifyInclusion(v.index, v.size, leaves[v.index], expected, H(kRoots[v.size])).ok());
  }
}

TEST(MerkleTest, TheReferenceConsistencyProofs) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  struct Vector {
    uint64_t first, second;
    std::vector<std::string> proof;
  };
  for (const Vector& v : std::vector<Vector>{
           {1, 1, {}},
           {2,
            8,
            {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
           {6,
            8,
            {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
           {2,
            5,
            {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}}}) {
    std::vector<Hash> expected;
    for (const std::string& hex : v.proof) expected.push_back(H(hex));
    absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(v.first, v.second, Over(leaves));
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_EQ(*proof, expected) << v.first << " to " << v.second;
    EXPECT_TRUE(
        VerifyConsistency(v.first, v.second, H(kRoots[v.first]), H(kRoots[v.second]), expected)
            .ok());
  }
}

std::vector<Hash> SyntheticLeaves(size_t count) {
  std::vector<Hash> leaves;
  for (size_t i = 0; i < count; ++i) leaves.push_back(LeafHash(std::string(1 + i % 7, char(i))));
  return leaves;
}

TEST(MerkleTest, EveryPositionOfEveryTreeProvesItselfAndNothingElse) {
  const std::vector<Hash> all = SyntheticLeaves(64);
  for (uint64_t size = 1; size <= all.size(); ++size) {
    const Hash root = SubtreeRootOf(all, 0, size);
    for (uint64_t index = 0; index < size; ++index) {
      absl::StatusOr<std::vector<Hash>> proof = InclusionProof(index, size, Over(all));
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_TRUE(VerifyInclusion(index, size, all[index], *proof, root).ok())
          << index << " of " << size;
      // Another leaf, another position, another size, a spoiled or cut path.
      EXPECT_FALSE(VerifyInclusion(index, size, all[(index + 1) % 64], *proof, root).ok());
      if (size > 1) {
        EXPECT_FALSE(VerifyInclusion((index + 1) % size, size, all[index], *proof, root).ok());
      }
      // The next tree's root, with this tree's path (a root and a size are
      // signed together in a checkpoint: a path alone does not bind the size).
      if (size < all.size()) {
        const Hash next_root = SubtreeRootOf(all, 0, size + 1);
        absl::StatusOr<std::vector<Hash>> next = InclusionProof(index, size + 1, Over(all));
        EXPECT_EQ(VerifyInclusion(index, size + 1, all[index], *proof, next_root).ok(),
                  *next == *proof)
            << index << " of " << size;
      }
      EXPECT_FALSE(VerifyInclusion(size, size, all[index], *proof, root).ok());
      for (size_t p = 0; p < proof->size(); ++p) {
        std::vector<Hash> spoiled = *proof;
        spoiled[p][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(index, size, all[index], spoiled, root).ok());
      }
      if (!proof->empty()) {
        std::vector<Hash> cut(proof->begin(), proof->end() - 1);
        EXPECT_FALSE(VerifyInclusion(index, size, all[index], cut, root).ok());
      }
      std::vector<Hash> longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(index, size, all[index], longer, root).ok());
    }
  }
  EXPECT_EQ(InclusionProof(3, 3, Over(all)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MerkleTest, EveryPairOfSizesProvesItsPrefixAndNoRewrittenHistoryDoes) {
  const std::vector<Hash> all = SyntheticLeaves(40);
  std::vector<Hash> rewritten = all;
  for (uint64_t second = 1; second <= all.size(); ++second) {
    const Hash second_root = SubtreeRootOf(all, 0, second);
    for (uint64_t first = 1; first <= second; ++first) {
      const Hash first_root = SubtreeRootOf(all, 0, first);
      absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(first, second, Over(all));
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_TRUE(VerifyConsistency(first, second, first_root, second_root, *proof).ok())
          << first << " to " << second;
      if (first == second) continue;
      // A history rewritten at any position below `first` is not consistent.
      const uint64_t changed = (first * 7 + second) % first;
      rewritten[changed][5] ^= 0x40;
      const Hash other_root = SubtreeRootOf(rewritten, 0, first);
      rewritten[changed][5] ^= 0x40;
      EXPECT_FALSE(VerifyConsistency(first, second, other_root, second_root, *proof).ok());
      // A larger tree's root with this proof: only when the proofs coincide.
      if (second < all.size()) {
        absl::StatusOr<std::vector<Hash>> next = ConsistencyProof(first, second + 1, Over(all));
        EXPECT_EQ(VerifyConsistency(first, second + 1, first_root,
                                    SubtreeRootOf(all, 0, second + 1), *proof)
                      .ok(),
                  *next == *proof)
            << first << " to " << second;
      }
      EXPECT_FALSE(VerifyConsistency(second, first, second_root, first_root, *proof).ok());
      for (size_t p = 0; p < proof->size(); ++p) {
        std::vector<Hash> spoiled = *proof;
        spoiled[p][31] ^= 1;
        EXPECT_FALSE(VerifyConsistency(first, second, first_root, second_root, spoiled).ok())
            << first << " to " << second << ", element " << p;
      }
      EXPECT_FALSE(VerifyConsistency(first, second, first_root, second_root, {}).ok());
    }
  }
  EXPECT_EQ(ConsistencyProof(0, 3, Over(all)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(4, 3, Over(all)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MerkleTest, TheRightEdgeGivesEveryRootAndCompletesEachWholeSubtreeOnce) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  RightEdge edge;
  EXPECT_EQ(edge.Root(), H(kRoots[0]));
  for (size_t i = 0; i < leaves.size(); ++i) {
    std::vector<std::pair<int, uint64_t>> completed;
    edge.Append(leaves[i], [&](int level, uint64_t index, const Hash& root) {
      completed.emplace_back(level, index);
      const uint64_t begin = index << level;
      EXPECT_EQ(root, SubtreeRootOf(leaves, begin, begin + (uint64_t{1} << level)));
    });
    EXPECT_EQ(edge.size(), i + 1);
    EXPECT_EQ(edge.Root(), H(kRoots[i + 1])) << i + 1;
    // Leaf i completes the subtrees it ends: one per trailing one bit of i, and itself.
    size_t expected = 1;
    for (uint64_t n = i; (n & 1) != 0; n >>= 1) ++expected;
    EXPECT_EQ(completed.size(), expected) << i;
  }
}

TEST(MerkleTest, TheRightEdgeOfAnySizeIsRebuiltFromWholeSubtrees) {
  const std::vector<Hash> all = SyntheticLeaves(70);
  for (uint64_t size = 0; size <= all.size(); ++size) {
    std::vector<std::pair<uint64_t, uint64_t>> asked;
    absl::StatusOr<RightEdge> edge =
        RightEdge::Of(size, [&](uint64_t begin, uint64_t end) -> absl::StatusOr<Hash> {
          asked.emplace_back(begin, end);
          return SubtreeRootOf(all, begin, end);
        });
    ASSERT_TRUE(edge.ok());
    EXPECT_EQ(edge->Root(), SubtreeRootOf(all, 0, size)) << size;
    for (const auto& [begin, end] : asked) {
      const uint64_t width = end - begin;
      EXPECT_EQ(width & (width - 1), 0u) << "asked for a subtree that is not whole";
      EXPECT_EQ(begin % width, 0u);
    }
    // Growing on from the rebuilt edge gives the same roots as the reference.
    if (size < all.size()) {
      edge->Append(all[size], [](int, uint64_t, const Hash&) {});
      EXPECT_EQ(edge->Root(), SubtreeRootOf(all, 0, size + 1)) << size;
    }
  }
}

}  // namespace
}  // namespace eventstore::merkle

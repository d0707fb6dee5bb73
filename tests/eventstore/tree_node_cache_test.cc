// The cache of the Merkle tree's upper levels on its own, with a loader that
// stands for the table files: it serves the levels that fit its budget from
// the root down, reads each chunk once and never beyond the tree size it is
// asked at, gives up its lowest levels as the tree outgrows the budget, keeps
// nothing of a failed read, and answers right under concurrent proofs.
#include "eventstore/internal/tree_node_cache.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace eventstore::internal {
namespace {

constexpr uint64_t kChunk = TreeNodeCache::kChunkNodes;
constexpr size_t kChunkBytes = sizeof(Hash) * kChunk + 64;  // a chunk, with room for its count

// What the table files would hold: a hash named by its node.
Hash NodeHash(int level, uint64_t index) {
  Hash hash{};
  hash[0] = static_cast<uint8_t>(level);
  for (int i = 0; i < 8; ++i) hash[1 + i] = static_cast<uint8_t>(index >> (8 * i));
  hash[31] = 0xAB;
  return hash;
}

// One node, as a proof of one node would ask for it.
absl::StatusOr<std::optional<Hash>> FindOne(TreeNodeCache& cache, int level, uint64_t index,
                                            uint64_t tree_size, TreeNodeCache::LoadNodes load) {
  const TreeNode node{level, index};
  std::optional<Hash> found;
  if (absl::Status status = cache.Find({&node, 1}, tree_size, load, {&found, 1}); !status.ok()) {
    return status;
  }
  return found;
}

struct Load {
  int level;
  uint64_t begin;
  uint64_t end;
};

class Loader {
 public:
  absl::Status operator()(int level, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
    loads.push_back({level, begin, end});
    if (fail) return absl::DataLossError("merkle_tree[level 0, index 3]: missing");
    for (uint64_t i = begin; i < end; ++i) out.push_back(NodeHash(level, i));
    return absl::OkStatus();
  }
  std::vector<Load> loads;
  bool fail = false;
};

TEST(TreeNodeCacheTest, ServesTheLevelsThatFitItsBudgetFromTheRootDown) {
  // A tree of 4 chunks of leaves has 11 levels. From the root, levels 10 to
  // 2 take a chunk each and level 1 two: eleven chunks. The leaves' four do
  // not fit as well.
  TreeNodeCache cache(11 * kChunkBytes);
  const uint64_t size = 4 * kChunk;
  const int lowest = cache.LowestLevelAt(size);
  EXPECT_EQ(lowest, 1);
  Loader loader;
  const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
    return loader(l, b, e, o);
  };
  for (int level = 0; (size >> level) > 0; ++level) {
    for (uint64_t index : {uint64_t{0}, (size >> level) - 1}) {
      absl::StatusOr<std::optional<Hash>> found = FindOne(cache, level, index, size, load);
      ASSERT_TRUE(found.ok()) << found.status();
      if (level < lowest) {
        EXPECT_FALSE(found->has_value()) << "level " << level;
      } else {
        ASSERT_TRUE(found->has_value()) << "level " << level;
        EXPECT_EQ(**found, NodeHash(level, index));
      }
    }
  }
  EXPECT_LE(cache.LoadedBytes(), 11 * kChunkBytes);
  EXPECT_EQ(TreeNodeCache(0).LowestLevelAt(size), TreeNodeCache::kNoLevel);
  EXPECT_EQ(TreeNodeCache(1 << 30).LowestLevelAt(size), 0);
}

TEST(TreeNodeCacheTest, ReadsEachChunkOnceAndNothingBeyondTheTreeSize) {
  TreeNodeCache cache(64 << 20);
  Loader loader;
  const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
    return loader(l, b, e, o);
  };
  // A tree of 2.5 chunks: the third chunk of leaves holds half its nodes.
  const uint64_t size = 2 * kChunk + kChunk / 2;
  ASSERT_EQ(**FindOne(cache, 0, 5, size, load), NodeHash(0, 5));
  ASSERT_EQ(**FindOne(cache, 0, kChunk - 1, size, load), NodeHash(0, kChunk - 1));
  ASSERT_EQ(loader.loads.size(), 1u);
  EXPECT_EQ(loader.loads[0].begin, 0u);
  EXPECT_EQ(loader.loads[0].end, kChunk);

  ASSERT_EQ(**FindOne(cache, 0, 2 * kChunk + 1, size, load), NodeHash(0, 2 * kChunk + 1));
  ASSERT_EQ(loader.loads.size(), 2u);
  EXPECT_EQ(loader.loads[1].begin, 2 * kChunk);
  EXPECT_EQ(loader.loads[1].end, size) << "only the nodes of the tree asked about";

  // The tree grew: the rest of the chunk is read from where the last read
  // ended, once.
  const uint64_t grown = 3 * kChunk;
  ASSERT_EQ(**FindOne(cache, 0, 3 * kChunk - 1, grown, load), NodeHash(0, 3 * kChunk - 1));
  ASSERT_EQ(**FindOne(cache, 0, 2 * kChunk + 1, grown, load), NodeHash(0, 2 * kChunk + 1));
  ASSERT_EQ(loader.loads.size(), 3u);
  EXPECT_EQ(loader.loads[2].begin, size);
  EXPECT_EQ(loader.loads[2].end, grown);

  // A node the tree does not hold whole is a caller's mistake, not a read.
  EXPECT_EQ(FindOne(cache, 0, grown, grown, load).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(FindOne(cache, 3, 0, 7, load).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(loader.loads.size(), 3u);
}

TEST(TreeNodeCacheTest, AnswersAProofsNodesTogetherReadingEachChunkOnce) {
  TreeNodeCache cache(11 * kChunkBytes);
  Loader loader;
  const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
    return loader(l, b, e, o);
  };
  const uint64_t size = 4 * kChunk;  // level 0 not kept (see above)
  const std::vector<TreeNode> nodes = {{0, 9}, {1, 1}, {1, 2}, {1, kChunk + 3}, {5, 0}, {10, 0}};
  std::vector<std::optional<Hash>> found(nodes.size());
  ASSERT_TRUE(cache.Find(nodes, size, load, absl::MakeSpan(found)).ok());
  EXPECT_FALSE(found[0].has_value());
  for (size_t i = 1; i < nodes.size(); ++i) {
    ASSERT_TRUE(found[i].has_value()) << i;
    EXPECT_EQ(*found[i], NodeHash(nodes[i].level, nodes[i].index));
  }
  // Level 1's two chunks, level 5's and level 10's: one read each.
  EXPECT_EQ(loader.loads.size(), 4u);
  ASSERT_TRUE(cache.Find(nodes, size, load, absl::MakeSpan(found)).ok());
  EXPECT_EQ(loader.loads.size(), 4u) << "all kept now";
}

TEST(TreeNodeCacheTest, GivesUpItsLowestLevelsAsTheTreeOutgrowsTheBudget) {
  TreeNodeCache cache(16 * kChunkBytes);
  Loader loader;
  const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
    return loader(l, b, e, o);
  };
  const uint64_t small = kChunk;
  ASSERT_EQ(cache.LowestLevelAt(small), 0);
  ASSERT_TRUE(FindOne(cache, 0, 1, small, load)->has_value());
  const uint64_t large = 64 * kChunk;
  const int lowest = cache.LowestLevelAt(large);
  ASSERT_GT(lowest, 0);
  ASSERT_TRUE(FindOne(cache, lowest, 0, large, load)->has_value());
  // Level 0 is no longer kept, even for the small tree's nodes it had.
  EXPECT_FALSE(FindOne(cache, 0, 1, small, load)->has_value());
  EXPECT_LE(cache.LoadedBytes(), 16 * kChunkBytes);
}

TEST(TreeNodeCacheTest, LeavesAChunkItCannotReadToTheCallerAndForgetsAllWhenCleared) {
  TreeNodeCache cache(64 << 20);
  Loader loader;
  const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
    return loader(l, b, e, o);
  };
  // A damaged node anywhere in the chunk: the caller reads node 3 itself,
  // and fails only if node 3 is the damaged one.
  loader.fail = true;
  absl::StatusOr<std::optional<Hash>> found = FindOne(cache, 0, 3, 100, load);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(cache.LoadedBytes(), 0u);
  loader.fail = false;
  ASSERT_EQ(**FindOne(cache, 0, 3, 100, load), NodeHash(0, 3));
  EXPECT_GT(cache.LoadedBytes(), 0u);
  cache.Clear();
  EXPECT_EQ(cache.LoadedBytes(), 0u);
  ASSERT_EQ(**FindOne(cache, 0, 3, 100, load), NodeHash(0, 3));
  EXPECT_EQ(loader.loads.size(), 3u) << "read again after the failure and after the clear";
}

TEST(TreeNodeCacheTest, AnswersRightUnderConcurrentProofsOfAGrowingTree) {
  TreeNodeCache cache(32 * kChunkBytes);  // small enough that levels are dropped meanwhile
  std::atomic<int> wrong{0};
  std::atomic<uint64_t> size{kChunk};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Loader loader;
      const auto load = [&](int l, uint64_t b, uint64_t e, std::vector<Hash>& o) {
        return loader(l, b, e, o);
      };
      uint64_t state = 0x9E3779B97F4A7C15ull * (t + 1);
      for (int i = 0; i < 20'000; ++i) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        const uint64_t tree_size = t == 0 ? size.fetch_add(7) + 7 : size.load();
        const int level = static_cast<int>(state % 12);
        if ((tree_size >> level) == 0) continue;
        const uint64_t index = (state >> 8) % (tree_size >> level);
        absl::StatusOr<std::optional<Hash>> found = FindOne(cache, level, index, tree_size, load);
        if (!found.ok() || (found->has_value() && **found != NodeHash(level, index))) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.LoadedBytes(), 32 * kChunkBytes);
}

}  // namespace
}  // namespace eventstore::internal

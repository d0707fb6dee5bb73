#include "eventstore/internal/tree_node_cache.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace eventstore::internal {

int TreeNodeCache::LowestLevelAt(uint64_t tree_size) const {
  // Chunks are allocated whole, so a level costs its chunks, not its nodes.
  size_t bytes = 0;
  int lowest = kNoLevel;
  for (int level = kNoLevel - 1; level >= 0; --level) {
    const uint64_t nodes = tree_size >> level;
    if (nodes == 0) continue;
    bytes += (nodes + kChunkNodes - 1) / kChunkNodes * sizeof(Chunk);
    if (bytes > budget_bytes_) break;
    lowest = level;
  }
  return lowest;
}

int TreeNodeCache::LowestKept(uint64_t tree_size) {
  // Sizes are below 2^57: a log of 2^57 events is far beyond any disk.
  uint64_t largest = largest_.load(std::memory_order_relaxed);
  while ((largest >> 7) < tree_size) {
    const uint64_t next = tree_size << 7 | static_cast<uint64_t>(LowestLevelAt(tree_size));
    if (largest_.compare_exchange_weak(largest, next)) return static_cast<int>(next & 127);
  }
  return static_cast<int>(largest & 127);
}

absl::Status TreeNodeCache::Find(absl::Span<const TreeNode> nodes, uint64_t tree_size,
                                 LoadNodes load, absl::Span<std::optional<Hash>> found) {
  const int lowest = LowestKept(tree_size);
  std::vector<bool> missing(nodes.size());
  bool any_missing = false;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (size_t i = 0; i < nodes.size(); ++i) {
      found[i].reset();
      const auto [level, index] = nodes[i];
      if (level < 0 || level < lowest || level >= kNoLevel) continue;
      found[i] = KeptLocked(level, index);
      missing[i] = !found[i].has_value();
      any_missing |= missing[i];
    }
  }
  if (!any_missing) return absl::OkStatus();
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!missing[i]) continue;
    const auto [level, index] = nodes[i];
    if (index >= tree_size >> level) {
      return absl::InternalError(absl::StrCat("merkle_tree[level ", level, ", index ", index,
                                              "] is not a whole subtree of a tree of ", tree_size));
    }
    // A chunk that cannot be read whole (a damaged neighbour, say) is left to
    // the caller's read of this node alone: a proof fails only on the nodes
    // it needs, and names them.
    if (absl::StatusOr<Hash> loaded = Load(nodes[i], tree_size, load); loaded.ok()) {
      found[i] = *loaded;
    }
  }
  return absl::OkStatus();
}

std::optional<Hash> TreeNodeCache::KeptLocked(int level, uint64_t index) const {
  const std::vector<std::unique_ptr<Chunk>>& chunks = levels_[level];
  const uint64_t chunk = index / kChunkNodes;
  if (chunk >= chunks.size() || chunks[chunk] == nullptr) return std::nullopt;
  if (index % kChunkNodes >= chunks[chunk]->count) return std::nullopt;
  return chunks[chunk]->hashes[index % kChunkNodes];
}

absl::StatusOr<Hash> TreeNodeCache::Load(TreeNode node, uint64_t tree_size, LoadNodes load) {
  const auto [level, index] = node;
  const uint64_t chunk = index / kChunkNodes;
  const uint64_t offset = index % kChunkNodes;
  uint64_t loaded = 0;
  {
    // An earlier node of the same proof may have loaded it.
    absl::ReaderMutexLock lock(&mu_);
    if (std::optional<Hash> kept = KeptLocked(level, index); kept.has_value()) return *kept;
    const std::vector<std::unique_ptr<Chunk>>& chunks = levels_[level];
    if (chunk < chunks.size() && chunks[chunk] != nullptr) loaded = chunks[chunk]->count;
  }
  // The rest of the chunk that the tree of `tree_size` holds whole, read
  // without the lock: proofs of other chunks go on meanwhile.
  const uint64_t whole = tree_size >> level;
  const uint64_t first = chunk * kChunkNodes;
  const uint64_t end = std::min(first + kChunkNodes, whole);
  std::vector<Hash> nodes;
  nodes.reserve(end - first - loaded);
  AWARD_RETURN_IF_ERROR(load(level, first + loaded, end, nodes));
  if (nodes.size() != end - first - loaded) {
    return absl::InternalError("the Merkle tree's nodes were not all read");
  }
  const Hash found = nodes[offset - loaded];

  absl::MutexLock lock(&mu_);
  const int lowest = LowestKept(tree_size);
  DropLevelsBelow(lowest);
  if (level < lowest) return found;
  std::vector<std::unique_ptr<Chunk>>& chunks = levels_[level];
  if (chunks.size() <= chunk) chunks.resize(chunk + 1);
  if (chunks[chunk] == nullptr) chunks[chunk] = std::make_unique<Chunk>();
  Chunk& kept = *chunks[chunk];
  // Another proof may have loaded some of these meanwhile, or the cache been
  // cleared (then what precedes them is missing and they are not kept).
  if (kept.count >= loaded) {
    for (uint64_t i = kept.count; i < end - first; ++i) kept.hashes[i] = nodes[i - loaded];
    kept.count = std::max(kept.count, end - first);
  }
  return found;
}

void TreeNodeCache::DropLevelsBelow(int lowest) {
  for (int level = 0; level < lowest && level < kNoLevel; ++level) {
    std::vector<std::unique_ptr<Chunk>>().swap(levels_[level]);
  }
}

void TreeNodeCache::Clear() {
  absl::MutexLock lock(&mu_);
  DropLevelsBelow(kNoLevel);
}

size_t TreeNodeCache::LoadedBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t chunks = 0;
  for (const std::vector<std::unique_ptr<Chunk>>& level : levels_) {
    chunks += std::count_if(level.begin(), level.end(), [](const auto& c) { return c != nullptr; });
  }
  return chunks * sizeof(Chunk);
}

}  // namespace eventstore::internal

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

absl::StatusOr<std::optional<Hash>> TreeNodeCache::Find(int level, uint64_t index,
                                                        uint64_t tree_size, LoadNodes load) {
  uint64_t largest = largest_size_.load(std::memory_order_relaxed);
  while (largest < tree_size && !largest_size_.compare_exchange_weak(largest, tree_size)) {
  }
  if (level < 0 || level >= kNoLevel || level < LowestLevelAt(std::max(largest, tree_size))) {
    return std::nullopt;
  }
  const uint64_t chunk = index / kChunkNodes;
  const uint64_t offset = index % kChunkNodes;
  uint64_t loaded = 0;
  {
    absl::ReaderMutexLock lock(&mu_);
    const std::vector<std::unique_ptr<Chunk>>& chunks = levels_[level];
    if (chunk < chunks.size() && chunks[chunk] != nullptr) {
      loaded = chunks[chunk]->count;
      if (offset < loaded) return chunks[chunk]->hashes[offset];
    }
  }
  // The rest of the chunk that the tree of `tree_size` holds whole, read
  // without the lock: proofs of other chunks go on meanwhile.
  const uint64_t whole = tree_size >> level;
  if (index >= whole) {
    return absl::InternalError(absl::StrCat("merkle_tree[level ", level, ", index ", index,
                                            "] is not a whole subtree of a tree of ", tree_size));
  }
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
  const int lowest = LowestLevelAt(largest_size_.load());
  DropLevelsBelow(lowest);
  if (level < lowest) return found;
  std::vector<std::unique_ptr<Chunk>>& chunks = levels_[level];
  if (chunks.size() <= chunk) chunks.resize(chunk + 1);
  if (chunks[chunk] == nullptr) {
    chunks[chunk] = std::make_unique<Chunk>();
    ++chunks_;
  }
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
    for (const std::unique_ptr<Chunk>& chunk : levels_[level]) chunks_ -= chunk != nullptr;
    std::vector<std::unique_ptr<Chunk>>().swap(levels_[level]);
  }
}

void TreeNodeCache::Clear() {
  absl::MutexLock lock(&mu_);
  DropLevelsBelow(kNoLevel);
}

size_t TreeNodeCache::LoadedBytes() const {
  absl::MutexLock lock(&mu_);
  return chunks_ * sizeof(Chunk);
}

}  // namespace eventstore::internal

#include "eventstore/internal/log_tree.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/keys.h"
#include "eventstore/rocksdb_status.h"
#include "eventstore/sha256.h"

namespace eventstore::internal {
namespace {

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

Hash LeafOf(const Hash& record_hash) { return merkle::LeafHash(HashBytes(record_hash)); }

rocksdb::Slice AsSlice(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// The level and index of a tree key, when it is one.
std::optional<std::pair<int, uint64_t>> DecodeTreeNodeKey(absl::string_view key) {
  if (key.size() != 9 || static_cast<uint8_t>(key[0]) >= 64) return std::nullopt;
  return std::make_pair(static_cast<int>(key[0]), *DecodeU64(key.substr(1)));
}

absl::Status NoTree() {
  return absl::FailedPreconditionError(
      "this store was written before the log had a Merkle tree and is opened read-only: open it "
      "once read-write (eventstore_server or awardd), which builds the tree");
}

constexpr uint64_t kBuildBatchLeaves = 10'000;

}  // namespace

std::string TreeNodeEntry(int level, uint64_t index) {
  return absl::StrCat("merkle_tree[level ", level, ", index ", index, "]");
}

void AddLeaf(LogDb& db, rocksdb::WriteBatch& batch, merkle::RightEdge& edge,
             const Hash& record_hash) {
  edge.Append(LeafOf(record_hash), [&](int level, uint64_t index, const Hash& root) {
    batch.Put(db.cf(ColumnFamily::kTree), TreeNodeKey(level, index), AsSlice(root));
  });
}

absl::StatusOr<uint64_t> StoredTreeSize(LogDb& db) {
  if (db.cf(ColumnFamily::kTree) == nullptr) return NoTree();
  std::unique_ptr<rocksdb::Iterator> it(
      db.db().NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kTree)));
  it->SeekForPrev(TreeNodeKey(0, std::numeric_limits<uint64_t>::max()));
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the Merkle tree"));
  if (!it->Valid()) return 0;
  std::optional<std::pair<int, uint64_t>> node = DecodeTreeNodeKey(View(it->key()));
  if (!node.has_value() || node->first != 0) {
    return absl::DataLossError(absl::StrCat("the Merkle tree's last leaf key is malformed (",
                                            it->key().ToString(/*hex=*/true), ")"));
  }
  return node->second + 1;
}

namespace {

using NodeLookup = absl::FunctionRef<absl::StatusOr<Hash>(int level, uint64_t index)>;

// MTH of leaves [begin, end) from whole subtrees: one node when the range is
// one, else split as RFC 9162 splits. Proofs only ask for ranges that start
// at a multiple of a power of two at least their size, which decompose into
// at most one whole subtree per level.
absl::StatusOr<Hash> RootFromNodes(uint64_t begin, uint64_t end, NodeLookup node) {
  const uint64_t n = end - begin;
  if (n == 0) return merkle::EmptyRoot();
  if ((n & (n - 1)) == 0 && begin % n == 0) {
    const int level = __builtin_ctzll(n);
    return node(level, begin >> level);
  }
  const uint64_t k = merkle::SplitPoint(n);
  AWARD_ASSIGN_OR_RETURN(const Hash left, RootFromNodes(begin, begin + k, node));
  AWARD_ASSIGN_OR_RETURN(const Hash right, RootFromNodes(begin + k, end, node));
  return merkle::NodeHash(left, right);
}

absl::StatusOr<Hash> NodeValue(int level, uint64_t index, const rocksdb::Status& status,
                               absl::string_view value) {
  if (status.IsNotFound()) {
    return absl::DataLossError(
        absl::StrCat(TreeNodeEntry(level, index), ": missing from the stored tree"));
  }
  AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the Merkle tree"));
  if (value.size() != 32) {
    return absl::DataLossError(
        absl::StrCat(TreeNodeEntry(level, index), ": holds ", value.size(), " bytes, not 32"));
  }
  Hash hash;
  std::copy(value.begin(), value.end(), hash.begin());
  return hash;
}

// Nodes [begin, end) of a level, in one pass over the table files, for the
// cache: it keeps them, so their blocks are not worth a place in RocksDB's.
absl::Status LoadLevel(LogDb& db, int level, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(read, db.cf(ColumnFamily::kTree)));
  uint64_t index = begin;
  for (it->Seek(TreeNodeKey(level, begin)); index < end; it->Next(), ++index) {
    const bool here = it->Valid() && View(it->key()) == TreeNodeKey(level, index);
    AWARD_ASSIGN_OR_RETURN(
        out.emplace_back(),
        NodeValue(level, index, here ? it->status() : rocksdb::Status::NotFound(),
                  here ? View(it->value()) : absl::string_view()));
  }
  return FromRocks(it->status(), "reading the Merkle tree");
}

// The stored hashes of `nodes` (sorted, unique): the cache's levels from
// memory, the others in one MultiGet.
absl::StatusOr<std::vector<Hash>> ReadNodes(LogDb& db, uint64_t tree_size,
                                            const std::vector<TreeNode>& nodes) {
  std::vector<std::optional<Hash>> kept(nodes.size());
  const auto load = [&](int level, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
    return LoadLevel(db, level, begin, end, out);
  };
  AWARD_RETURN_IF_ERROR(db.tree_nodes().Find(nodes, tree_size, load, absl::MakeSpan(kept)));
  std::vector<Hash> hashes(nodes.size());
  std::vector<size_t> unkept;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (kept[i].has_value()) {
      hashes[i] = *kept[i];
    } else {
      unkept.push_back(i);
    }
  }
  if (unkept.empty()) return hashes;
  std::vector<std::string> keys;
  keys.reserve(unkept.size());
  for (size_t i : unkept) keys.push_back(TreeNodeKey(nodes[i].level, nodes[i].index));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  // The levels below the cache are the largest, read at random: a cached
  // block would seldom serve again, and caching it costs each read 15 %.
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  db.db().MultiGet(read, db.cf(ColumnFamily::kTree), keys.size(), slices.data(), values.data(),
                   statuses.data(), /*sorted_input=*/true);
  for (size_t k = 0; k < unkept.size(); ++k) {
    const TreeNode& node = nodes[unkept[k]];
    AWARD_ASSIGN_OR_RETURN(hashes[unkept[k]],
                           NodeValue(node.level, node.index, statuses[k], View(values[k])));
  }
  return hashes;
}

}  // namespace

absl::StatusOr<Hash> StoredSubtreeRoot(LogDb& db, uint64_t begin, uint64_t end) {
  AWARD_ASSIGN_OR_RETURN(
      std::vector<Hash> root,
      ProveFromStoredTree(
          db, end, [&](const merkle::SubtreeRoot& subtrees) -> absl::StatusOr<std::vector<Hash>> {
            AWARD_ASSIGN_OR_RETURN(Hash hash, subtrees(begin, end));
            return std::vector<Hash>{hash};
          }));
  return root.front();
}

absl::StatusOr<std::vector<Hash>> ProveFromStoredTree(LogDb& db, uint64_t tree_size,
                                                      const Prove& prove) {
  if (db.cf(ColumnFamily::kTree) == nullptr) return NoTree();
  // First pass: which nodes the proof reads (its shape does not depend on
  // their hashes); then they are read all at once; then the proof.
  std::vector<TreeNode> nodes;
  const auto wanted = [&](uint64_t begin, uint64_t end) {
    return RootFromNodes(begin, end, [&](int level, uint64_t index) -> absl::StatusOr<Hash> {
      nodes.push_back({level, index});
      return Hash{};
    });
  };
  AWARD_RETURN_IF_ERROR(prove(wanted).status());
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  AWARD_ASSIGN_OR_RETURN(const std::vector<Hash> hashes, ReadNodes(db, tree_size, nodes));
  const auto fetched = [&](uint64_t begin, uint64_t end) {
    return RootFromNodes(begin, end, [&](int level, uint64_t index) -> absl::StatusOr<Hash> {
      const auto at = std::lower_bound(nodes.begin(), nodes.end(), TreeNode{level, index});
      return hashes[at - nodes.begin()];
    });
  };
  return prove(fetched);
}

absl::StatusOr<merkle::RightEdge> CompleteTree(LogDb& db, uint64_t log_size) {
  AWARD_ASSIGN_OR_RETURN(const uint64_t stored, StoredTreeSize(db));
  if (stored > log_size) {
    return absl::DataLossError(absl::StrCat("the Merkle tree holds ", stored,
                                            " leaves but the log only ", log_size, " records"));
  }
  AWARD_ASSIGN_OR_RETURN(merkle::RightEdge edge,
                         merkle::RightEdge::Of(stored, [&](uint64_t begin, uint64_t end) {
                           return StoredSubtreeRoot(db, begin, end);
                         }));
  if (stored == log_size) return edge;
  rocksdb::ReadOptions options;
  options.readahead_size = 2 << 20;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(options, db.cf(ColumnFamily::kEvents)));
  rocksdb::WriteBatch batch;
  uint64_t position = stored;
  for (it->Seek(EncodeU64(stored)); it->Valid() && position < log_size; it->Next(), ++position) {
    if (!KeyIsPosition(View(it->key()), position)) {
      return absl::DataLossError(
          absl::StrCat("position ", position, ": missing while the Merkle tree is built"));
    }
    AWARD_ASSIGN_OR_RETURN(RecordView record, ParseRecordAt(View(it->value()), position));
    AddLeaf(db, batch, edge, record.stored_hash);
    if (edge.size() % kBuildBatchLeaves == 0) {
      AWARD_RETURN_IF_ERROR(db.WriteDurably(batch));
      batch.Clear();
    }
  }
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (position != log_size) {
    return absl::DataLossError(
        absl::StrCat("position ", position, ": missing while the Merkle tree is built"));
  }
  AWARD_RETURN_IF_ERROR(db.WriteDurably(batch));
  return edge;
}

rocksdb::Iterator& TreeCheck::LevelAt(int level, uint64_t index) {
  std::unique_ptr<rocksdb::Iterator>& it = levels_[level];
  if (it == nullptr) {
    it.reset(db_.db().NewIterator(read_, db_.cf(ColumnFamily::kTree)));
    it->Seek(TreeNodeKey(level, index));
  }
  return *it;
}

absl::StatusOr<std::optional<IndexProblem>> TreeCheck::Record(const RecordView& record) {
  std::optional<IndexProblem> problem;
  absl::Status failed;
  edge_.Append(LeafOf(record.stored_hash), [&](int level, uint64_t index, const Hash& root) {
    if (problem.has_value() || !failed.ok()) return;
    rocksdb::Iterator& it = LevelAt(level, index);
    if (!it.status().ok()) {
      failed = FromRocks(it.status(), "reading the Merkle tree");
      return;
    }
    const std::string key = TreeNodeKey(level, index);
    const auto bad = [&](std::string why) {
      problem = IndexProblem{TreeNodeEntry(level, index), index << level, std::move(why)};
    };
    if (!it.Valid() || View(it.key()) != key) {
      bad("missing: the records make this node, the stored tree does not hold it");
    } else if (View(it.value()) != HashBytes(root)) {
      bad(absl::StrCat("holds ", it.value().ToString(/*hex=*/true), ", the records make ",
                       HashToHex(root)));
    } else {
      it.Next();
    }
  });
  AWARD_RETURN_IF_ERROR(failed);
  return problem;
}

absl::StatusOr<std::optional<IndexProblem>> TreeCheck::Finish() {
  for (int level = 0; level < 64; ++level) {
    rocksdb::Iterator& it = LevelAt(level, 0);
    AWARD_RETURN_IF_ERROR(FromRocks(it.status(), "reading the Merkle tree"));
    if (!it.Valid()) continue;
    std::optional<std::pair<int, uint64_t>> node = DecodeTreeNodeKey(View(it.key()));
    if (!node.has_value()) {
      return IndexProblem{"merkle_tree", std::nullopt,
                          absl::StrCat("a stray key (", it.key().ToString(/*hex=*/true), ")")};
    }
    if (node->first == level) {
      return IndexProblem{TreeNodeEntry(level, node->second), node->second << level,
                          "a node beyond the records: the log does not make it"};
    }
  }
  return std::nullopt;
}

}  // namespace eventstore::internal

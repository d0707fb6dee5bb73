#include "eventstore/internal/log_verifier.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/internal/index_check.h"
#include "eventstore/internal/log_tree.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"

namespace eventstore::internal {
namespace {

// Releases the snapshot however the verification ends.
class Snapshot {
 public:
  explicit Snapshot(rocksdb::DB& db) : db_(db), snapshot_(db.GetSnapshot()) {}
  ~Snapshot() { db_.ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB& db_;
  const rocksdb::Snapshot* snapshot_;
};

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

VerifyReport Bad(VerifyReport report, std::optional<uint64_t> position, std::string problem,
                 std::string index_entry = "") {
  report.ok = false;
  report.first_bad_position = position;
  report.problem = std::move(problem);
  report.index_entry = std::move(index_entry);
  return report;
}

VerifyReport Bad(VerifyReport report, const IndexProblem& problem) {
  return Bad(
      std::move(report), problem.position,
      problem.entry.empty() ? problem.problem : absl::StrCat(problem.entry, ": ", problem.problem),
      problem.entry);
}

// Why a record RocksDB could not read (a damaged table block, say) is bad.
std::string Unreadable(const rocksdb::Status& status) {
  return absl::StrCat("the record cannot be read: ", status.ToString());
}

constexpr uint64_t kStopCheckEvery = 4096;

}  // namespace

absl::StatusOr<VerifyReport> VerifyLog(LogDb& db, const VerifyRequest& request,
                                       uint64_t durable_count, const std::atomic<bool>* stop) {
  Snapshot snapshot(db.db());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.get();
  options.readahead_size = 2 << 20;
  options.fill_cache = false;
  // The stream heads' hashed memtable is scanned whole only in total order.
  options.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(options, db.cf(ColumnFamily::kEvents)));
  VerifyReport report;

  it->SeekToLast();
  if (!it->status().ok()) return Bad(report, 0, Unreadable(it->status()));
  uint64_t stored_count = 0;  // every record in the snapshot, synced or not
  if (it->Valid()) {
    std::optional<uint64_t> last = DecodeU64(View(it->key()));
    if (!last.has_value()) {
      return Bad(report, std::nullopt,
                 absl::StrCat("the log's last key is not a position (",
                              it->key().ToString(/*hex=*/true), ")"));
    }
    stored_count = *last + 1;
  }

  const bool whole = request.from_position == 0 && !request.to_position.has_value();
  const uint64_t durable = std::min(stored_count, durable_count);
  uint64_t end =
      request.to_position.has_value() ? std::min(*request.to_position + 1, durable) : durable;
  if (request.expected.has_value()) end = std::max(end, request.expected->event_count);
  // The whole log is read to its last key, so that every index entry has its record.
  const uint64_t scan_end = whole ? std::max(end, stored_count) : end;
  const uint64_t from = request.from_position;

  // The link into the range: genesis, or the hash of the proven record at from - 1.
  Hash previous = GenesisHash();
  if (from > 0 && from < scan_end) {
    it->Seek(EncodeU64(from - 1));
    if (!it->status().ok()) return Bad(report, from - 1, Unreadable(it->status()));
    if (!it->Valid() || DecodeU64(View(it->key())) != from - 1) {
      return Bad(report, from - 1, "the record before the verified range is missing");
    }
    absl::StatusOr<RecordView> before = ParseRecordAt(View(it->value()), from - 1);
    if (!before.ok()) return Bad(report, from - 1, std::string(before.status().message()));
    previous = before->stored_hash;
  }

  std::optional<IndexCheck> indexes;
  std::optional<TreeCheck> tree;
  if (whole) indexes.emplace(db, options);
  if (whole && db.cf(ColumnFamily::kTree) != nullptr) tree.emplace(db, options);
  std::optional<IndexProblem> tree_problem;
  // A problem of the chain at `position`, unless an id entry of a record
  // before it is wrong: the indexes' lookups of ids lag behind the scan.
  const auto chain_problem = [&](uint64_t position,
                                 std::string problem) -> absl::StatusOr<VerifyReport> {
    if (indexes.has_value()) {
      AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> earlier, indexes->CheckIds());
      if (earlier.has_value() && earlier->position < position) return Bad(report, *earlier);
    }
    return Bad(report, position, std::move(problem));
  };
  Hash head = previous;
  uint64_t position = from;
  it->Seek(EncodeU64(from));
  for (; position < scan_end; ++position, it->Next()) {
    if (!it->status().ok()) return chain_problem(position, Unreadable(it->status()));
    if (stop != nullptr && position % kStopCheckEvery == 0 && stop->load()) {
      return absl::CancelledError("the verification was stopped");
    }
    if (!it->Valid()) {
      return chain_problem(
          position,
          absl::StrCat("missing record: the log ends at ", position, " but ",
                       request.expected.has_value() && end == request.expected->event_count
                           ? absl::StrCat("the saved digest covers ", end, " events")
                           : absl::StrCat("should reach ", scan_end)));
    }
    std::optional<uint64_t> key = DecodeU64(View(it->key()));
    if (!key.has_value()) {
      return chain_problem(
          position, absl::StrCat("a stray key in the log (", it->key().ToString(/*hex=*/true),
                                 ") where position ", position, " belongs"));
    }
    if (*key != position) {
      return chain_problem(position,
                           absl::StrCat("missing record: the next stored position is ", *key));
    }
    absl::StatusOr<RecordView> view = ParseRecordAt(View(it->value()), position);
    if (!view.ok()) return chain_problem(position, std::string(view.status().message()));
    if (absl::Status linked = CheckLink(previous, *view); !linked.ok()) {
      return chain_problem(position, std::string(linked.message()));
    }
    if (request.expected.has_value() && position + 1 == request.expected->event_count &&
        view->stored_hash != request.expected->head_hash) {
      return chain_problem(
          position,
          absl::StrCat("the hash at position ", position, " is ", HashToHex(view->stored_hash),
                       ", the saved digest says ", HashToHex(request.expected->head_hash)));
    }
    if (indexes.has_value()) {
      AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> problem, indexes->Record(*view));
      if (problem.has_value()) return Bad(report, *problem);
    }
    // A leaf that differs may be a record rewritten with a fresh hash: the
    // chain names that at the next link, so the tree's verdict waits.
    if (tree.has_value() && !tree_problem.has_value()) {
      AWARD_ASSIGN_OR_RETURN(tree_problem, tree->Record(*view));
    }
    if (position < end) {
      head = view->stored_hash;
      ++report.verified_count;
    }
    previous = view->stored_hash;
  }
  if (!it->status().ok()) return chain_problem(position, Unreadable(it->status()));
  if (indexes.has_value()) {
    AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> problem, indexes->Finish());
    if (problem.has_value()) return Bad(report, *problem);
    if (tree.has_value() && !tree_problem.has_value()) {
      AWARD_ASSIGN_OR_RETURN(tree_problem, tree->Finish());
    }
    if (tree_problem.has_value()) return Bad(report, *tree_problem);
    // Every block of every table file, Bloom filters and table indexes too,
    // which the scans above do not all read.
    if (const rocksdb::Status tables = db.db().VerifyChecksum(options); !tables.ok()) {
      return Bad(report, std::nullopt,
                 absl::StrCat("a table file does not match its checksums: ", tables.ToString()));
    }
  }
  if (request.expected.has_value() && request.expected->event_count == 0 &&
      request.expected->head_hash != GenesisHash()) {
    return Bad(report, 0, "a saved digest of an empty log must hold the genesis value");
  }
  report.ok = true;
  report.head = LogDigest{std::min(position, end), head};
  return report;
}

}  // namespace eventstore::internal

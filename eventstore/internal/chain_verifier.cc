#include "eventstore/internal/chain_verifier.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
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

VerifyReport Bad(VerifyReport report, uint64_t position, std::string problem) {
  report.ok = false;
  report.first_bad_position = position;
  report.problem = std::move(problem);
  return report;
}

}  // namespace

absl::StatusOr<VerifyReport> VerifyChain(LogDb& db, const VerifyRequest& request,
                                         uint64_t durable_count) {
  Snapshot snapshot(db.db());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.get();
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(options, db.cf(ColumnFamily::kEvents)));

  it->SeekToLast();
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  uint64_t stored_count = 0;
  if (it->Valid()) {
    std::optional<uint64_t> last = DecodeU64(absl::string_view(it->key().data(), it->key().size()));
    if (!last.has_value()) return absl::DataLossError("the last key of the log is malformed");
    stored_count = std::min(*last + 1, durable_count);
  }

  VerifyReport report;
  uint64_t end = request.to_position.has_value() ? std::min(*request.to_position + 1, stored_count)
                                                 : stored_count;
  if (request.expected.has_value()) end = std::max(end, request.expected->event_count);
  const uint64_t from = request.from_position;

  // The link into the range: genesis, or the recomputed hash of from - 1.
  Hash prev = GenesisHash();
  if (from > 0 && from < end) {
    it->Seek(EncodeU64(from - 1));
    AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
    absl::StatusOr<RecordView> before =
        it->Valid() ? ParseRecord(absl::string_view(it->value().data(), it->value().size()))
                    : absl::DataLossError("missing");
    if (!before.ok() || before->position != from - 1) {
      return Bad(report, from - 1, "the record before the verified range is missing or malformed");
    }
    prev = ComputeHash(*before);
  }

  uint64_t position = from;
  it->Seek(EncodeU64(from));
  for (; position < end; ++position, it->Next()) {
    AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
    if (!it->Valid()) {
      return Bad(report, position,
                 absl::StrCat("missing record: the log ends at ", position, " but ",
                              request.expected.has_value() && end == request.expected->event_count
                                  ? absl::StrCat("the saved digest covers ", end, " events")
                                  : absl::StrCat("should reach ", end)));
    }
    std::optional<uint64_t> key = DecodeU64(absl::string_view(it->key().data(), it->key().size()));
    if (!key.has_value()) return Bad(report, position, "malformed key in the log");
    if (*key != position) {
      return Bad(report, position,
                 absl::StrCat("missing record: the next stored position is ", *key));
    }
    absl::StatusOr<RecordView> view =
        ParseRecord(absl::string_view(it->value().data(), it->value().size()));
    if (!view.ok()) return Bad(report, position, std::string(view.status().message()));
    if (view->position != position) {
      return Bad(report, position,
                 absl::StrCat("the record says it is at position ", view->position,
                              " (inserted or moved)"));
    }
    if (view->prev_hash != prev) {
      return Bad(report, position,
                 position == 0 ? std::string("prev_hash is not the genesis value")
                               : absl::StrCat("prev_hash does not match the hash of position ",
                                              position - 1));
    }
    const Hash hash = ComputeHash(*view);
    if (hash != view->stored_hash) {
      return Bad(report, position, "the record's bytes do not match its stored hash (altered)");
    }
    if (request.expected.has_value() && position + 1 == request.expected->event_count &&
        hash != request.expected->head_hash) {
      return Bad(report, position,
                 absl::StrCat("the hash at position ", position, " is ", HashToHex(hash),
                              ", the saved digest says ", HashToHex(request.expected->head_hash)));
    }
    prev = hash;
    ++report.verified_count;
  }
  if (request.expected.has_value() && request.expected->event_count == 0 &&
      request.expected->head_hash != GenesisHash()) {
    return Bad(report, 0, "a saved digest of an empty log must hold the genesis value");
  }
  report.ok = true;
  report.head = LogDigest{position, prev};
  return report;
}

}  // namespace eventstore::internal

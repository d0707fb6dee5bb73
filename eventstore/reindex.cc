#include "eventstore/reindex.h"

#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/internal/commit_group.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/internal/log_tree.h"
#include "eventstore/internal/log_verifier.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "rocksdb/write_batch.h"

namespace eventstore {
namespace {

using internal::LogDb;

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

// Index entries built from the records in position order, written in batches.
class IndexWriter {
 public:
  explicit IndexWriter(LogDb& db) : db_(db) {}

  absl::Status Add(const RecordView& record) {
    batch_.Put(db_.cf(ColumnFamily::kEventIds), rocksdb::Slice(record.id.data(), record.id.size()),
               EncodeU64(record.position));
    auto [it, added] = streams_.try_emplace(record.stream);
    Stream& stream = it->second;
    // A run goes on while the stream's versions follow each other at
    // consecutive positions.
    if (!added && stream.run_position + stream.run_count == record.position) {
      ++stream.run_count;
    } else {
      if (!added) PutRun(record.stream, stream);
      stream.run_version = record.version;
      stream.run_position = record.position;
      stream.run_count = 1;
    }
    stream.last_version = record.version;
    stream.last_position = record.position;
    if (batch_.Count() >= 10'000) return Flush();
    return absl::OkStatus();
  }

  absl::Status Finish() {
    for (const auto& [name, stream] : streams_) {
      PutRun(name, stream);
      batch_.Put(db_.cf(ColumnFamily::kStreamHeads), name,
                 EncodeStreamHead(stream.last_version, stream.last_position));
    }
    return Flush();
  }

  uint64_t streams() const { return streams_.size(); }
  uint64_t runs() const { return runs_; }

 private:
  struct Stream {
    uint64_t run_version = 0;
    uint64_t run_position = 0;
    uint64_t run_count = 0;
    uint64_t last_version = 0;
    uint64_t last_position = 0;
  };

  void PutRun(absl::string_view name, const Stream& stream) {
    batch_.Put(db_.cf(ColumnFamily::kStreamIndex), StreamIndexKey(name, stream.run_version),
               EncodeStreamRunValue(stream.run_position, stream.run_count));
    ++runs_;
  }

  absl::Status Flush() {
    AWARD_RETURN_IF_ERROR(db_.WriteDurably(batch_));
    batch_.Clear();
    return absl::OkStatus();
  }

  LogDb& db_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, Stream> streams_;
  uint64_t runs_ = 0;
};

}  // namespace

absl::StatusOr<RebuiltIndexes> RebuildIndexes(const std::string& data_dir) {
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<LogDb> db, LogDb::Open(data_dir));
  AWARD_ASSIGN_OR_RETURN(internal::LogHead head, internal::ReadLogHead(*db));
  if (head.next_position > 0) {
    // The chain alone: the indexes are what is being replaced.
    AWARD_ASSIGN_OR_RETURN(
        VerifyReport chain,
        internal::VerifyLog(*db, {.from_position = 0, .to_position = head.next_position - 1},
                            head.next_position));
    if (!chain.ok) {
      return absl::DataLossError(absl::StrCat(
          "the log's chain does not verify, so its indexes were not rebuilt: ", chain.problem,
          "; restore the latest backup into a new data directory (eventstore_restore)"));
    }
  }
  AWARD_RETURN_IF_ERROR(db->ResetIndexes());
  IndexWriter writer(*db);
  {
    rocksdb::ReadOptions options;
    options.readahead_size = 2 << 20;
    options.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(
        db->db().NewIterator(options, db->cf(ColumnFamily::kEvents)));
    uint64_t position = 0;
    for (it->SeekToFirst(); it->Valid() && position < head.next_position; it->Next(), ++position) {
      AWARD_ASSIGN_OR_RETURN(RecordView record, ParseRecordAt(View(it->value()), position));
      AWARD_RETURN_IF_ERROR(writer.Add(record));
    }
    AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  }
  AWARD_RETURN_IF_ERROR(writer.Finish());
  AWARD_RETURN_IF_ERROR(internal::CompleteTree(*db, head.next_position).status());
  AWARD_ASSIGN_OR_RETURN(VerifyReport report, internal::VerifyLog(*db, {}, head.next_position));
  if (!report.ok) {
    return absl::InternalError(absl::StrCat("the rebuilt indexes do not verify: ", report.problem));
  }
  AWARD_RETURN_IF_ERROR(db->Close());
  return RebuiltIndexes{report.head, writer.streams(), writer.runs()};
}

}  // namespace eventstore

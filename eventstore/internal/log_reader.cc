#include "eventstore/internal/log_reader.h"

#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"

namespace eventstore::internal {
namespace {

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

// What an event counts for against kMaxReadBytes.
size_t ReadBytes(const RecordView& view) {
  constexpr size_t kEnvelope = 160;  // ids, hashes, numbers and protobuf tags
  return view.hashed.size() + kEnvelope;
}

// Reads the event at `position` into `out`; returns what it counts for
// against kMaxReadBytes.
absl::StatusOr<size_t> LoadEvent(LogDb& db, uint64_t position, RecordedEvent& out) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.GetRecord(position));
  if (!stored.has_value()) {
    return absl::DataLossError(
        absl::StrCat("the stream index points at position ", position, ", which holds no record"));
  }
  AWARD_ASSIGN_OR_RETURN(RecordView view, ParseRecord(*stored));
  AWARD_RETURN_IF_ERROR(CopyRecordedEvent(view, out));
  return ReadBytes(view);
}

// Walks the runs of one stream in its index (keys.h).
class RunCursor {
 public:
  RunCursor(LogDb& db, absl::string_view stream)
      : stream_(stream),
        prefix_(StreamIndexPrefix(stream)),
        it_(db.db().NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kStreamIndex))) {}

  // The run holding `version`, or the last one before it.
  absl::StatusOr<std::optional<StreamRun>> SeekTo(uint64_t version) {
    it_->SeekForPrev(StreamIndexKey(stream_, version));
    return Current();
  }
  absl::StatusOr<std::optional<StreamRun>> Next() {
    it_->Next();
    return Current();
  }
  absl::StatusOr<std::optional<StreamRun>> Prev() {
    it_->Prev();
    return Current();
  }

 private:
  absl::StatusOr<std::optional<StreamRun>> Current() {
    AWARD_RETURN_IF_ERROR(FromRocks(it_->status(), "reading the stream index"));
    if (!it_->Valid() || !absl::StartsWith(View(it_->key()), prefix_)) return std::nullopt;
    std::optional<StreamRun> run = DecodeStreamRun(View(it_->key()), View(it_->value()), stream_);
    if (!run.has_value()) {
      return absl::DataLossError(absl::StrCat("malformed index entry of stream '", stream_, "'"));
    }
    return run;
  }

  absl::string_view stream_;
  std::string prefix_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

absl::Status StreamNotFound(absl::string_view stream) {
  return absl::NotFoundError(absl::StrCat("stream '", stream, "' has no events"));
}

}  // namespace

absl::StatusOr<std::optional<LogDb::StreamHead>> FindDurableStreamHead(LogDb& db,
                                                                       absl::string_view stream,
                                                                       uint64_t durable_count) {
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head, db.FindStreamHead(stream));
  if (!head.has_value() || head->position < durable_count) return head;
  // The head is written but not yet synced: walk back to the last durable version.
  RunCursor runs(db, stream);
  AWARD_ASSIGN_OR_RETURN(std::optional<StreamRun> run, runs.SeekTo(head->version));
  while (run.has_value()) {
    if (run->first_position < durable_count) {
      const uint64_t last =
          run->first_version + std::min(run->count - 1, durable_count - 1 - run->first_position);
      return LogDb::StreamHead{last, run->PositionOf(last)};
    }
    AWARD_ASSIGN_OR_RETURN(run, runs.Prev());
  }
  return std::nullopt;
}

absl::StatusOr<ReadStreamResult> ReadStream(LogDb& db, const ReadStreamRequest& request,
                                            uint64_t durable_count) {
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head,
                         FindDurableStreamHead(db, request.stream, durable_count));
  if (!head.has_value()) return StreamNotFound(request.stream);
  const bool forward = request.direction == Direction::kForward;
  const uint64_t from = std::min(request.from_version, head->version);

  ReadStreamResult result;
  if (forward && request.from_version != kEnd && request.from_version > head->version) {
    result.next_version = request.from_version;
    result.end_of_stream = true;
    return result;
  }
  RunCursor runs(db, request.stream);
  AWARD_ASSIGN_OR_RETURN(std::optional<StreamRun> run, runs.SeekTo(from));
  const size_t limit = std::min<size_t>(request.max_count, kMaxReadEvents);
  size_t bytes = 0;
  size_t bytes_read = 0;
  uint64_t version = from;
  // Reads `version` of the current run; false once the read is full.
  auto take = [&]() -> absl::StatusOr<bool> {
    if (result.events.size() >= limit || bytes >= kMaxReadBytes || version > head->version) {
      return false;
    }
    AWARD_ASSIGN_OR_RETURN(bytes_read,
                           LoadEvent(db, run->PositionOf(version), result.events.emplace_back()));
    bytes += bytes_read;
    return true;
  };
  bool more = true;
  while (more && run.has_value()) {
    if (version < run->first_version || version > run->last_version()) {
      return absl::DataLossError(absl::StrCat("the index of stream '", request.stream,
                                              "' has no run holding version ", version));
    }
    if (forward) {
      for (; more && version <= run->last_version(); ++version) {
        AWARD_ASSIGN_OR_RETURN(more, take());
      }
      if (more) {
        AWARD_ASSIGN_OR_RETURN(run, runs.Next());
      }
    } else {
      while (more) {
        AWARD_ASSIGN_OR_RETURN(more, take());
        if (!more || version == run->first_version) break;
        --version;
      }
      if (!more || version == 0) break;
      --version;
      AWARD_ASSIGN_OR_RETURN(run, runs.Prev());
    }
  }

  if (result.events.empty()) {
    result.next_version = from;
    result.end_of_stream = true;
    return result;
  }
  const uint64_t last = result.events.back().version;
  if (forward) {
    result.next_version = last + 1;
    result.end_of_stream = last >= head->version;
  } else {
    result.next_version = last == 0 ? 0 : last - 1;
    result.end_of_stream = last == 0;
  }
  return result;
}

absl::StatusOr<ReadAllResult> ReadAll(LogDb& db, const ReadAllRequest& request,
                                      uint64_t durable_count) {
  const bool forward = request.direction == Direction::kForward;
  ReadAllResult result;
  if (durable_count == 0) {
    result.next_position = request.from_position == kEnd ? 0 : request.from_position;
    result.end_of_log = true;
    return result;
  }
  const uint64_t start = request.from_position == kEnd || !forward
                             ? std::min(request.from_position, durable_count - 1)
                             : request.from_position;
  if (start >= durable_count) {
    result.next_position = start;
    result.end_of_log = true;
    return result;
  }

  rocksdb::ReadOptions options;
  options.readahead_size = 2 << 20;
  // A scan of the log would only push the indexes' hot blocks out of the cache;
  // live readers find the newest events in the memtable anyway.
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(options, db.cf(ColumnFamily::kEvents)));
  if (forward) {
    it->Seek(EncodeU64(start));
  } else {
    it->SeekForPrev(EncodeU64(start));
  }

  result.events.reserve(std::min<size_t>(request.max_count, 4096));
  std::optional<uint64_t> last_scanned;
  size_t scanned = 0;
  size_t bytes = 0;
  bool at_durable_end = false;
  const size_t limit = std::min<size_t>(request.max_count, kMaxReadEvents);
  while (it->Valid() && result.events.size() < limit && scanned < kMaxScannedRecords &&
         bytes < kMaxReadBytes) {
    AWARD_ASSIGN_OR_RETURN(RecordView view, ParseRecord(View(it->value())));
    if (view.position >= durable_count) {
      at_durable_end = true;
      break;
    }
    ++scanned;
    last_scanned = view.position;
    if (request.filter.Matches(view.stream, view.type)) {
      AWARD_RETURN_IF_ERROR(CopyRecordedEvent(view, result.events.emplace_back()));
      bytes += ReadBytes(view);
    }
    if (forward) {
      it->Next();
    } else {
      it->Prev();
    }
  }
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));

  result.end_of_log = at_durable_end || !it->Valid() ||
                      (forward && last_scanned.has_value() && *last_scanned + 1 >= durable_count);
  if (!last_scanned.has_value()) {
    result.next_position = start;
  } else if (forward) {
    result.next_position = *last_scanned + 1;
  } else {
    result.next_position = *last_scanned == 0 ? 0 : *last_scanned - 1;
  }
  return result;
}

absl::StatusOr<StreamInfo> GetStreamInfo(LogDb& db, absl::string_view stream,
                                         uint64_t durable_count) {
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head,
                         FindDurableStreamHead(db, stream, durable_count));
  if (!head.has_value()) return StreamNotFound(stream);
  RunCursor runs(db, stream);
  AWARD_ASSIGN_OR_RETURN(std::optional<StreamRun> first, runs.SeekTo(0));
  if (!first.has_value() || first->first_version != 0) {
    return absl::DataLossError(absl::StrCat("stream '", stream, "' has no version 0 in its index"));
  }
  RecordedEvent created;
  AWARD_RETURN_IF_ERROR(LoadEvent(db, first->first_position, created).status());
  return StreamInfo{std::string(stream), head->version, head->position, created.recorded_time};
}

}  // namespace eventstore::internal

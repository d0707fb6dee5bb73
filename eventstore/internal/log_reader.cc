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

absl::StatusOr<RecordedEvent> LoadEvent(LogDb& db, uint64_t position) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.GetRecord(position));
  if (!stored.has_value()) {
    return absl::DataLossError(
        absl::StrCat("the stream index points at position ", position, ", which holds no record"));
  }
  AWARD_ASSIGN_OR_RETURN(RecordView view, ParseRecord(*stored));
  return ToRecordedEvent(view);
}

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
  const std::string prefix = StreamIndexPrefix(stream);
  std::unique_ptr<rocksdb::Iterator> it(
      db.db().NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kStreamIndex)));
  for (it->SeekForPrev(StreamIndexKey(stream, head->version));
       it->Valid() && absl::StartsWith(View(it->key()), prefix); it->Prev()) {
    std::optional<uint64_t> version = StreamIndexVersion(View(it->key()), stream);
    std::optional<uint64_t> position = DecodeU64(View(it->value()));
    if (!version.has_value() || !position.has_value()) {
      return absl::DataLossError("malformed stream index entry");
    }
    if (*position < durable_count) return LogDb::StreamHead{*version, *position};
  }
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));
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
  const std::string prefix = StreamIndexPrefix(request.stream);
  std::unique_ptr<rocksdb::Iterator> it(
      db.db().NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kStreamIndex)));
  if (forward) {
    it->Seek(StreamIndexKey(request.stream, from));
  } else {
    it->SeekForPrev(StreamIndexKey(request.stream, from));
  }
  size_t bytes = 0;
  while (it->Valid() && absl::StartsWith(View(it->key()), prefix) &&
         result.events.size() < request.max_count && bytes < kMaxReadBytes) {
    std::optional<uint64_t> position = DecodeU64(View(it->value()));
    if (!position.has_value()) return absl::DataLossError("malformed stream index entry");
    if (*position >= durable_count) break;  // not yet durable, nor anything after it
    AWARD_ASSIGN_OR_RETURN(RecordedEvent event, LoadEvent(db, *position));
    bytes += event.event.payload.size();
    result.events.push_back(std::move(event));
    if (forward) {
      it->Next();
    } else {
      it->Prev();
    }
  }
  AWARD_RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));

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
  while (it->Valid() && result.events.size() < request.max_count && scanned < kMaxScannedRecords &&
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
      bytes += view.payload.size();
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
  AWARD_ASSIGN_OR_RETURN(std::optional<uint64_t> first, db.FindStreamVersion(stream, 0));
  if (!first.has_value()) {
    return absl::DataLossError(absl::StrCat("stream '", stream, "' has no version 0 in its index"));
  }
  AWARD_ASSIGN_OR_RETURN(RecordedEvent created, LoadEvent(db, *first));
  return StreamInfo{std::string(stream), head->version, head->position, created.recorded_time};
}

}  // namespace eventstore::internal

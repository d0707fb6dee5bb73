#include "eventstore/internal/log_reader.h"

#include <algorithm>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/internal/index_check.h"
#include "eventstore/internal/record_hasher.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "rocksdb/snapshot.h"

namespace eventstore::internal {
namespace {

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

// What an event counts for against kMaxReadBytes.
size_t ReadBytes(const RecordView& view) {
  constexpr size_t kEnvelope = 160;  // ids, hashes, numbers and protobuf tags
  return view.hashed.size() + kEnvelope;
}

// Reads the event that `run` of `stream` holds as `version` into `out`, proven
// and checked to be that event; returns what it counts for against
// kMaxReadBytes.
absl::StatusOr<size_t> LoadStreamEvent(LogDb& db, absl::string_view stream, const StreamRun& run,
                                       uint64_t version, RecordedEvent& out,
                                       const rocksdb::ReadOptions& read = rocksdb::ReadOptions()) {
  const uint64_t position = run.PositionOf(version);
  const auto wrong = [&](absl::string_view problem) {
    return absl::DataLossError(absl::StrCat(StreamIndexEntry(stream, run.first_version),
                                            ": puts version ", version, " at position ", position,
                                            ", ", problem));
  };
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.GetRecord(position, read));
  if (!stored.has_value()) return wrong("which holds no record");
  absl::StatusOr<RecordView> view = ParseRecordAt(*stored, position);
  if (!view.ok()) return wrong(view.status().message());
  if (view->stream != stream || view->version != version) {
    return wrong(absl::StrCat("which holds version ", view->version, " of stream '",
                              absl::CHexEscape(view->stream), "'"));
  }
  AWARD_RETURN_IF_ERROR(CopyRecordedEvent(*view, out));
  return ReadBytes(*view);
}

// The hash of the proven record at `position`.
absl::StatusOr<Hash> ProvenHashAt(LogDb& db, uint64_t position) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.GetRecord(position));
  if (!stored.has_value()) {
    return absl::DataLossError(absl::StrCat("position ", position, ": missing record"));
  }
  AWARD_ASSIGN_OR_RETURN(RecordView view, ParseRecordAt(*stored, position));
  return view.stored_hash;
}

// Walks the runs of one stream in its index (keys.h).
class RunCursor {
 public:
  RunCursor(LogDb& db, absl::string_view stream,
            const rocksdb::ReadOptions& read = rocksdb::ReadOptions())
      : stream_(stream),
        prefix_(StreamIndexPrefix(stream)),
        it_(db.db().NewIterator(read, db.cf(ColumnFamily::kStreamIndex))) {}

  // The stream's last run.
  absl::StatusOr<std::optional<StreamRun>> SeekToLast() { return SeekTo(kEnd); }
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
      std::optional<uint64_t> version = StreamIndexVersion(View(it_->key()), stream_);
      return absl::DataLossError(absl::StrCat(
          version.has_value() ? StreamIndexEntry(stream_, *version)
                              : absl::StrCat("stream_index[", it_->key().ToString(true), "]"),
          ": malformed entry"));
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

absl::StatusOr<LogDigest> ProvenDigest(LogDb& db, const LogDigest& head) {
  if (head.event_count == 0) return head;
  AWARD_ASSIGN_OR_RETURN(Hash hash, ProvenHashAt(db, head.event_count - 1));
  if (hash != head.head_hash) {
    return absl::DataLossError(absl::StrCat(
        "position ", head.event_count - 1, ": the head's record hashes to ", HashToHex(hash),
        ", not to the head hash ", HashToHex(head.head_hash), " the log acknowledged"));
  }
  return head;
}

absl::StatusOr<std::optional<LogDb::StreamHead>> FindStreamHead(LogDb& db,
                                                                absl::string_view stream) {
  // One snapshot, so that an append in between cannot make them disagree.
  rocksdb::ManagedSnapshot snapshot(&db.db());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head, db.FindStreamHead(stream, read));
  if (!head.has_value()) {
    // Runs tile a stream from version 0: without a run there, it has none.
    std::string run;
    rocksdb::Status status =
        db.db().Get(read, db.cf(ColumnFamily::kStreamIndex), StreamIndexKey(stream, 0), &run);
    if (status.IsNotFound()) return std::nullopt;
    AWARD_RETURN_IF_ERROR(FromRocks(status, "reading the stream index"));
    return absl::DataLossError(absl::StrCat(StreamHeadEntry(stream), ": missing, but ",
                                            StreamIndexEntry(stream, 0), " holds a run"));
  }
  RunCursor runs(db, stream, read);
  AWARD_ASSIGN_OR_RETURN(std::optional<StreamRun> last, runs.SeekToLast());
  if (!last.has_value() || last->last_version() != head->version ||
      last->PositionOf(head->version) != head->position) {
    return absl::DataLossError(absl::StrCat(
        StreamHeadEntry(stream), ": says version ", head->version, " at position ", head->position,
        last.has_value() ? absl::StrCat(", but ", StreamIndexEntry(stream, last->first_version),
                                        " ends at version ", last->last_version(), " at position ",
                                        last->PositionOf(last->last_version()))
                         : ", but the stream index holds no run of the stream"));
  }
  RecordedEvent record;
  AWARD_RETURN_IF_ERROR(LoadStreamEvent(db, stream, *last, head->version, record, read).status());
  return head;
}

absl::StatusOr<std::optional<LogDb::StreamHead>> FindDurableStreamHead(LogDb& db,
                                                                       absl::string_view stream,
                                                                       uint64_t durable_count) {
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head, FindStreamHead(db, stream));
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
    AWARD_ASSIGN_OR_RETURN(bytes_read, LoadStreamEvent(db, request.stream, *run, version,
                                                       result.events.emplace_back()));
    bytes += bytes_read;
    return true;
  };
  bool more = true;
  while (more && run.has_value()) {
    if (version < run->first_version || version > run->last_version()) {
      return absl::DataLossError(absl::StrCat(StreamIndexEntry(request.stream, version),
                                              ": missing: no run of the stream holds version ",
                                              version));
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
                                      uint64_t durable_count, RecordHasher* hasher) {
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
  size_t scanned = 0;
  size_t bytes = 0;
  const size_t limit = std::min<size_t>(request.max_count, kMaxReadEvents);
  // Forward, each record must link to the one before it, the first to the
  // record before the read; backward, each record must be the one that the
  // record read before it links to.
  std::optional<Hash> link;
  if (forward && start > 0) {
    AWARD_ASSIGN_OR_RETURN(link, ProvenHashAt(db, start - 1));
  }
  uint64_t position = start;  // the next position to read
  bool done = false;          // forward: the durable end reached; backward: position 0 read
  RecordHasher::Proof hashes(hasher);
  RecordView view;
  // A failure found here comes after every record whose hash is still being
  // proven: theirs, if any, is the first.
  const auto fail = [&hashes](absl::Status status) {
    absl::Status earlier = hashes.Finish();
    return earlier.ok() ? status : earlier;
  };
  while (!done && result.events.size() < limit && scanned < kMaxScannedRecords &&
         bytes < kMaxReadBytes) {
    if (!it->status().ok()) return fail(FromRocks(it->status(), "reading the log"));
    if (!it->Valid() || !KeyIsPosition(View(it->key()), position)) {
      std::optional<uint64_t> key;
      if (it->Valid()) key = DecodeU64(View(it->key()));
      return fail(absl::DataLossError(absl::StrCat(
          "position ", position, ": missing record (",
          !it->Valid()      ? std::string("the log ends before it")
          : key.has_value() ? absl::StrCat("the next stored position is ", *key)
                            : absl::StrCat("a stray key ", it->key().ToString(true), " is there"),
          ")")));
    }
    if (absl::Status parsed = ParseRecordPlacedAt(View(it->value()), position, view);
        !parsed.ok()) {
      return fail(parsed);
    }
    hashes.Add(view);
    if (forward && link.has_value()) {
      if (absl::Status linked = CheckLink(*link, view); !linked.ok()) return fail(linked);
    } else if (!forward && link.has_value() && *link != view.stored_hash) {
      return fail(absl::DataLossError(
          absl::StrCat("position ", position + 1,
                       ": prev_hash does not match the hash of position ", position)));
    }
    link = forward ? view.stored_hash : view.prev_hash;
    ++scanned;
    if (request.filter.Matches(view.stream, view.type)) {
      if (absl::Status copied = CopyRecordedEvent(view, result.events.emplace_back());
          !copied.ok()) {
        return fail(copied);
      }
      bytes += ReadBytes(view);
    }
    if (forward) {
      done = ++position >= durable_count;
      if (!done) it->Next();
    } else {
      done = position == 0;
      if (!done) {
        --position;
        it->Prev();
      }
    }
  }
  AWARD_RETURN_IF_ERROR(hashes.Finish());
  result.end_of_log = done;
  result.next_position = position;
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
    return absl::DataLossError(
        absl::StrCat(StreamIndexEntry(stream, 0), ": missing, but the stream has events"));
  }
  RecordedEvent created;
  AWARD_RETURN_IF_ERROR(LoadStreamEvent(db, stream, *first, 0, created).status());
  return StreamInfo{std::string(stream), head->version, head->position, created.recorded_time};
}

}  // namespace eventstore::internal

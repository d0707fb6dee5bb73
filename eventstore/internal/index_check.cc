#include "eventstore/internal/index_check.h"

#include <algorithm>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/rocksdb_status.h"

namespace eventstore::internal {
namespace {

absl::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

std::string Printable(absl::string_view text) { return absl::CHexEscape(text); }

std::string IdText(absl::string_view id_bytes) {
  absl::StatusOr<EventId> id = EventId::FromBytes(id_bytes);
  return id.ok() ? id->ToString() : absl::BytesToHexString(id_bytes);
}

IndexProblem Problem(std::string entry, std::optional<uint64_t> position, std::string problem) {
  return IndexProblem{std::move(entry), position, std::move(problem)};
}

// An index RocksDB cannot read (a damaged table block, say), named whole.
IndexProblem Unreadable(absl::string_view index, const rocksdb::Status& status) {
  return Problem(std::string(index), std::nullopt,
                 absl::StrCat("cannot be read: ", status.ToString()));
}

}  // namespace

std::string EventIdEntry(absl::string_view id_bytes) {
  return absl::StrCat("event_ids[", IdText(id_bytes), "]");
}

std::string StreamHeadEntry(absl::string_view stream) {
  return absl::StrCat("stream_heads[", Printable(stream), "]");
}

std::string StreamIndexEntry(absl::string_view stream, uint64_t first_version) {
  return absl::StrCat("stream_index[", Printable(stream), "@", first_version, "]");
}

constexpr size_t kIdsInHand = size_t{1} << 20;

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::Record(const RecordView& record) {
  ++records_;
  PendingId& pending = ids_.emplace_back();
  std::copy(record.id.begin(), record.id.end(), pending.id.begin());
  pending.position = record.position;
  if (ids_.size() >= kIdsInHand) {
    AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> problem, CheckIds());
    if (problem.has_value()) return problem;
  }
  auto [it, added] = streams_.try_emplace(record.stream);
  StreamState& stream = it->second;
  if (record.version != stream.next_version) {
    return First(Problem(
        "", record.position,
        added ? absl::StrCat("stream '", Printable(record.stream), "' begins at position ",
                             record.position, " with version ", record.version, ", not 0")
              : absl::StrCat("stream '", Printable(record.stream), "' has version ", record.version,
                             " at position ", record.position, " after version ",
                             stream.next_version - 1, " at position ", stream.last_position,
                             " (two events at one version, or a gap)")));
  }
  AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> run, CheckRun(record, stream));
  if (run.has_value()) return First(*std::move(run));
  stream.next_version = record.version + 1;
  stream.last_position = record.position;
  return std::nullopt;
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::First(IndexProblem problem) {
  AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> id, CheckIds());
  if (id.has_value() && id->position < problem.position) return id;
  return problem;
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::CheckIds() {
  std::sort(ids_.begin(), ids_.end(),
            [](const PendingId& a, const PendingId& b) { return a.id < b.id; });
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(read_, db_.cf(ColumnFamily::kEventIds)));
  std::optional<IndexProblem> first;
  const auto found = [&](IndexProblem problem) {
    if (!first.has_value() || problem.position < first->position) first = std::move(problem);
  };
  for (const PendingId& pending : ids_) {
    const absl::string_view id(pending.id.data(), pending.id.size());
    // In id order the iterator mostly moves forward within the blocks it holds.
    if (!it->Valid() || View(it->key()) != id) it->Seek(rocksdb::Slice(id.data(), id.size()));
    if (!it->status().ok()) return Unreadable("event_ids", it->status());
    if (!it->Valid() || View(it->key()) != id) {
      found(Problem(EventIdEntry(id), pending.position,
                    absl::StrCat("missing: the event at position ", pending.position,
                                 " has no entry in the id index")));
      continue;
    }
    std::optional<uint64_t> position = DecodeU64(View(it->value()));
    if (!position.has_value()) {
      found(Problem(EventIdEntry(id), pending.position, "malformed entry"));
    } else if (*position != pending.position) {
      found(
          Problem(EventIdEntry(id), pending.position,
                  absl::StrCat("points at position ", *position,
                               ", but the event with this id is at position ", pending.position)));
    }
    it->Next();
  }
  ids_.clear();
  return first;
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::CheckRun(const RecordView& record,
                                                                 StreamState& stream) {
  const uint64_t version = record.version;
  if (!stream.run.has_value() || version > stream.run->last_version()) {
    // The run of the version before ends here, so one must begin at this version.
    const std::string key = StreamIndexKey(record.stream, version);
    std::string value;
    rocksdb::Status status = db_.db().Get(read_, db_.cf(ColumnFamily::kStreamIndex), key, &value);
    const std::string entry = StreamIndexEntry(record.stream, version);
    if (status.IsNotFound()) {
      return Problem(entry, record.position,
                     absl::StrCat("missing: no run of the stream begins at version ", version,
                                  ", which the event at position ", record.position, " begins"));
    }
    if (!status.ok()) return Unreadable("stream_index", status);
    stream.run = DecodeStreamRun(key, value, record.stream);
    if (!stream.run.has_value()) return Problem(entry, record.position, "malformed entry");
    ++runs_;
  }
  if (stream.run->PositionOf(version) != record.position) {
    return Problem(
        StreamIndexEntry(record.stream, stream.run->first_version), record.position,
        absl::StrCat("says version ", version, " is at position ", stream.run->PositionOf(version),
                     ", but it is at position ", record.position));
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::Finish() {
  AWARD_ASSIGN_OR_RETURN(std::optional<IndexProblem> problem, CheckIds());
  if (problem.has_value()) return problem;
  AWARD_ASSIGN_OR_RETURN(problem, FinishRuns());
  if (problem.has_value()) return problem;
  AWARD_ASSIGN_OR_RETURN(problem, FinishHeads());
  if (problem.has_value()) return problem;
  return FinishIds();
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::FinishIds() {
  // Every record found its own entry, so the ids are distinct and there is no
  // extra entry exactly when the index holds as many entries as records.
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(read_, db_.cf(ColumnFamily::kEventIds)));
  uint64_t entries = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++entries;
  if (!it->status().ok()) return Unreadable("event_ids", it->status());
  if (entries == records_) return std::nullopt;
  // Find one: an entry past the log, or one whose position holds another id.
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string entry = EventIdEntry(View(it->key()));
    std::optional<uint64_t> position = DecodeU64(View(it->value()));
    if (!position.has_value()) return Problem(entry, std::nullopt, "malformed entry");
    if (*position >= records_) {
      return Problem(entry, std::nullopt,
                     absl::StrCat("extra: points at position ", *position, ", past the log's ",
                                  records_, " events"));
    }
    std::string stored;
    AWARD_RETURN_IF_ERROR(
        FromRocks(db_.db().Get(read_, db_.cf(ColumnFamily::kEvents), EncodeU64(*position), &stored),
                  "reading the log"));
    absl::StatusOr<RecordView> record = ParseRecord(stored);
    AWARD_RETURN_IF_ERROR(record.status());
    if (record->id != View(it->key())) {
      return Problem(entry, *position,
                     absl::StrCat("extra: points at position ", *position, ", which holds event ",
                                  IdText(record->id)));
    }
  }
  if (!it->status().ok()) return Unreadable("event_ids", it->status());
  return Problem("event_ids", std::nullopt,
                 absl::StrCat("holds ", entries, " entries for ", records_, " events"));
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::FinishHeads() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(read_, db_.cf(ColumnFamily::kStreamHeads)));
  uint64_t entries = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++entries) {
    const absl::string_view name = View(it->key());
    const std::string entry = StreamHeadEntry(name);
    std::optional<std::pair<uint64_t, uint64_t>> head = DecodeStreamHead(View(it->value()));
    if (!head.has_value()) return Problem(entry, std::nullopt, "malformed entry");
    auto stream = streams_.find(name);
    if (stream == streams_.end()) {
      return Problem(entry, head->second,
                     absl::StrCat("extra: says version ", head->first, " at position ",
                                  head->second, ", but the stream has no events"));
    }
    const StreamState& state = stream->second;
    if (head->first + 1 != state.next_version || head->second != state.last_position) {
      return Problem(entry, state.last_position,
                     absl::StrCat("says version ", head->first, " at position ", head->second,
                                  ", but the stream's last event is version ",
                                  state.next_version - 1, " at position ", state.last_position));
    }
  }
  if (!it->status().ok()) return Unreadable("stream_heads", it->status());
  if (entries == streams_.size()) return std::nullopt;
  // Some stream has none: name the one whose last event comes first.
  std::optional<IndexProblem> missing;
  for (const auto& [name, state] : streams_) {
    std::string value;
    rocksdb::Status status = db_.db().Get(read_, db_.cf(ColumnFamily::kStreamHeads), name, &value);
    if (!status.IsNotFound()) {
      if (!status.ok()) return Unreadable("stream_heads", status);
      continue;
    }
    if (!missing.has_value() || state.last_position < *missing->position) {
      missing = Problem(StreamHeadEntry(name), state.last_position,
                        absl::StrCat("missing: the stream's last event is version ",
                                     state.next_version - 1, " at position ", state.last_position));
    }
  }
  return missing;
}

absl::StatusOr<std::optional<IndexProblem>> IndexCheck::FinishRuns() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(read_, db_.cf(ColumnFamily::kStreamIndex)));
  std::string stream;  // the stream whose runs are being walked
  const StreamState* state = nullptr;
  uint64_t next_version = 0;  // where its next run must begin
  uint64_t entries = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++entries) {
    const absl::string_view key = View(it->key());
    const size_t nul = key.find('\0');
    if (nul == absl::string_view::npos || key.size() != nul + 1 + 8) {
      return Problem(absl::StrCat("stream_index[", Printable(key), "]"), std::nullopt,
                     "malformed key");
    }
    const absl::string_view name = key.substr(0, nul);
    if (state == nullptr || name != stream) {
      stream = std::string(name);
      next_version = 0;
      auto found = streams_.find(name);
      state = found == streams_.end() ? nullptr : &found->second;
    }
    std::optional<StreamRun> run = DecodeStreamRun(key, View(it->value()), name);
    const std::string entry = StreamIndexEntry(
        name, run.has_value() ? run->first_version : *StreamIndexVersion(key, name));
    if (!run.has_value()) return Problem(entry, std::nullopt, "malformed entry");
    if (state == nullptr) {
      return Problem(entry, run->first_position, "extra: the stream has no events");
    }
    if (run->first_version != next_version) {
      return Problem(entry, run->first_position,
                     absl::StrCat("extra: begins at version ", run->first_version,
                                  " where the stream's next run begins at version ", next_version));
    }
    if (run->last_version() >= state->next_version) {
      return Problem(
          entry, run->first_position,
          absl::StrCat("extra: reaches version ", run->last_version(),
                       ", past the stream's last event (version ", state->next_version - 1, ")"));
    }
    next_version = run->last_version() + 1;
  }
  if (!it->status().ok()) return Unreadable("stream_index", it->status());
  // Every record found the run holding it, and the runs tile each stream.
  if (entries != runs_) {
    return Problem("stream_index", std::nullopt,
                   absl::StrCat("holds ", entries, " runs where the log's appends made ", runs_));
  }
  return std::nullopt;
}

}  // namespace eventstore::internal

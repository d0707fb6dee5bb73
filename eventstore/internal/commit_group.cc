#include "eventstore/internal/commit_group.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "eventstore/internal/index_check.h"
#include "eventstore/internal/log_reader.h"
#include "eventstore/internal/log_tree.h"
#include "eventstore/record_codec.h"

namespace eventstore::internal {
namespace {

std::string Describe(const ExpectedVersion& expected) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return "any version";
    case ExpectedVersion::Kind::kNoStream:
      return "no stream";
    case ExpectedVersion::Kind::kStreamExists:
      return "an existing stream";
    case ExpectedVersion::Kind::kExact:
      return absl::StrCat("version ", expected.version);
  }
  return "?";
}

// Whether a stream whose last version is `current` (-1: none) meets the expectation.
bool Meets(const ExpectedVersion& expected, int64_t current) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return true;
    case ExpectedVersion::Kind::kNoStream:
      return current < 0;
    case ExpectedVersion::Kind::kStreamExists:
      return current >= 0;
    case ExpectedVersion::Kind::kExact:
      return current >= 0 && static_cast<uint64_t>(current) == expected.version;
  }
  return false;
}

}  // namespace

absl::StatusOr<LogHead> ReadLogHead(LogDb& db) {
  LogHead head{0, GenesisHash(), absl::UnixEpoch()};
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::KeyedRecord> last, db.LastRecord());
  if (!last.has_value()) return head;
  const auto refused = [&](const absl::Status& status) {
    return absl::DataLossError(
        absl::StrCat("the log's last record cannot be the head: ", status.message(),
                     "; restore the latest backup (eventstore_restore)"));
  };
  absl::StatusOr<RecordView> view = ParseRecordAt(last->record, last->position);
  if (!view.ok()) return refused(view.status());
  if (last->position == 0) {
    if (absl::Status linked = CheckLink(GenesisHash(), *view); !linked.ok()) return refused(linked);
  } else {
    AWARD_ASSIGN_OR_RETURN(std::optional<std::string> before, db.GetRecord(last->position - 1));
    if (!before.has_value()) {
      return refused(absl::DataLossError(
          absl::StrCat("position ", last->position - 1, ", before it, holds no record")));
    }
    absl::StatusOr<RecordView> previous = ParseRecordAt(*before, last->position - 1);
    if (!previous.ok()) return refused(previous.status());
    if (absl::Status linked = CheckLink(previous->stored_hash, *view); !linked.ok()) {
      return refused(linked);
    }
  }
  head.next_position = view->position + 1;
  head.hash = view->stored_hash;
  head.recorded_time = absl::FromUnixMicros(view->recorded_micros);
  return head;
}

PreparedAppend PrepareAppend(AppendRequest request) {
  PreparedAppend prepared;
  for (const StreamAppend& stream : request.streams) {
    for (const EventData& event : stream.events) prepared.bodies.push_back(EncodeEventBody(event));
  }
  prepared.request = std::move(request);
  return prepared;
}

absl::StatusOr<int64_t> StreamVersionCache::LastVersion(LogDb& db, const std::string& stream) {
  if (auto it = versions_.find(stream); it != versions_.end()) return it->second;
  AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head, FindStreamHead(db, stream));
  const int64_t version = head.has_value() ? static_cast<int64_t>(head->version) : -1;
  Set(stream, version);
  return version;
}

void StreamVersionCache::Set(const std::string& stream, int64_t last_version) {
  if (versions_.size() >= max_entries_ && !versions_.contains(stream)) versions_.clear();
  versions_[stream] = last_version;
}

CommitGroup::CommitGroup(LogDb& db, StreamVersionCache& versions, const LogHead& head,
                         absl::Time now)
    : db_(db), versions_(versions), head_(head), first_position_(head.next_position) {
  // Recorded times follow positions, even if the server clock steps back.
  head_.recorded_time = std::max(head.recorded_time, absl::FromUnixMicros(absl::ToUnixMicros(now)));
}

absl::StatusOr<int64_t> CommitGroup::LastVersion(const std::string& stream) {
  if (auto it = group_versions_.find(stream); it != group_versions_.end()) return it->second;
  return versions_.LastVersion(db_, stream);
}

absl::StatusOr<std::optional<CommitGroup::Location>> CommitGroup::FindEvent(const EventId& id) {
  if (auto it = group_events_.find(id); it != group_events_.end()) return it->second;
  AWARD_ASSIGN_OR_RETURN(std::optional<uint64_t> position, db_.FindEventId(id));
  if (!position.has_value()) return std::nullopt;
  const auto wrong = [&](absl::string_view problem) {
    return absl::DataLossError(
        absl::StrCat(EventIdEntry(id.bytes()), ": points at position ", *position, ", ", problem));
  };
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db_.GetRecord(*position));
  if (!stored.has_value()) return wrong("which holds no record");
  absl::StatusOr<RecordView> view = ParseRecordAt(*stored, *position);
  if (!view.ok()) return wrong(view.status().message());
  if (view->id != id.bytes()) {
    return wrong(
        absl::StrCat("which holds another event (", EventId::FromBytes(view->id)->ToString(), ")"));
  }
  return Location{view->position, std::string(view->stream), view->version};
}

absl::StatusOr<AppendResult> CommitGroup::Add(const PreparedAppend& append) {
  const AppendRequest& request = append.request;

  std::vector<std::optional<Location>> found;
  bool any_found = false;
  for (const StreamAppend& stream : request.streams) {
    for (const EventData& event : stream.events) {
      AWARD_ASSIGN_OR_RETURN(found.emplace_back(), FindEvent(event.id));
      any_found = any_found || found.back().has_value();
    }
  }
  if (any_found) return RepeatedResult(request, found);

  // Every expectation is checked before anything is added: all or nothing.
  std::vector<int64_t> current(request.streams.size());
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& stream = request.streams[s];
    AWARD_ASSIGN_OR_RETURN(current[s], LastVersion(stream.stream));
    if (!Meets(stream.expected, current[s])) {
      return WrongExpectedVersion(stream.stream, Describe(stream.expected), current[s]);
    }
  }
  for (const StreamCondition& condition : request.conditions) {
    AWARD_ASSIGN_OR_RETURN(const int64_t version, LastVersion(condition.stream));
    if (!Meets(condition.expected, version)) {
      return WrongExpectedVersion(condition.stream, Describe(condition.expected), version);
    }
  }

  AppendResult result;
  result.first_position = head_.next_position;
  size_t body = 0;
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& stream = request.streams[s];
    StreamAppendResult& stream_result = result.streams.emplace_back();
    stream_result.stream = stream.stream;
    stream_result.first_version = static_cast<uint64_t>(current[s] + 1);
    const uint64_t first_position = head_.next_position;
    for (const EventData& event : stream.events) {
      RecordPlacement placement{head_.hash, head_.next_position,
                                static_cast<uint64_t>(++current[s]), head_.recorded_time,
                                stream.stream};
      head_.hash = EncodeRecord(placement, append.bodies[body++], record_);
      AddLeaf(db_, batch_, head_.tree, head_.hash);
      const std::string position_key = EncodeU64(placement.position);
      batch_.Put(db_.cf(ColumnFamily::kEvents), position_key, record_);
      batch_.Put(db_.cf(ColumnFamily::kEventIds),
                 rocksdb::Slice(event.id.bytes().data(), event.id.bytes().size()), position_key);
      group_events_[event.id] = Location{placement.position, stream.stream, placement.version};
      ++head_.next_position;
    }
    stream_result.last_version = static_cast<uint64_t>(current[s]);
    batch_.Put(db_.cf(ColumnFamily::kStreamIndex),
               StreamIndexKey(stream.stream, stream_result.first_version),
               EncodeStreamRunValue(first_position, stream.events.size()));
    batch_.Put(db_.cf(ColumnFamily::kStreamHeads), stream.stream,
               EncodeStreamHead(stream_result.last_version, head_.next_position - 1));
    group_versions_[stream.stream] = current[s];
  }
  result.last_position = head_.next_position - 1;
  return result;
}

absl::StatusOr<AppendResult> CommitGroup::RepeatedResult(
    const AppendRequest& request, const std::vector<std::optional<Location>>& found) {
  AppendResult result;
  size_t index = 0;
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& stream = request.streams[s];
    for (size_t e = 0; e < stream.events.size(); ++e, ++index) {
      const std::optional<Location>& location = found[index];
      const std::string field = absl::StrCat("streams[", s, "].events[", e, "].event_id");
      if (!location.has_value()) {
        absl::Status status =
            absl::AlreadyExistsError(absl::StrCat(field,
                                                  ": this append repeats only part of an earlier "
                                                  "one (this id is new, others are recorded)"));
        SetErrorField(status, field);
        return status;
      }
      const uint64_t first_version =
          e == 0 ? location->version : result.streams.back().first_version;
      const bool same_place =
          location->stream == stream.stream && location->version == first_version + e &&
          (index == 0 || location->position == result.first_position + index) &&
          (e != 0 || Meets(stream.expected, static_cast<int64_t>(location->version) - 1));
      if (!same_place) {
        absl::Status status = absl::AlreadyExistsError(absl::StrCat(
            field, ": id ", stream.events[e].id.ToString(), " is already recorded at position ",
            location->position, " (stream '", location->stream, "', version ", location->version,
            "), not where this append puts it"));
        SetErrorField(status, field);
        return status;
      }
      if (index == 0) result.first_position = location->position;
      if (e == 0) result.streams.push_back({stream.stream, location->version, location->version});
      result.streams.back().last_version = location->version;
      result.last_position = location->position;
    }
  }
  return result;
}

void CommitGroup::Committed() {
  for (const auto& [stream, version] : group_versions_) versions_.Set(stream, version);
}

}  // namespace eventstore::internal

#include "eventstore/grpc/proto_convert.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"

namespace eventstore {
namespace {

void ToProto(absl::Time in, google::protobuf::Timestamp& out) {
  const int64_t micros = absl::ToUnixMicros(in);
  int64_t seconds = micros / 1'000'000;
  int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest * 1000));
}

absl::Time FromProto(const google::protobuf::Timestamp& in) {
  return absl::FromUnixSeconds(in.seconds()) + absl::Nanoseconds(in.nanos());
}

absl::StatusOr<Hash> HashFromBytes(const std::string& bytes, absl::string_view field) {
  Hash hash{};
  if (bytes.size() != hash.size()) return InvalidField(field, "a hash is 32 bytes");
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

void ToProto(const EventMetadata& in, v1::EventMetadata& out) {
  out.set_actor(in.actor);
  out.set_correlation_id(in.correlation_id);
  out.set_causation_id(in.causation_id);
  out.set_request_id(in.request_id);
  for (const auto& [key, value] : in.extra) (*out.mutable_extra())[key] = value;
}

EventMetadata FromProto(const v1::EventMetadata& in) {
  EventMetadata out;
  out.actor = in.actor();
  out.correlation_id = in.correlation_id();
  out.causation_id = in.causation_id();
  out.request_id = in.request_id();
  out.extra.insert(in.extra().begin(), in.extra().end());
  return out;
}

void ToProto(const EventData& in, v1::ProposedEvent& out) {
  out.set_event_id(std::string(in.id.bytes()));
  out.set_type(in.type);
  out.set_content_type(in.content_type);
  out.set_payload(in.payload);
  ToProto(in.metadata, *out.mutable_metadata());
}

absl::StatusOr<EventId> IdFromBytes(const std::string& bytes, const std::string& field) {
  absl::StatusOr<EventId> id = EventId::FromBytes(bytes);
  if (!id.ok()) return InvalidField(field, id.status().message());
  return id;
}

absl::StatusOr<ExpectedVersion> FromProto(v1::ExpectedVersionKind kind, uint64_t version,
                                          const std::string& field) {
  switch (kind) {
    case v1::EXPECTED_VERSION_KIND_ANY:
      return ExpectedVersion::Any();
    case v1::EXPECTED_VERSION_KIND_NO_STREAM:
      return ExpectedVersion::NoStream();
    case v1::EXPECTED_VERSION_KIND_STREAM_EXISTS:
      return ExpectedVersion::StreamExists();
    case v1::EXPECTED_VERSION_KIND_EXACT:
      return ExpectedVersion::Exact(version);
    default:
      return InvalidField(field,
                          "say which version is expected (any, no stream, stream exists, exact)");
  }
}

v1::ExpectedVersionKind ToProto(ExpectedVersion::Kind kind) {
  switch (kind) {
    case ExpectedVersion::Kind::kAny:
      return v1::EXPECTED_VERSION_KIND_ANY;
    case ExpectedVersion::Kind::kNoStream:
      return v1::EXPECTED_VERSION_KIND_NO_STREAM;
    case ExpectedVersion::Kind::kStreamExists:
      return v1::EXPECTED_VERSION_KIND_STREAM_EXISTS;
    case ExpectedVersion::Kind::kExact:
      return v1::EXPECTED_VERSION_KIND_EXACT;
  }
  return v1::EXPECTED_VERSION_KIND_UNSPECIFIED;
}

v1::ReadDirection ToProto(Direction direction) {
  return direction == Direction::kForward ? v1::READ_DIRECTION_FORWARD
                                          : v1::READ_DIRECTION_BACKWARD;
}

absl::StatusOr<Direction> FromProto(v1::ReadDirection direction) {
  switch (direction) {
    case v1::READ_DIRECTION_FORWARD:
      return Direction::kForward;
    case v1::READ_DIRECTION_BACKWARD:
      return Direction::kBackward;
    default:
      return InvalidField("direction", "say forward or backward");
  }
}

void ToProto(const AllFilter& in, v1::AllFilter& out) {
  for (const std::string& prefix : in.stream_prefixes) out.add_stream_prefixes(prefix);
  for (const std::string& type : in.event_types) out.add_event_types(type);
}

AllFilter FromProto(const v1::AllFilter& in) {
  AllFilter out;
  out.stream_prefixes.assign(in.stream_prefixes().begin(), in.stream_prefixes().end());
  out.event_types.assign(in.event_types().begin(), in.event_types().end());
  return out;
}

}  // namespace

void ToProto(const AppendRequest& in, v1::AppendRequest& out) {
  for (const StreamAppend& stream : in.streams) {
    v1::StreamAppend& s = *out.add_streams();
    s.set_stream(stream.stream);
    s.set_expected_kind(ToProto(stream.expected.kind));
    s.set_expected_version(stream.expected.version);
    for (const EventData& event : stream.events) ToProto(event, *s.add_events());
  }
  for (const StreamCondition& condition : in.conditions) {
    v1::StreamCondition& c = *out.add_conditions();
    c.set_stream(condition.stream);
    c.set_expected_kind(ToProto(condition.expected.kind));
    c.set_expected_version(condition.expected.version);
  }
}

absl::StatusOr<AppendRequest> FromProto(const v1::AppendRequest& in) {
  AppendRequest out;
  out.streams.reserve(in.streams_size());
  for (int s = 0; s < in.streams_size(); ++s) {
    const v1::StreamAppend& stream = in.streams(s);
    const std::string field = absl::StrCat("streams[", s, "]");
    StreamAppend& append = out.streams.emplace_back();
    append.stream = stream.stream();
    AWARD_ASSIGN_OR_RETURN(
        append.expected,
        FromProto(stream.expected_kind(), stream.expected_version(), field + ".expected_kind"));
    append.events.reserve(stream.events_size());
    for (int e = 0; e < stream.events_size(); ++e) {
      const v1::ProposedEvent& proposed = stream.events(e);
      EventData& event = append.events.emplace_back();
      AWARD_ASSIGN_OR_RETURN(
          event.id,
          IdFromBytes(proposed.event_id(), absl::StrCat(field, ".events[", e, "].event_id")));
      event.type = proposed.type();
      event.content_type = proposed.content_type();
      event.payload = proposed.payload();
      event.metadata = FromProto(proposed.metadata());
    }
  }
  out.conditions.reserve(in.conditions_size());
  for (int c = 0; c < in.conditions_size(); ++c) {
    const v1::StreamCondition& condition = in.conditions(c);
    StreamCondition& added = out.conditions.emplace_back();
    added.stream = condition.stream();
    AWARD_ASSIGN_OR_RETURN(added.expected,
                           FromProto(condition.expected_kind(), condition.expected_version(),
                                     absl::StrCat("conditions[", c, "].expected_kind")));
  }
  return out;
}

void ToProto(const AppendResult& in, v1::AppendResponse& out) {
  for (const StreamAppendResult& stream : in.streams) {
    v1::StreamAppendResult& s = *out.add_streams();
    s.set_stream(stream.stream);
    s.set_first_version(stream.first_version);
    s.set_last_version(stream.last_version);
  }
  out.set_first_position(in.first_position);
  out.set_last_position(in.last_position);
}

AppendResult FromProto(const v1::AppendResponse& in) {
  AppendResult out;
  for (const v1::StreamAppendResult& stream : in.streams()) {
    out.streams.push_back({stream.stream(), stream.first_version(), stream.last_version()});
  }
  out.first_position = in.first_position();
  out.last_position = in.last_position();
  return out;
}

void ToProto(const RecordedEvent& in, v1::RecordedEvent& out) {
  out.set_event_id(std::string(in.event.id.bytes()));
  out.set_stream(in.stream);
  out.set_version(in.version);
  out.set_position(in.position);
  out.set_type(in.event.type);
  out.set_content_type(in.event.content_type);
  out.set_payload(in.event.payload);
  ToProto(in.event.metadata, *out.mutable_metadata());
  ToProto(in.recorded_time, *out.mutable_recorded_time());
  out.set_prev_hash(std::string(in.prev_hash.begin(), in.prev_hash.end()));
  out.set_hash(std::string(in.hash.begin(), in.hash.end()));
}

absl::StatusOr<RecordedEvent> FromProto(const v1::RecordedEvent& in) {
  RecordedEvent out;
  AWARD_ASSIGN_OR_RETURN(out.event.id, IdFromBytes(in.event_id(), "event_id"));
  out.event.type = in.type();
  out.event.content_type = in.content_type();
  out.event.payload = in.payload();
  out.event.metadata = FromProto(in.metadata());
  out.stream = in.stream();
  out.version = in.version();
  out.position = in.position();
  out.recorded_time = FromProto(in.recorded_time());
  AWARD_ASSIGN_OR_RETURN(out.prev_hash, HashFromBytes(in.prev_hash(), "prev_hash"));
  AWARD_ASSIGN_OR_RETURN(out.hash, HashFromBytes(in.hash(), "hash"));
  return out;
}

absl::Status EventsFromProto(const google::protobuf::RepeatedPtrField<v1::RecordedEvent>& in,
                             std::vector<RecordedEvent>& out) {
  out.reserve(out.size() + in.size());
  for (const v1::RecordedEvent& event : in) {
    AWARD_ASSIGN_OR_RETURN(out.emplace_back(), FromProto(event));
  }
  return absl::OkStatus();
}

void ToProto(const ReadStreamRequest& in, v1::ReadStreamRequest& out) {
  out.set_stream(in.stream);
  in.from_version == kEnd ? out.set_from_end(true) : out.set_from_version(in.from_version);
  out.set_direction(ToProto(in.direction));
  out.set_max_count(in.max_count);
}

absl::StatusOr<ReadStreamRequest> FromProto(const v1::ReadStreamRequest& in) {
  ReadStreamRequest out;
  out.stream = in.stream();
  out.from_version = in.from_end() ? kEnd : in.from_version();
  AWARD_ASSIGN_OR_RETURN(out.direction, FromProto(in.direction()));
  out.max_count = in.max_count();
  return out;
}

void ToProto(const ReadStreamResult& in, v1::ReadStreamResponse& out) {
  for (const RecordedEvent& event : in.events) ToProto(event, *out.add_events());
  out.set_next_version(in.next_version);
  out.set_end_of_stream(in.end_of_stream);
}

absl::StatusOr<ReadStreamResult> FromProto(const v1::ReadStreamResponse& in) {
  ReadStreamResult out;
  AWARD_RETURN_IF_ERROR(EventsFromProto(in.events(), out.events));
  out.next_version = in.next_version();
  out.end_of_stream = in.end_of_stream();
  return out;
}

void ToProto(const ReadAllRequest& in, v1::ReadAllRequest& out) {
  in.from_position == kEnd ? out.set_from_end(true) : out.set_from_position(in.from_position);
  out.set_direction(ToProto(in.direction));
  out.set_max_count(in.max_count);
  ToProto(in.filter, *out.mutable_filter());
}

absl::StatusOr<ReadAllRequest> FromProto(const v1::ReadAllRequest& in) {
  ReadAllRequest out;
  out.from_position = in.from_end() ? kEnd : in.from_position();
  AWARD_ASSIGN_OR_RETURN(out.direction, FromProto(in.direction()));
  out.max_count = in.max_count();
  out.filter = FromProto(in.filter());
  return out;
}

void ToProto(const ReadAllResult& in, v1::ReadAllResponse& out) {
  for (const RecordedEvent& event : in.events) ToProto(event, *out.add_events());
  out.set_next_position(in.next_position);
  out.set_end_of_log(in.end_of_log);
}

absl::StatusOr<ReadAllResult> FromProto(const v1::ReadAllResponse& in) {
  ReadAllResult out;
  AWARD_RETURN_IF_ERROR(EventsFromProto(in.events(), out.events));
  out.next_position = in.next_position();
  out.end_of_log = in.end_of_log();
  return out;
}

void ToProto(const SubscribeRequest& in, v1::SubscribeRequest& out) {
  if (in.stream.has_value()) {
    out.set_stream(*in.stream);
  } else {
    ToProto(in.filter, *out.mutable_all());
  }
  in.from == kEnd ? out.set_from_end(true) : out.set_from(in.from);
}

SubscribeRequest FromProto(const v1::SubscribeRequest& in) {
  SubscribeRequest out;
  if (in.source_case() == v1::SubscribeRequest::kStream) out.stream = in.stream();
  if (in.source_case() == v1::SubscribeRequest::kAll) out.filter = FromProto(in.all());
  out.from = in.from_end() ? kEnd : in.from();
  return out;
}

void ToProto(const StreamInfo& in, v1::GetStreamInfoResponse& out) {
  out.set_stream(in.stream);
  out.set_last_version(in.last_version);
  out.set_last_position(in.last_position);
  ToProto(in.created_time, *out.mutable_created_time());
}

StreamInfo FromProto(const v1::GetStreamInfoResponse& in) {
  return StreamInfo{in.stream(), in.last_version(), in.last_position(),
                    FromProto(in.created_time())};
}

void ToProto(const LogDigest& in, v1::LogDigest& out) {
  out.set_event_count(in.event_count);
  out.set_head_hash(std::string(in.head_hash.begin(), in.head_hash.end()));
}

absl::StatusOr<LogDigest> FromProto(const v1::LogDigest& in) {
  LogDigest out;
  out.event_count = in.event_count();
  AWARD_ASSIGN_OR_RETURN(out.head_hash, HashFromBytes(in.head_hash(), "head_hash"));
  return out;
}

void ToProto(const VerifyRequest& in, v1::VerifyRequest& out) {
  out.set_from_position(in.from_position);
  if (in.to_position.has_value()) out.set_to_position(*in.to_position);
  if (in.expected.has_value()) ToProto(*in.expected, *out.mutable_expected());
}

absl::StatusOr<VerifyRequest> FromProto(const v1::VerifyRequest& in) {
  VerifyRequest out;
  out.from_position = in.from_position();
  if (in.has_to_position()) out.to_position = in.to_position();
  if (in.has_expected()) {
    absl::StatusOr<LogDigest> expected = FromProto(in.expected());
    if (!expected.ok()) return InvalidField("expected.head_hash", "a hash is 32 bytes");
    out.expected = *expected;
  }
  return out;
}

void ToProto(const VerifyReport& in, v1::VerifyResponse& out) {
  out.set_ok(in.ok);
  out.set_verified_count(in.verified_count);
  if (in.first_bad_position.has_value()) out.set_first_bad_position(*in.first_bad_position);
  out.set_problem(in.problem);
  out.set_index_entry(in.index_entry);
  ToProto(in.head, *out.mutable_head());
}

absl::StatusOr<VerifyReport> FromProto(const v1::VerifyResponse& in) {
  VerifyReport out;
  out.ok = in.ok();
  out.verified_count = in.verified_count();
  if (in.has_first_bad_position()) out.first_bad_position = in.first_bad_position();
  out.problem = in.problem();
  out.index_entry = in.index_entry();
  AWARD_ASSIGN_OR_RETURN(out.head, FromProto(in.head()));
  return out;
}

}  // namespace eventstore

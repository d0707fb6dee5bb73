#include "tools/audit/export_format.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "award/v1/audit_export.pb.h"
#include "award/v1/authorities.pb.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/campaigns.pb.h"
#include "award/v1/council.pb.h"
#include "award/v1/decisions.pb.h"
#include "award/v1/nominations.pb.h"
#include "eventstore/sha256.h"

namespace award::audit {
namespace {

constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

// The payload types the platform records. Naming one message of each file
// keeps its descriptors linked in, so the JSON printer can find every type.
const google::protobuf::Descriptor* PayloadType(const std::string& content_type) {
  static const bool linked = [] {
    for (const google::protobuf::Descriptor* d :
         {v1::NominationDrafted::descriptor(), v1::AuthorityRegistered::descriptor(),
          v1::CampaignLaunched::descriptor(), v1::AwardGranted::descriptor(),
          v1::MeetingScheduled::descriptor(), v1::DecisionDrafted::descriptor()}) {
      (void)d;
    }
    return true;
  }();
  (void)linked;
  return google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(content_type);
}

// A hash field of the line.
absl::StatusOr<eventstore::Hash> HashField(absl::string_view hex, absl::string_view field) {
  absl::StatusOr<eventstore::Hash> hash = eventstore::HashFromHex(hex);
  if (!hash.ok())
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", hash.status().message()));
  return hash;
}

}  // namespace

absl::StatusOr<std::string> ToJsonLine(const eventstore::RecordedEvent& event) {
  v1::ExportedEvent out;
  out.set_position(event.position);
  out.set_stream(event.stream);
  out.set_version(event.version);
  out.set_event_id(event.event.id.ToString());
  out.set_type(event.event.type);
  out.set_content_type(event.event.content_type);
  out.set_recorded_time(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", event.recorded_time, absl::UTCTimeZone()));
  const eventstore::EventMetadata& meta = event.event.metadata;
  out.set_actor(meta.actor);
  out.set_correlation_id(meta.correlation_id);
  out.set_causation_id(meta.causation_id);
  out.set_request_id(meta.request_id);
  for (const auto& [key, value] : meta.extra) (*out.mutable_extra())[key] = value;
  bool decoded = false;
  if (const google::protobuf::Descriptor* type = PayloadType(event.event.content_type);
      type != nullptr) {
    // Decoded only when decoding loses nothing: the bytes must come back the same.
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(type)->New());
    decoded = message->ParseFromString(event.event.payload) &&
              message->GetReflection()->GetUnknownFields(*message).empty() &&
              message->SerializeAsString() == event.event.payload;
    if (decoded) {
      out.mutable_payload()->set_type_url(absl::StrCat(kTypeUrlPrefix, type->full_name()));
      out.mutable_payload()->set_value(event.event.payload);
    }
  }
  if (!decoded) out.set_raw_payload(event.event.payload);
  out.set_prev_hash(eventstore::HashToHex(event.prev_hash));
  out.set_hash(eventstore::HashToHex(event.hash));
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  if (auto status = google::protobuf::util::MessageToJsonString(out, &line, options);
      !status.ok()) {
    return absl::InternalError(
        absl::StrCat("position ", event.position, ": cannot write JSON: ", status.ToString()));
  }
  return line;
}

absl::StatusOr<eventstore::RecordedEvent> FromJsonLine(absl::string_view line) {
  v1::ExportedEvent in;
  if (auto status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(line.data(), line.size()), &in);
      !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("not an exported event: ", status.ToString()));
  }
  eventstore::RecordedEvent event;
  event.position = in.position();
  event.stream = in.stream();
  event.version = in.version();
  absl::StatusOr<eventstore::EventId> id = eventstore::EventId::Parse(in.event_id());
  if (!id.ok())
    return absl::InvalidArgumentError(absl::StrCat("event_id: ", id.status().message()));
  event.event.id = *id;
  event.event.type = in.type();
  event.event.content_type = in.content_type();
  std::string error;
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", in.recorded_time(), absl::UTCTimeZone(),
                       &event.recorded_time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat("recorded_time: ", error));
  }
  event.event.metadata.actor = in.actor();
  event.event.metadata.correlation_id = in.correlation_id();
  event.event.metadata.causation_id = in.causation_id();
  event.event.metadata.request_id = in.request_id();
  for (const auto& [key, value] : in.extra()) event.event.metadata.extra[key] = value;
  event.event.payload = in.has_payload() ? in.payload().value() : in.raw_payload();
  absl::StatusOr<eventstore::Hash> prev = HashField(in.prev_hash(), "prev_hash");
  if (!prev.ok()) return prev.status();
  absl::StatusOr<eventstore::Hash> hash = HashField(in.hash(), "hash");
  if (!hash.ok()) return hash.status();
  event.prev_hash = *prev;
  event.hash = *hash;
  return event;
}

}  // namespace award::audit

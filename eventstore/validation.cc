#include "eventstore/validation.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"

namespace eventstore {
namespace {

absl::Status ValidateName(absl::string_view name, absl::string_view field, const Limits& limits) {
  if (name.empty()) return InvalidField(field, "must not be empty");
  if (name.size() > limits.max_name_bytes) {
    return InvalidField(field, absl::StrCat("longer than ", limits.max_name_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status ValidateMetadataText(const EventMetadata& metadata, const std::string& field) {
  AWARD_RETURN_IF_ERROR(ValidateUtf8(metadata.actor, field + ".actor"));
  AWARD_RETURN_IF_ERROR(ValidateUtf8(metadata.correlation_id, field + ".correlation_id"));
  AWARD_RETURN_IF_ERROR(ValidateUtf8(metadata.causation_id, field + ".causation_id"));
  AWARD_RETURN_IF_ERROR(ValidateUtf8(metadata.request_id, field + ".request_id"));
  for (const auto& [key, value] : metadata.extra) {
    AWARD_RETURN_IF_ERROR(ValidateUtf8(key, field + ".extra"));
    AWARD_RETURN_IF_ERROR(ValidateUtf8(value, field + ".extra"));
  }
  return absl::OkStatus();
}

absl::Status ValidateMaxCount(uint32_t max_count) {
  if (max_count == 0) return InvalidField("max_count", "must be greater than 0");
  return absl::OkStatus();
}

}  // namespace

// The next code point of valid UTF-8 at `text[i]`, advancing `i`; -1 when the
// bytes there are not valid (overlong forms, surrogates and values above
// U+10FFFF are not).
int32_t NextCodePoint(absl::string_view text, size_t& i) {
  const auto byte = [&](size_t at) { return static_cast<uint8_t>(text[at]); };
  const uint8_t first = byte(i);
  if (first < 0x80) {
    ++i;
    return first;
  }
  size_t length;
  int32_t cp;
  int32_t min;
  if ((first & 0xE0) == 0xC0) {
    length = 2, cp = first & 0x1F, min = 0x80;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3, cp = first & 0x0F, min = 0x800;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4, cp = first & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (i + length > text.size()) return -1;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += length;
  return cp;
}

bool IsValidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (NextCodePoint(text, i) < 0) return false;
  }
  return true;
}

absl::Status ValidateUtf8(absl::string_view text, absl::string_view field) {
  if (!IsValidUtf8(text)) return InvalidField(field, "not valid UTF-8");
  return absl::OkStatus();
}

absl::Status ValidateAppendText(const AppendRequest& request) {
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& append = request.streams[s];
    const std::string field = absl::StrCat("streams[", s, "]");
    AWARD_RETURN_IF_ERROR(ValidateUtf8(append.stream, field + ".stream"));
    for (size_t e = 0; e < append.events.size(); ++e) {
      const EventData& event = append.events[e];
      const std::string event_field = absl::StrCat(field, ".events[", e, "]");
      AWARD_RETURN_IF_ERROR(ValidateUtf8(event.type, event_field + ".type"));
      AWARD_RETURN_IF_ERROR(ValidateUtf8(event.content_type, event_field + ".content_type"));
      AWARD_RETURN_IF_ERROR(ValidateMetadataText(event.metadata, event_field + ".metadata"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateStreamName(absl::string_view stream, absl::string_view field,
                                const Limits& limits) {
  AWARD_RETURN_IF_ERROR(ValidateName(stream, field, limits));
  AWARD_RETURN_IF_ERROR(ValidateUtf8(stream, field));
  if (stream.find('\0') != absl::string_view::npos) {
    return InvalidField(field, "must not contain NUL");
  }
  if (stream.front() == '$') return InvalidField(field, "names starting with '$' are reserved");
  return absl::OkStatus();
}

size_t EventSize(const EventData& event) {
  const EventMetadata& m = event.metadata;
  size_t size = event.id.bytes().size() + event.type.size() + event.content_type.size() +
                event.payload.size() + m.actor.size() + m.correlation_id.size() +
                m.causation_id.size() + m.request_id.size();
  for (const auto& [key, value] : m.extra) size += key.size() + value.size();
  return size;
}

absl::Status ValidateAppend(const AppendRequest& request, const Limits& limits) {
  if (request.streams.empty()) {
    return InvalidField("streams", "an append needs at least one stream");
  }
  AWARD_RETURN_IF_ERROR(ValidateAppendText(request));
  absl::flat_hash_set<absl::string_view> streams;
  absl::flat_hash_set<EventId> ids;
  size_t total_events = 0;
  size_t total_bytes = 0;
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& append = request.streams[s];
    const std::string field = absl::StrCat("streams[", s, "]");
    AWARD_RETURN_IF_ERROR(ValidateStreamName(append.stream, field + ".stream", limits));
    if (!streams.insert(append.stream).second) {
      return InvalidField(field + ".stream", "the same stream appears twice in one append");
    }
    if (append.events.empty()) return InvalidField(field + ".events", "must not be empty");
    total_events += append.events.size();
    if (total_events > limits.max_events_per_append) {
      return InvalidField(field + ".events", absl::StrCat("an append holds at most ",
                                                          limits.max_events_per_append, " events"));
    }
    for (size_t e = 0; e < append.events.size(); ++e) {
      const EventData& event = append.events[e];
      const std::string event_field = absl::StrCat(field, ".events[", e, "]");
      if (event.id.IsNil()) return InvalidField(event_field + ".event_id", "must not be nil");
      if (!ids.insert(event.id).second) {
        return InvalidField(
            event_field + ".event_id",
            absl::StrCat("id ", event.id.ToString(), " appears twice in one append"));
      }
      AWARD_RETURN_IF_ERROR(ValidateName(event.type, event_field + ".type", limits));
      if (event.content_type.size() > limits.max_name_bytes) {
        return InvalidField(event_field + ".content_type",
                            absl::StrCat("longer than ", limits.max_name_bytes, " bytes"));
      }
      const size_t size = EventSize(event);
      if (size > limits.max_event_bytes) {
        return InvalidField(event_field,
                            absl::StrCat("event of ", size, " bytes is above the limit of ",
                                         limits.max_event_bytes));
      }
      total_bytes += size;
    }
  }
  if (total_bytes > limits.max_append_bytes) {
    return InvalidField("streams",
                        absl::StrCat("append of ", total_bytes, " bytes is above the limit of ",
                                     limits.max_append_bytes));
  }
  if (request.conditions.size() > limits.max_events_per_append) {
    return InvalidField("conditions", absl::StrCat("an append holds at most ",
                                                   limits.max_events_per_append, " conditions"));
  }
  for (size_t c = 0; c < request.conditions.size(); ++c) {
    const StreamCondition& condition = request.conditions[c];
    const std::string field = absl::StrCat("conditions[", c, "]");
    AWARD_RETURN_IF_ERROR(ValidateStreamName(condition.stream, field + ".stream", limits));
    if (!streams.insert(condition.stream).second) {
      return InvalidField(field + ".stream",
                          "the stream appears twice in one append (a stream written is "
                          "already conditioned on its expected version)");
    }
    if (condition.expected.kind == ExpectedVersion::Kind::kAny) {
      return InvalidField(field + ".expected_kind",
                          "a condition expects no stream, an existing stream or a version");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateReadStream(const ReadStreamRequest& request, const Limits& limits) {
  AWARD_RETURN_IF_ERROR(ValidateStreamName(request.stream, "stream", limits));
  return ValidateMaxCount(request.max_count);
}

absl::Status ValidateReadAll(const ReadAllRequest& request) {
  return ValidateMaxCount(request.max_count);
}

absl::Status ValidateSubscribe(const SubscribeRequest& request, const Limits& limits) {
  if (request.stream.has_value()) {
    AWARD_RETURN_IF_ERROR(ValidateStreamName(*request.stream, "stream", limits));
    if (!request.filter.Empty()) {
      return InvalidField("filter", "a stream subscription takes no filter");
    }
  }
  return absl::OkStatus();
}

}  // namespace eventstore

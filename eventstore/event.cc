#include "eventstore/event.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/errors.h"

namespace eventstore {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

EventId EventId::New() {
  EventId id;
  // RAND_bytes only fails when the system's entropy source is broken; an id
  // that is not random would silently merge unrelated events, so stop instead.
  if (RAND_bytes(id.bytes_.data() + 6, 10) != 1) std::abort();
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(absl::Now()));
  for (int i = 0; i < 6; ++i) id.bytes_[i] = static_cast<uint8_t>(millis >> (40 - 8 * i));
  id.bytes_[6] = static_cast<uint8_t>(0x70 | (id.bytes_[6] & 0x0F));  // version 7
  id.bytes_[8] = static_cast<uint8_t>(0x80 | (id.bytes_[8] & 0x3F));  // variant 10
  return id;
}

absl::StatusOr<EventId> EventId::FromBytes(absl::string_view bytes) {
  if (bytes.size() != 16) {
    return absl::InvalidArgumentError(absl::StrCat("an event id is 16 bytes, got ", bytes.size()));
  }
  EventId id;
  std::memcpy(id.bytes_.data(), bytes.data(), 16);
  return id;
}

absl::StatusOr<EventId> EventId::Parse(absl::string_view uuid) {
  EventId id;
  size_t out = 0;
  for (size_t i = 0; i < uuid.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (uuid[i] != '-') break;
      continue;
    }
    if (i + 1 >= uuid.size() || out >= 16) break;
    int high = HexValue(uuid[i]);
    int low = HexValue(uuid[i + 1]);
    if (high < 0 || low < 0) break;
    id.bytes_[out++] = static_cast<uint8_t>(high << 4 | low);
    ++i;
  }
  if (uuid.size() != 36 || out != 16) {
    return absl::InvalidArgumentError(absl::StrCat("not a UUID: '", uuid, "'"));
  }
  return id;
}

bool EventId::IsNil() const {
  return std::all_of(bytes_.begin(), bytes_.end(), [](uint8_t b) { return b == 0; });
}

std::string EventId::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHex[bytes_[i] >> 4]);
    text.push_back(kHex[bytes_[i] & 0xF]);
  }
  return text;
}

bool AllFilter::Matches(absl::string_view stream, absl::string_view type) const {
  auto stream_matches = [&] {
    return stream_prefixes.empty() ||
           std::any_of(stream_prefixes.begin(), stream_prefixes.end(),
                       [&](const std::string& p) { return absl::StartsWith(stream, p); });
  };
  auto type_matches = [&] {
    return event_types.empty() || std::any_of(event_types.begin(), event_types.end(),
                                              [&](const std::string& t) { return type == t; });
  };
  return stream_matches() && type_matches();
}

}  // namespace eventstore

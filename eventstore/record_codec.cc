#include "eventstore/record_codec.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"
#include "eventstore/validation.h"

namespace eventstore {
namespace {

void PutU32(std::string& out, uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  out.append(b, 4);
}

void PutU64(std::string& out, uint64_t v) {
  PutU32(out, static_cast<uint32_t>(v >> 32));
  PutU32(out, static_cast<uint32_t>(v));
}

void PutStr(std::string& out, absl::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.append(s.data(), s.size());
}

// Reads the encoding front to back; any read past the end marks it broken.
class Reader {
 public:
  explicit Reader(absl::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  bool AtEnd() const { return data_.empty(); }

  absl::string_view Bytes(size_t n) {
    if (!ok_ || data_.size() < n) {
      ok_ = false;
      return {};
    }
    absl::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }
  uint64_t U(size_t n) {
    absl::string_view b = Bytes(n);
    uint64_t v = 0;
    for (char c : b) v = v << 8 | static_cast<uint8_t>(c);
    return v;
  }
  absl::string_view Str() { return Bytes(static_cast<size_t>(U(4))); }

 private:
  absl::string_view data_;
  bool ok_ = true;
};

void CopyHash(absl::string_view bytes, Hash& hash) {
  std::memcpy(hash.data(), bytes.data(), hash.size());
}

}  // namespace

Hash GenesisHash() { return Hash{}; }

std::string EncodeEventBody(const EventData& event) {
  std::string out;
  out.reserve(64 + EventSize(event));
  out.append(event.id.bytes().data(), event.id.bytes().size());
  PutStr(out, event.type);
  PutStr(out, event.content_type);
  PutStr(out, event.metadata.actor);
  PutStr(out, event.metadata.correlation_id);
  PutStr(out, event.metadata.causation_id);
  PutStr(out, event.metadata.request_id);
  PutU32(out, static_cast<uint32_t>(event.metadata.extra.size()));
  for (const auto& [key, value] : event.metadata.extra) {
    PutStr(out, key);
    PutStr(out, value);
  }
  PutStr(out, event.payload);
  return out;
}

Hash EncodeRecord(const RecordPlacement& placement, absl::string_view body, std::string& out) {
  out.clear();
  out.reserve(32 + 1 + 8 + 8 + 8 + 4 + placement.stream.size() + body.size() + 32);
  out.append(HashBytes(placement.prev_hash).data(), 32);
  out.push_back(static_cast<char>(kRecordFormat));
  PutU64(out, placement.position);
  PutU64(out, placement.version);
  PutU64(out, static_cast<uint64_t>(absl::ToUnixMicros(placement.recorded_time)));
  PutStr(out, placement.stream);
  out.append(body.data(), body.size());
  Hash hash = Sha256({out});
  out.append(HashBytes(hash).data(), 32);
  return hash;
}

Hash EncodeRecord(const RecordedEvent& event, std::string& out) {
  return EncodeRecord({.prev_hash = event.prev_hash,
                       .position = event.position,
                       .version = event.version,
                       .recorded_time = event.recorded_time,
                       .stream = event.stream},
                      EncodeEventBody(event.event), out);
}

absl::StatusOr<RecordView> ParseRecord(absl::string_view stored) {
  RecordView view;
  AWARD_RETURN_IF_ERROR(ParseRecordInto(stored, view));
  return view;
}

absl::Status ParseRecordInto(absl::string_view stored, RecordView& view) {
  if (stored.size() < 32 + 1 + 32) {
    return absl::DataLossError(absl::StrCat("record of ", stored.size(), " bytes is too short"));
  }
  view.hashed = stored.substr(0, stored.size() - 32);
  CopyHash(stored.substr(stored.size() - 32), view.stored_hash);
  Reader r(view.hashed);
  CopyHash(r.Bytes(32), view.prev_hash);
  const uint64_t format = r.U(1);
  if (format != kRecordFormat) {
    return absl::DataLossError(absl::StrCat("unknown record format ", format));
  }
  view.position = r.U(8);
  view.version = r.U(8);
  view.recorded_micros = static_cast<int64_t>(r.U(8));
  view.stream = r.Str();
  view.id = r.Bytes(16);
  view.type = r.Str();
  view.content_type = r.Str();
  view.actor = r.Str();
  view.correlation_id = r.Str();
  view.causation_id = r.Str();
  view.request_id = r.Str();
  view.extra_count = static_cast<uint32_t>(r.U(4));
  // The entries are walked once here to find where the payload starts.
  const char* extra_begin = r.ok() ? r.Bytes(0).data() : nullptr;
  for (uint32_t i = 0; i < view.extra_count && r.ok(); ++i) {
    r.Str();
    r.Str();
  }
  absl::string_view payload_length_and_rest = r.Bytes(0);
  if (r.ok()) {
    view.extra = absl::string_view(extra_begin, payload_length_and_rest.data() - extra_begin);
  }
  view.payload = r.Str();
  if (!r.ok() || !r.AtEnd()) return absl::DataLossError("malformed record encoding");
  return absl::OkStatus();
}

Hash ComputeHash(const RecordView& view) { return Sha256({view.hashed}); }

absl::Status ParseRecordPlacedAt(absl::string_view stored, uint64_t position, RecordView& view) {
  if (absl::Status parsed = ParseRecordInto(stored, view); !parsed.ok()) {
    return absl::DataLossError(absl::StrCat("position ", position, ": the record does not decode (",
                                            parsed.message(), ")"));
  }
  if (view.position != position) {
    return absl::DataLossError(absl::StrCat("position ", position,
                                            ": the record stored there says it is at position ",
                                            view.position, " (inserted or moved)"));
  }
  return absl::OkStatus();
}

absl::Status ProveRecordHash(const RecordView& view) {
  return ProveRecordHash(view.position, view.hashed, view.stored_hash);
}

absl::Status ProveRecordHash(uint64_t position, absl::string_view hashed, const Hash& stored) {
  if (Sha256({hashed}) == stored) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat(
      "position ", position, ": the record's bytes do not match its stored hash (altered)"));
}

absl::StatusOr<RecordView> ParseRecordAt(absl::string_view stored, uint64_t position) {
  RecordView view;
  AWARD_RETURN_IF_ERROR(ParseRecordPlacedAt(stored, position, view));
  AWARD_RETURN_IF_ERROR(ProveRecordHash(view));
  return view;
}

absl::Status CheckLink(const Hash& previous_hash, const RecordView& next) {
  if (next.prev_hash == previous_hash) return absl::OkStatus();
  return absl::DataLossError(next.position == 0
                                 ? std::string("position 0: prev_hash is not the genesis value")
                                 : absl::StrCat("position ", next.position,
                                                ": prev_hash does not match the hash of position ",
                                                next.position - 1));
}

absl::Status CopyRecordedEvent(const RecordView& view, RecordedEvent& out) {
  absl::StatusOr<EventId> id = EventId::FromBytes(view.id);
  if (!id.ok()) return absl::DataLossError("malformed event id");
  out.event.id = *id;
  out.event.type.assign(view.type.data(), view.type.size());
  out.event.content_type.assign(view.content_type.data(), view.content_type.size());
  out.event.payload.assign(view.payload.data(), view.payload.size());
  EventMetadata& metadata = out.event.metadata;
  metadata.actor.assign(view.actor.data(), view.actor.size());
  metadata.correlation_id.assign(view.correlation_id.data(), view.correlation_id.size());
  metadata.causation_id.assign(view.causation_id.data(), view.causation_id.size());
  metadata.request_id.assign(view.request_id.data(), view.request_id.size());
  metadata.extra.clear();
  Reader extra(view.extra);
  for (uint32_t i = 0; i < view.extra_count; ++i) {
    absl::string_view key = extra.Str();
    absl::string_view value = extra.Str();
    if (!extra.ok()) return absl::DataLossError("malformed extra metadata");
    metadata.extra.emplace(key, value);
  }
  out.stream.assign(view.stream.data(), view.stream.size());
  out.version = view.version;
  out.position = view.position;
  out.recorded_time = absl::FromUnixMicros(view.recorded_micros);
  out.prev_hash = view.prev_hash;
  out.hash = view.stored_hash;
  return absl::OkStatus();
}

absl::StatusOr<RecordedEvent> ToRecordedEvent(const RecordView& view) {
  RecordedEvent out;
  AWARD_RETURN_IF_ERROR(CopyRecordedEvent(view, out));
  return out;
}

}  // namespace eventstore

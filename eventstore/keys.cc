#include "eventstore/keys.h"

namespace eventstore {

const std::vector<std::string>& ColumnFamilyNames() {
  static const std::vector<std::string>* const names =
      new std::vector<std::string>{"default",      "events",      "stream_index", "event_ids",
                                   "stream_heads", "merkle_tree", "checkpoints"};
  return *names;
}

std::string EncodeU64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return out;
}

std::optional<uint64_t> DecodeU64(absl::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (char c : bytes) value = value << 8 | static_cast<uint8_t>(c);
  return value;
}

std::string TreeNodeKey(int level, uint64_t index) {
  std::string key(1, static_cast<char>(level));
  key += EncodeU64(index);
  return key;
}

std::string EncodeStreamHead(uint64_t last_version, uint64_t last_position) {
  return EncodeU64(last_version) + EncodeU64(last_position);
}

std::optional<std::pair<uint64_t, uint64_t>> DecodeStreamHead(absl::string_view bytes) {
  if (bytes.size() != 16) return std::nullopt;
  return std::make_pair(*DecodeU64(bytes.substr(0, 8)), *DecodeU64(bytes.substr(8)));
}

std::string EncodeStreamRunValue(uint64_t first_position, uint64_t count) {
  return EncodeU64(first_position) + EncodeU64(count);
}

std::optional<StreamRun> DecodeStreamRun(absl::string_view key, absl::string_view value,
                                         absl::string_view stream) {
  std::optional<uint64_t> first_version = StreamIndexVersion(key, stream);
  if (!first_version.has_value() || value.size() != 16 || key.substr(0, stream.size()) != stream) {
    return std::nullopt;
  }
  StreamRun run{*first_version, *DecodeU64(value.substr(0, 8)), *DecodeU64(value.substr(8))};
  if (run.count == 0) return std::nullopt;
  return run;
}

std::string StreamIndexPrefix(absl::string_view stream) {
  std::string key(stream);
  key.push_back('\0');
  return key;
}

std::string StreamIndexKey(absl::string_view stream, uint64_t version) {
  std::string key = StreamIndexPrefix(stream);
  key += EncodeU64(version);
  return key;
}

std::optional<uint64_t> StreamIndexVersion(absl::string_view key, absl::string_view stream) {
  if (key.size() != stream.size() + 1 + 8) return std::nullopt;
  return DecodeU64(key.substr(stream.size() + 1));
}

}  // namespace eventstore

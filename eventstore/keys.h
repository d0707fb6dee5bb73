// How the log lies in RocksDB: the column families and the encoding of every
// key. One record per event in kEvents is the truth; the indexes are written
// in the same atomic batch and can be rebuilt from it.
#ifndef AWARD_EVENTSTORE_KEYS_H_
#define AWARD_EVENTSTORE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace eventstore {

enum class ColumnFamily : int {
  // RocksDB's own; holds the store's format marker under kFormatKey.
  kDefault = 0,
  // Position (u64 big-endian, so byte order is log order) -> the stored record
  // (record_codec.h). Positions are contiguous from 0.
  kEvents = 1,
  // Stream name ‖ 0x00 ‖ first version (u64 big-endian) -> first position ‖
  // count (u64 big-endian each): one entry per run of consecutive versions at
  // consecutive positions. Each append writes one; a rebuild of the indexes
  // joins appends that lie next to each other into one. Stream names
  // never contain NUL, so one stream's keys are exactly those with the prefix
  // "name\0", in version order, and its runs follow each other without a gap.
  kStreamIndex = 2,
  // Event id (16 bytes) -> position (u64 big-endian): uniqueness and retries.
  kEventIds = 3,
  // Stream name -> its last version ‖ the position of that version (u64
  // big-endian each). The expected-version check of every append reads it: a
  // point lookup, answered by a Bloom filter when the stream is new.
  kStreamHeads = 4,
  // The Merkle tree of RFC 9162 over the log (merkle.h), whose leaves are the
  // records' stored hashes: TreeNodeKey(level, index) -> the 32-byte root of
  // the whole subtree of leaves [index * 2^level, (index + 1) * 2^level).
  // Written in the batch of the append that completes it, so the tree is
  // always exactly the log.
  kTree = 5,
  // Tree size (u64 big-endian) -> the checkpoint the log signed at that size,
  // a C2SP signed note (checkpoint.h, signed_note.h). Every one is kept.
  kCheckpoints = 6,
};

inline constexpr int kColumnFamilyCount = 7;

// The RocksDB names, indexed by ColumnFamily.
const std::vector<std::string>& ColumnFamilyNames();

// Written once at creation; an unknown value refuses to open.
inline constexpr absl::string_view kFormatKey = "format";
inline constexpr absl::string_view kFormatValue = "award-eventstore-1";

std::string EncodeU64(uint64_t value);
// nullopt unless exactly 8 bytes.
std::optional<uint64_t> DecodeU64(absl::string_view bytes);
// Whether `key` is EncodeU64(position); inline, for scans that check every key.
inline bool KeyIsPosition(absl::string_view key, uint64_t position) {
  if (key.size() != 8) return false;
  uint64_t value = 0;
  for (char c : key) value = value << 8 | static_cast<uint8_t>(c);
  return value == position;
}

// A level byte, then the index (u64 big-endian): a level's nodes lie in index order.
std::string TreeNodeKey(int level, uint64_t index);

std::string EncodeStreamHead(uint64_t last_version, uint64_t last_position);
// nullopt unless exactly 16 bytes.
std::optional<std::pair<uint64_t, uint64_t>> DecodeStreamHead(absl::string_view bytes);

// A run of a stream (see kStreamIndex).
struct StreamRun {
  uint64_t first_version = 0;
  uint64_t first_position = 0;
  uint64_t count = 0;

  uint64_t last_version() const { return first_version + count - 1; }
  uint64_t PositionOf(uint64_t version) const { return first_position + (version - first_version); }
};
std::string EncodeStreamRunValue(uint64_t first_position, uint64_t count);
// nullopt unless the key belongs to `stream` and both parts are well formed.
std::optional<StreamRun> DecodeStreamRun(absl::string_view key, absl::string_view value,
                                         absl::string_view stream);

std::string StreamIndexPrefix(absl::string_view stream);
std::string StreamIndexKey(absl::string_view stream, uint64_t version);
// The version in a key that starts with StreamIndexPrefix(stream).
std::optional<uint64_t> StreamIndexVersion(absl::string_view key, absl::string_view stream);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_KEYS_H_

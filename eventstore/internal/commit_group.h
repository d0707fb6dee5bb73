// One group commit: the appends that the writer takes from its queue together,
// checked one after another, in arrival order, against the log as it will
// stand after the appends before them, and gathered into one RocksDB batch.
// Used only by the writer thread.
#ifndef AWARD_EVENTSTORE_INTERNAL_COMMIT_GROUP_H_
#define AWARD_EVENTSTORE_INTERNAL_COMMIT_GROUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/merkle.h"
#include "rocksdb/write_batch.h"

namespace eventstore::internal {

// Where the log ends: what the next event chains from.
struct LogHead {
  uint64_t next_position = 0;
  Hash hash{};               // of position next_position - 1, or genesis
  absl::Time recorded_time;  // of position next_position - 1; recorded times never go back
  merkle::RightEdge tree;    // of the Merkle tree over positions [0, next_position)
};

// The head read from disk on open (its tree empty: CompleteTree gives it): the last key of the log,
// whose record must be proven at that position (ParseRecordAt) and chain to the record before it,
// so that no record can claim a shorter log than the one acknowledged, and no
// append is ever written over an acknowledged position. DATA_LOSS naming the
// position otherwise.
absl::StatusOr<LogHead> ReadLogHead(LogDb& db);

// An append with its event bodies already encoded (record_codec.h), in request
// order, by the thread that submitted it.
struct PreparedAppend {
  AppendRequest request;
  std::vector<std::string> bodies;
};
PreparedAppend PrepareAppend(AppendRequest request);

// Last versions of recently written streams, so that most appends need no
// index lookup. Bounded: it forgets everything when it grows past its limit.
class StreamVersionCache {
 public:
  explicit StreamVersionCache(size_t max_entries) : max_entries_(max_entries) {}
  // -1 when the stream has no events.
  absl::StatusOr<int64_t> LastVersion(LogDb& db, const std::string& stream);
  void Set(const std::string& stream, int64_t last_version);

 private:
  size_t max_entries_;
  absl::flat_hash_map<std::string, int64_t> versions_;
};

class CommitGroup {
 public:
  CommitGroup(LogDb& db, StreamVersionCache& versions, const LogHead& head, absl::Time now);

  // OK: the append's events are in the batch, or it repeats events already
  // recorded at the same place and gets the first result. Otherwise nothing of
  // it is in the batch.
  absl::StatusOr<AppendResult> Add(const PreparedAppend& append);

  bool HasWrites() const { return head_.next_position != first_position_; }
  rocksdb::WriteBatch& batch() { return batch_; }
  // The head once the batch is written.
  const LogHead& head() const { return head_; }
  // Call once the batch is written: the cache learns the new stream versions.
  void Committed();

 private:
  struct Location {
    uint64_t position = 0;
    std::string stream;
    uint64_t version = 0;
  };

  absl::StatusOr<int64_t> LastVersion(const std::string& stream);
  absl::StatusOr<std::optional<Location>> FindEvent(const EventId& id);
  // The first result of an append whose events are all recorded, or
  // ALREADY_EXISTS when they are not recorded exactly as this append asks.
  absl::StatusOr<AppendResult> RepeatedResult(const AppendRequest& request,
                                              const std::vector<std::optional<Location>>& found);

  LogDb& db_;
  StreamVersionCache& versions_;
  LogHead head_;
  const uint64_t first_position_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, int64_t> group_versions_;
  absl::flat_hash_map<EventId, Location> group_events_;
  std::string record_;  // reused encoding buffer
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_COMMIT_GROUP_H_

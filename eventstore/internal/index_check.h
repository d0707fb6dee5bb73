// Checks the three indexes of the log (keys.h) against the records themselves,
// which are the truth: no entry missing, none extra, none pointing elsewhere.
// The verifier feeds it every record of the log in position order from 0, then
// asks for the entries that no record accounted for. Reads under the snapshot
// it is given, so it may run while the log grows.
//
// Cost: the ids of a million records at a time, sorted and looked up in id
// order (so that the id index is read nearly in sequence); one point lookup in
// the stream index per run; one scan of each index. Memory: 24 bytes a record
// for the million in hand, and one entry per stream.
#ifndef AWARD_EVENTSTORE_INTERNAL_INDEX_CHECK_H_
#define AWARD_EVENTSTORE_INTERNAL_INDEX_CHECK_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"

namespace eventstore::internal {

// The first entry found wrong, named for an operator:
// "event_ids[UUID]", "stream_heads[STREAM]" or "stream_index[STREAM@VERSION]";
// empty when the records themselves disagree (two events at one stream version).
struct IndexProblem {
  std::string entry;
  std::optional<uint64_t> position;  // the record concerned, when there is one
  std::string problem;
};

// How index entries are named in reports and errors.
std::string EventIdEntry(absl::string_view id_bytes);
std::string StreamHeadEntry(absl::string_view stream);
std::string StreamIndexEntry(absl::string_view stream, uint64_t first_version);

class IndexCheck {
 public:
  // `read` carries the snapshot, which must outlive this object.
  IndexCheck(LogDb& db, const rocksdb::ReadOptions& read) : db_(db), read_(read) {}

  // The entries that must point at this record: its id's, its stream run's.
  // Records must come in position order from 0. An error: RocksDB could not
  // read an index.
  absl::StatusOr<std::optional<IndexProblem>> Record(const RecordView& record);

  // Once every record has come: every stream head, every run, every id entry
  // accounted for.
  absl::StatusOr<std::optional<IndexProblem>> Finish();

  // The id entries of the records given so far, which are looked up in
  // batches: of the problems found, the one of the first record.
  absl::StatusOr<std::optional<IndexProblem>> CheckIds();

 private:
  struct StreamState {
    uint64_t next_version = 0;
    uint64_t last_position = 0;
    std::optional<StreamRun> run;  // the run of the last version seen
  };

  // `problem`, unless a record before it has a wrong id entry.
  absl::StatusOr<std::optional<IndexProblem>> First(IndexProblem problem);
  absl::StatusOr<std::optional<IndexProblem>> CheckRun(const RecordView& record,
                                                       StreamState& stream);
  absl::StatusOr<std::optional<IndexProblem>> FinishIds();
  absl::StatusOr<std::optional<IndexProblem>> FinishHeads();
  absl::StatusOr<std::optional<IndexProblem>> FinishRuns();

  LogDb& db_;
  const rocksdb::ReadOptions& read_;
  struct PendingId {
    std::array<char, 16> id;
    uint64_t position;
  };
  std::vector<PendingId> ids_;  // records whose id entry is yet to be looked up
  uint64_t records_ = 0;
  uint64_t runs_ = 0;
  absl::flat_hash_map<std::string, StreamState> streams_;
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_INDEX_CHECK_H_

// The database a projection keeps its read model in: one RocksDB per
// projection, under the query service's data directory. The read model and
// the projection's checkpoint (the next log position it will take in) change
// together, in one atomic write, so a crash at any moment leaves a state that
// took in every event before the checkpoint exactly once and none after it.
//
//   ReadModelDb::Open(dir) -> db;  ReadModelBatch batch(db);
//   batch.Put("n/42", view);  ...  db.Commit(batch, next_position);
#ifndef AWARD_SERVICES_QUERY_READ_MODEL_H_
#define AWARD_SERVICES_QUERY_READ_MODEL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class DB;
class Snapshot;
}  // namespace rocksdb

namespace google::protobuf {
class MessageLite;
}

namespace award::query {

class ReadModelBatch;

class ReadModelDb {
 public:
  // Creates the directory's database if it does not exist. FAILED_PRECONDITION
  // when another process has it open.
  static absl::StatusOr<std::unique_ptr<ReadModelDb>> Open(const std::string& dir);
  // Removes the database in `dir` (a projection dropped to be rebuilt).
  static absl::Status Destroy(const std::string& dir);
  ~ReadModelDb();

  // The next position the projection will take in: 0 for a new database.
  uint64_t checkpoint() const;

  // Writes the batch's changes and the new checkpoint in one write.
  absl::Status Commit(ReadModelBatch& batch, uint64_t checkpoint);

  // A consistent view for one query: every read through it sees the same
  // committed state, whatever the projection writes meanwhile.
  class View {
   public:
    ~View();
    absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const;
    // Parses the value at `key`; nullopt when there is none, DATA_LOSS when it
    // does not parse.
    template <typename Message>
    absl::StatusOr<std::optional<Message>> GetMessage(absl::string_view key) const {
      Message message;
      absl::StatusOr<bool> found = GetInto(key, message);
      if (!found.ok()) return found.status();
      if (!*found) return std::nullopt;
      return message;
    }
    // Calls `visit` for each key starting with `prefix` and after `start_after`
    // (when not empty), in key order, until it returns false.
    absl::Status Scan(
        absl::string_view prefix, absl::string_view start_after,
        const std::function<bool(absl::string_view key, absl::string_view value)>& visit) const;
    uint64_t checkpoint() const { return checkpoint_; }

    // SHA-256 (hex) over every key and value of the read model, checkpoint
    // included, in key order: equal digests, equal read models.
    absl::StatusOr<std::string> Digest() const;

   private:
    friend class ReadModelDb;
    View(rocksdb::DB* db, const rocksdb::Snapshot* snapshot);
    absl::StatusOr<bool> GetInto(absl::string_view key, google::protobuf::MessageLite& out) const;
    rocksdb::DB* db_;
    const rocksdb::Snapshot* snapshot_;
    uint64_t checkpoint_ = 0;
  };
  std::unique_ptr<View> Snapshot() const;

 private:
  friend class ReadModelBatch;
  explicit ReadModelDb(std::unique_ptr<rocksdb::DB> db, uint64_t checkpoint);
  std::unique_ptr<rocksdb::DB> db_;
  uint64_t checkpoint_;
};

// The changes a projection makes while it takes in a run of events. Reads see
// the batch's own writes first, so one event can build on the one before it.
class ReadModelBatch {
 public:
  explicit ReadModelBatch(const ReadModelDb& db) : db_(db) {}

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const;
  template <typename Message>
  absl::StatusOr<std::optional<Message>> GetMessage(absl::string_view key) const {
    absl::StatusOr<std::optional<std::string>> bytes = Get(key);
    if (!bytes.ok()) return bytes.status();
    if (!bytes->has_value()) return std::nullopt;
    Message message;
    if (!message.ParseFromString(**bytes)) return CorruptValue(key);
    return message;
  }
  void Put(absl::string_view key, std::string value);
  void PutMessage(absl::string_view key, const google::protobuf::MessageLite& message);

  bool empty() const { return changes_.empty(); }

 private:
  friend class ReadModelDb;
  static absl::Status CorruptValue(absl::string_view key);
  const ReadModelDb& db_;
  std::map<std::string, std::string, std::less<>> changes_;
};

// Keys that sort as numbers do: fixed-width decimal.
std::string OrderedNumber(uint64_t number, int width = 20);

// A read-model key: the parts joined by a separator that no id contains, so
// that the prefix of one id never covers another ("a" and "a-b").
std::string KeyOf(std::initializer_list<absl::string_view> parts);
// The prefix of every key that starts with `parts`.
std::string PrefixOf(std::initializer_list<absl::string_view> parts);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_READ_MODEL_H_

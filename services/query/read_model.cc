#include "services/query/read_model.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "eventstore/rocksdb_status.h"
#include "eventstore/sha256.h"
#include "google/protobuf/message_lite.h"

namespace award::query {
namespace {

// Sorts before every read-model key (they start with a letter).
constexpr absl::string_view kCheckpointKey = "#checkpoint";

using eventstore::FromRocks;

// The open of a read model, with another open of it named as such.
absl::Status FromOpen(const rocksdb::Status& status, absl::string_view dir) {
  if (eventstore::HeldByAnotherOpen(status)) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, ": the read model is in use by another process (", status.ToString(), ")"));
  }
  return FromRocks(status, dir);
}

absl::StatusOr<uint64_t> ParseCheckpoint(const std::string& value) {
  uint64_t checkpoint = 0;
  if (!absl::SimpleAtoi(value, &checkpoint)) {
    return absl::DataLossError(absl::StrCat("read model checkpoint '", value, "' is not a number"));
  }
  return checkpoint;
}

}  // namespace

std::string OrderedNumber(uint64_t number, int width) {
  return absl::StrFormat("%0*d", width, number);
}

std::string KeyOf(std::initializer_list<absl::string_view> parts) {
  return absl::StrJoin(parts, "\x01");
}

std::string PrefixOf(std::initializer_list<absl::string_view> parts) {
  return absl::StrCat(KeyOf(parts), "\x01");
}

absl::StatusOr<std::unique_ptr<ReadModelDb>> ReadModelDb::Open(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the read model directory ", dir, ": ", error.message()));
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.compression = rocksdb::kLZ4Compression;
  rocksdb::DB* raw = nullptr;
  if (absl::Status opened = FromOpen(rocksdb::DB::Open(options, dir, &raw), dir); !opened.ok()) {
    return opened;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  uint64_t checkpoint = 0;
  const rocksdb::Status read = db->Get(
      rocksdb::ReadOptions(), rocksdb::Slice(kCheckpointKey.data(), kCheckpointKey.size()), &value);
  if (read.ok()) {
    absl::StatusOr<uint64_t> parsed = ParseCheckpoint(value);
    if (!parsed.ok()) return parsed.status();
    checkpoint = *parsed;
  } else if (!read.IsNotFound()) {
    return FromRocks(read, dir);
  }
  return std::unique_ptr<ReadModelDb>(new ReadModelDb(std::move(db), checkpoint));
}

absl::Status ReadModelDb::Destroy(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) return absl::OkStatus();
  return FromRocks(rocksdb::DestroyDB(dir, rocksdb::Options()), dir);
}

ReadModelDb::ReadModelDb(std::unique_ptr<rocksdb::DB> db, uint64_t checkpoint)
    : db_(std::move(db)), checkpoint_(checkpoint) {}

ReadModelDb::~ReadModelDb() {
  if (db_ != nullptr) (void)db_->Close();
}

uint64_t ReadModelDb::checkpoint() const { return checkpoint_; }

absl::Status ReadModelDb::Commit(ReadModelBatch& batch, uint64_t checkpoint) {
  rocksdb::WriteBatch write;
  for (const auto& [key, value] : batch.changes_) {
    if (absl::Status put = FromRocks(write.Put(key, value), "read model batch"); !put.ok()) {
      return put;
    }
  }
  const std::string position = absl::StrCat(checkpoint);
  if (absl::Status put = FromRocks(
          write.Put(rocksdb::Slice(kCheckpointKey.data(), kCheckpointKey.size()), position),
          "read model batch");
      !put.ok()) {
    return put;
  }
  // Not synced: a process crash keeps what the write-ahead log holds, in order,
  // and an operating-system crash at worst loses a suffix of writes, each with
  // its checkpoint; the projection then takes those events in again.
  if (absl::Status written = FromRocks(db_->Write(rocksdb::WriteOptions(), &write), "read model");
      !written.ok()) {
    return written;
  }
  batch.changes_.clear();
  checkpoint_ = checkpoint;
  return absl::OkStatus();
}

ReadModelDb::View::View(rocksdb::DB* db, const rocksdb::Snapshot* snapshot)
    : db_(db), snapshot_(snapshot) {}

ReadModelDb::View::~View() { db_->ReleaseSnapshot(snapshot_); }

std::unique_ptr<ReadModelDb::View> ReadModelDb::Snapshot() const {
  std::unique_ptr<View> view(new View(db_.get(), db_->GetSnapshot()));
  absl::StatusOr<std::optional<std::string>> checkpoint = view->Get(kCheckpointKey);
  if (checkpoint.ok() && checkpoint->has_value()) {
    view->checkpoint_ = ParseCheckpoint(**checkpoint).value_or(0);
  }
  return view;
}

absl::StatusOr<std::optional<std::string>> ReadModelDb::View::Get(absl::string_view key) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::string value;
  const rocksdb::Status status = db_->Get(options, rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (absl::Status read = FromRocks(status, "read model"); !read.ok()) return read;
  return value;
}

absl::StatusOr<bool> ReadModelDb::View::GetInto(absl::string_view key,
                                                google::protobuf::MessageLite& out) const {
  absl::StatusOr<std::optional<std::string>> bytes = Get(key);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return false;
  if (!out.ParseFromString(**bytes)) return ReadModelBatch::CorruptValue(key);
  return true;
}

absl::Status ReadModelDb::View::Scan(
    absl::string_view prefix, absl::string_view start_after,
    const std::function<bool(absl::string_view key, absl::string_view value)>& visit) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
  const std::string start = start_after.empty() ? std::string(prefix) : std::string(start_after);
  for (it->Seek(start); it->Valid(); it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    if (!absl::StartsWith(key, prefix)) break;
    if (!start_after.empty() && key == start_after) continue;
    if (!visit(key, absl::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "read model scan");
}

absl::StatusOr<std::string> ReadModelDb::View::Digest() const {
  // A chain over the entries in key order, each length-prefixed, so that no
  // two different models hash the same bytes.
  eventstore::Hash chain{};
  AWARD_RETURN_IF_ERROR(Scan("", "", [&](absl::string_view key, absl::string_view value) {
    chain = eventstore::Sha256({eventstore::HashBytes(chain),
                                absl::StrCat(key.size(), ":", key, value.size(), ":"), value});
    return true;
  }));
  return eventstore::HashToHex(chain);
}

absl::StatusOr<std::optional<std::string>> ReadModelBatch::Get(absl::string_view key) const {
  if (auto it = changes_.find(key); it != changes_.end()) return it->second;
  rocksdb::DB& db = *db_.db_;
  std::string value;
  const rocksdb::Status status =
      db.Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (absl::Status read = FromRocks(status, "read model"); !read.ok()) return read;
  return value;
}

void ReadModelBatch::Put(absl::string_view key, std::string value) {
  changes_[std::string(key)] = std::move(value);
}

void ReadModelBatch::PutMessage(absl::string_view key,
                                const google::protobuf::MessageLite& message) {
  Put(key, message.SerializeAsString());
}

absl::Status ReadModelBatch::CorruptValue(absl::string_view key) {
  return absl::DataLossError(absl::StrCat("read model value at '", key, "' does not parse"));
}

}  // namespace award::query

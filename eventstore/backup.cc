#include "eventstore/backup.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"

namespace eventstore {
namespace {

namespace fs = std::filesystem;

constexpr char kLogDir[] = "log";
constexpr char kDigestFile[] = "digest";

// Opens the copy read-only and verifies its whole chain; its head.
absl::StatusOr<LogDigest> VerifyCopy(const std::string& data_dir) {
  RocksDbEventStoreOptions options;
  options.data_dir = data_dir;
  options.read_only = true;
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<EmbeddedEventStore> copy, OpenRocksDbEventStore(options));
  AWARD_ASSIGN_OR_RETURN(VerifyReport report, copy->Verify(VerifyRequest{}));
  AWARD_RETURN_IF_ERROR(copy->Close());
  if (!report.ok) {
    return absl::DataLossError(
        absl::StrCat("the copy in ", data_dir, " does not verify: ", report.problem));
  }
  return report.head;
}

absl::Status WriteDigest(const std::string& path, const LogDigest& digest) {
  std::ofstream out(path);
  out << "event_count " << digest.event_count << "\nhead_hash " << HashToHex(digest.head_hash)
      << "\n";
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LogDigest> WriteBackup(EmbeddedEventStore& store, const std::string& backup,
                                      absl::Duration settle) {
  std::error_code error;
  if (fs::exists(backup, error)) {
    return absl::AlreadyExistsError(absl::StrCat("backup ", backup, " already exists"));
  }
  fs::create_directories(backup, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create backup ", backup, ": ", error.message()));
  }
  bool kept = false;
  absl::Cleanup discard = [&] {
    if (!kept) fs::remove_all(backup, error);
  };
  const std::string log = (fs::path(backup) / kLogDir).string();
  AWARD_RETURN_IF_ERROR(store.Checkpoint(log));
  AWARD_ASSIGN_OR_RETURN(LogDigest copied, VerifyCopy(log));

  // The copy may hold a group written but not yet synced: wait until the live
  // log has it durably, and check it is the same there.
  const absl::Time deadline = absl::Now() + settle;
  while (true) {
    AWARD_ASSIGN_OR_RETURN(LogDigest live, store.Digest());
    if (live.event_count >= copied.event_count) break;
    if (absl::Now() > deadline) {
      return absl::UnavailableError(
          "the log did not make the copied appends durable in time; no backup taken");
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  if (copied.event_count > 0) {
    VerifyRequest same;
    same.from_position = copied.event_count - 1;
    same.to_position = copied.event_count - 1;
    same.expected = copied;
    AWARD_ASSIGN_OR_RETURN(VerifyReport live, store.Verify(same));
    if (!live.ok) {
      return absl::DataLossError(
          absl::StrCat("the copy is not a prefix of the live log: ", live.problem));
    }
  }
  AWARD_RETURN_IF_ERROR(WriteDigest((fs::path(backup) / kDigestFile).string(), copied));
  kept = true;
  return copied;
}

absl::StatusOr<LogDigest> ReadBackupDigest(const std::string& backup) {
  const std::string path = (fs::path(backup) / kDigestFile).string();
  std::ifstream in(path);
  std::string count_key, hash_key, hex;
  uint64_t count = 0;
  if (!(in >> count_key >> count >> hash_key >> hex) || count_key != "event_count" ||
      hash_key != "head_hash") {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a backup's digest"));
  }
  AWARD_ASSIGN_OR_RETURN(Hash hash, HashFromHex(hex));
  return LogDigest{count, hash};
}

absl::StatusOr<LogDigest> RestoreBackup(const std::string& backup, const std::string& data_dir) {
  AWARD_ASSIGN_OR_RETURN(LogDigest recorded, ReadBackupDigest(backup));
  std::error_code error;
  if (fs::exists(data_dir, error)) {
    return absl::AlreadyExistsError(
        absl::StrCat(data_dir, " already exists: restore into a new data directory"));
  }
  // Copied beside the target and renamed once whole, so that a failed restore
  // never leaves a data directory a server would open.
  const std::string partial = data_dir + ".restoring";
  if (const fs::path parent = fs::path(data_dir).parent_path(); !parent.empty()) {
    fs::create_directories(parent, error);
  }
  fs::remove_all(partial, error);
  absl::Cleanup discard = [&] { fs::remove_all(partial, error); };
  fs::copy(fs::path(backup) / kLogDir, partial, fs::copy_options::recursive, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot copy ", backup, " into ", partial, ": ", error.message()));
  }
  AWARD_ASSIGN_OR_RETURN(LogDigest restored, VerifyCopy(partial));
  if (!(restored == recorded)) {
    return absl::DataLossError(absl::StrCat("the restored log ends at ", restored.event_count,
                                            " events with head ", HashToHex(restored.head_hash),
                                            ", the backup's digest says ", recorded.event_count,
                                            " with ", HashToHex(recorded.head_hash)));
  }
  fs::rename(partial, data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot move ", partial, " to ", data_dir, ": ", error.message()));
  }
  return restored;
}

}  // namespace eventstore

#include "eventstore/internal/table_digests.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"

namespace eventstore::internal {
namespace {

namespace fs = std::filesystem;

constexpr char kFile[] = "TABLES";

struct Digest {
  Hash hash{};
  uint64_t size = 0;
};

std::string Line(const std::string& name, const Digest& digest) {
  return absl::StrCat(HashToHex(digest.hash), " ", digest.size, " ", name, "\n");
}

// The record's tables by file name, deletions applied; DATA_LOSS if a line
// does not parse.
absl::StatusOr<std::map<std::string, Digest>> ReadRecord(const std::string& data_dir) {
  std::map<std::string, Digest> tables;
  const std::string path = (fs::path(data_dir) / kFile).string();
  std::ifstream in(path);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::vector<std::string> words = absl::StrSplit(line, ' ');
    Digest digest;
    absl::StatusOr<Hash> hash =
        words.size() == 3 ? HashFromHex(words[0]) : absl::InvalidArgumentError("");
    if (words.size() == 2 && words[0] == "-") {
      tables.erase(words[1]);
    } else if (hash.ok() && absl::SimpleAtoi(words[1], &digest.size)) {
      digest.hash = *hash;
      tables[words[2]] = digest;
    } else if (!in.eof()) {  // a last line cut short by a crash is no record
      return absl::DataLossError(
          absl::StrCat(path, " line ", number, " is damaged; the table files cannot be checked"));
    }
  }
  return tables;
}

absl::StatusOr<Digest> DigestOf(const std::string& path) {
  std::error_code error;
  const uint64_t size = fs::file_size(path, error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot read ", path));
  AWARD_ASSIGN_OR_RETURN(Hash hash, Sha256OfFile(path));
  return Digest{hash, size};
}

}  // namespace

absl::Status CheckTableDigests(const std::string& data_dir) {
  AWARD_ASSIGN_OR_RETURN(auto tables, ReadRecord(data_dir));
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(data_dir, error)) {
    if (entry.path().extension() != ".sst") continue;
    const std::string name = entry.path().filename().string();
    auto recorded = tables.find(name);
    if (recorded == tables.end()) continue;
    AWARD_ASSIGN_OR_RETURN(Digest found, DigestOf(entry.path().string()));
    if (found.size != recorded->second.size || found.hash != recorded->second.hash) {
      return absl::DataLossError(absl::StrCat(
          "table file ", entry.path().string(), " is not the file RocksDB wrote (its SHA-256 is ",
          HashToHex(found.hash), ", ", kFile, " recorded ", HashToHex(recorded->second.hash),
          "): it is damaged; restore the latest backup into a new data directory "
          "(eventstore_restore)"));
    }
  }
  return absl::OkStatus();
}

void TableDigests::OnTableFileCreated(const rocksdb::TableFileCreationInfo& info) {
  if (!info.status.ok()) return;
  absl::StatusOr<Digest> digest = DigestOf(info.file_path);
  // RocksDB's threads outlive the store: OpenSSL's state for this one goes now.
  OPENSSL_thread_stop();
  // A file that cannot be read now is recorded when the store next opens.
  if (!digest.ok()) return;
  absl::MutexLock lock(&mu_);
  Append(Line(fs::path(info.file_path).filename().string(), *digest));
}

void TableDigests::OnTableFileDeleted(const rocksdb::TableFileDeletionInfo& info) {
  absl::MutexLock lock(&mu_);
  Append(absl::StrCat("- ", fs::path(info.file_path).filename().string(), "\n"));
}

void TableDigests::Append(const std::string& line) {
  const int fd =
      open((fs::path(data_dir_) / kFile).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const off_t before = lseek(fd, 0, SEEK_END);
  // Synced before RocksDB makes the file part of the database. A short write
  // (a full disk) is cut off again, so that the next line does not join it
  // into one the record cannot read: the table is then recorded at next open.
  if (write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size())) {
    fdatasync(fd);
  } else if (before >= 0) {
    (void)ftruncate(fd, before);
  }
  close(fd);
}

absl::Status TableDigests::Settle(rocksdb::DB& db) {
  absl::MutexLock lock(&mu_);
  std::vector<rocksdb::LiveFileMetaData> live;
  db.GetLiveFilesMetaData(&live);
  AWARD_ASSIGN_OR_RETURN(auto tables, ReadRecord(data_dir_));
  for (const rocksdb::LiveFileMetaData& file : live) {
    const std::string name = fs::path(file.name).filename().string();
    if (tables.contains(name)) continue;
    AWARD_ASSIGN_OR_RETURN(tables[name], DigestOf((fs::path(data_dir_) / name).string()));
  }
  // Every table still in the directory: one being written now may not be
  // live yet.
  std::string record;
  std::error_code missing;
  for (const auto& [name, digest] : tables) {
    if (fs::exists(fs::path(data_dir_) / name, missing)) {
      absl::StrAppend(&record, Line(name, digest));
    }
  }
  // Whole, then renamed over the old one.
  const fs::path path = fs::path(data_dir_) / kFile;
  const fs::path partial = fs::path(data_dir_) / (std::string(kFile) + ".new");
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot write ", partial.string()));
  const bool written =
      write(fd, record.data(), record.size()) == static_cast<ssize_t>(record.size()) &&
      fsync(fd) == 0;
  close(fd);
  std::error_code error;
  if (written) fs::rename(partial, path, error);
  if (!written || error) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path.string()));
  }
  if (const int dir = open(data_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return absl::OkStatus();
}

}  // namespace eventstore::internal

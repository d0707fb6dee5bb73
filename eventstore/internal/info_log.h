// RocksDB's info LOG, written by the store rather than by RocksDB's own file
// logger: that logger's writer aborts the process (Debian builds RocksDB with
// assertions) at the line after a failed write, as on a full disk. Here a line
// that cannot be written is dropped, nothing more. The file is rotated past
// `max_bytes` into LOG.old.<microseconds>, and `keep` of those are kept.
//
// It also keeps the last report of a damaged write-ahead log: RocksDB names the
// file there, not in the status its open returns.
#ifndef AWARD_EVENTSTORE_INTERNAL_INFO_LOG_H_
#define AWARD_EVENTSTORE_INTERNAL_INFO_LOG_H_

#include <cstdarg>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"

namespace eventstore::internal {

class InfoLog final : public rocksdb::Logger {
 public:
  // `dir` empty: nothing is written (a read-only open leaves the directory as
  // it was), but damage is still kept.
  InfoLog(std::string dir, size_t max_bytes, size_t keep);
  ~InfoLog() override;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;

  // "/data/000012.log: dropping 33 bytes; Corruption: checksum mismatch", or empty.
  std::string Damage() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Write(const std::string& line) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Rotate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string dir_;
  const size_t max_bytes_;
  const size_t keep_;
  mutable absl::Mutex mu_;
  int fd_ ABSL_GUARDED_BY(mu_) = -1;
  size_t size_ ABSL_GUARDED_BY(mu_) = 0;
  std::string damage_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eventstore::internal

#endif  // AWARD_EVENTSTORE_INTERNAL_INFO_LOG_H_

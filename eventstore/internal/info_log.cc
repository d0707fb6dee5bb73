#include "eventstore/internal/info_log.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace eventstore::internal {
namespace {

namespace fs = std::filesystem;

int OpenLog(const std::string& path) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

}  // namespace

InfoLog::InfoLog(std::string dir, size_t max_bytes, size_t keep)
    : dir_(std::move(dir)), max_bytes_(max_bytes), keep_(keep) {
  if (dir_.empty()) return;
  absl::MutexLock lock(&mu_);
  fd_ = OpenLog(dir_ + "/LOG");
  struct stat st {};
  if (fd_ >= 0 && fstat(fd_, &st) == 0) size_ = static_cast<size_t>(st.st_size);
}

InfoLog::~InfoLog() {
  absl::MutexLock lock(&mu_);
  if (fd_ >= 0) close(fd_);
}

void InfoLog::Logv(const char* format, va_list ap) {
  char text[1024];
  std::vsnprintf(text, sizeof(text), format, ap);
  absl::MutexLock lock(&mu_);
  // "[WARN] [source:line] /data/000012.log: dropping 33 bytes; Corruption: ..."
  if (std::strstr(text, ": dropping ") != nullptr) {
    const char* start = text;
    while (*start == '[' && std::strchr(start, ']') != nullptr) {
      start = std::strchr(start, ']') + 1;
      while (*start == ' ') ++start;
    }
    damage_.assign(start);
  }
  if (fd_ < 0) return;
  Write(absl::StrCat(absl::FormatTime("%Y/%m/%d-%H:%M:%E6S ", absl::Now(), absl::UTCTimeZone()),
                     absl::Hex(pthread_self()), " ", text, "\n"));
}

void InfoLog::Write(const std::string& line) {
  if (size_ + line.size() > max_bytes_) Rotate();
  if (fd_ < 0) return;
  // A line the disk has no room for is lost; the store goes on.
  const ssize_t written = write(fd_, line.data(), line.size());
  if (written > 0) size_ += static_cast<size_t>(written);
}

void InfoLog::Rotate() {
  close(fd_);
  std::error_code error;
  const fs::path log = fs::path(dir_) / "LOG";
  fs::rename(log, absl::StrCat(log.string(), ".old.", absl::ToUnixMicros(absl::Now())), error);
  std::vector<fs::path> old;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_, error)) {
    if (absl::StartsWith(entry.path().filename().string(), "LOG.old.")) old.push_back(entry.path());
  }
  std::sort(old.begin(), old.end());
  for (size_t i = 0; i + keep_ < old.size(); ++i) fs::remove(old[i], error);
  fd_ = OpenLog(log.string());
  size_ = 0;
}

std::string InfoLog::Damage() const {
  absl::MutexLock lock(&mu_);
  return damage_;
}

}  // namespace eventstore::internal

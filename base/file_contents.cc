#include "base/file_contents.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace award {

absl::StatusOr<std::string> FileContents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || in.bad()) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  return contents.str();
}

namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

// Writes all of `contents` to `fd` and syncs it.
bool WriteAllAndSync(int fd, const std::string& contents) {
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return fsync(fd) == 0;
}

}  // namespace

absl::StatusOr<std::string> SecretFileContents(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no file ", path));
    return Errno("read", path);
  }
  // Whoever reads the secret can sign or open what it protects.
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("its group or others may read or write it (mode ",
                     absl::StrFormat("%04o", st.st_mode & 07777), "); run chmod 600 ", path));
  }
  return FileContents(path);
}

absl::Status CreateSecretFile(const std::string& path, const std::string& contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(absl::StrCat(path, " exists already"));
    return Errno("create", path);
  }
  const bool written = WriteAllAndSync(fd, contents);
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return Errno("write", path);
  }
  return absl::OkStatus();
}

absl::Status ReplaceFileDurably(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".new";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("create", temporary);
  const bool written = WriteAllAndSync(fd, contents);
  close(fd);
  if (!written) {
    unlink(temporary.c_str());
    return Errno("write", temporary);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) return Errno("rename into", path);
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  const int dir = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Errno("open the directory of", path);
  const bool synced = fsync(dir) == 0;
  close(dir);
  if (!synced) return Errno("sync the directory of", path);
  return absl::OkStatus();
}

}  // namespace award

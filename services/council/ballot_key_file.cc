#include "services/council/ballot_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_contents.h"

namespace award::council {
namespace {

absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    const std::string secret = BallotSeal::NewSecret();
    const bool written =
        write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) &&
        fsync(fd) == 0;
    close(fd);
    if (!written) return absl::InternalError("cannot write the ballot key file " + path);
    return secret;
  }
  // Whoever reads the key can open every secret ballot sealed under it.
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("its group or others may read or write it (mode ",
                     absl::StrFormat("%04o", st.st_mode & 07777), "); run chmod 600 ", path));
  }
  return FileContents(path);
}

}  // namespace

absl::StatusOr<BallotSeal> LoadOrCreateBallotSeal(const std::string& path) {
  absl::StatusOr<std::string> secret = LoadOrCreateSecret(path);
  absl::StatusOr<BallotSeal> seal = secret.ok() ? BallotSeal::Create(*secret) : secret.status();
  if (!seal.ok()) {
    return absl::Status(seal.status().code(),
                        absl::StrCat("ballot key file ", path, ": ", seal.status().message()));
  }
  return seal;
}

}  // namespace award::council

#include "services/council/ballot_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
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

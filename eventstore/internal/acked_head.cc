#include "eventstore/internal/acked_head.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"

namespace eventstore::internal {
namespace {

constexpr char kFile[] = "ACKED";

std::string PathIn(const std::string& data_dir) { return data_dir + "/" + kFile; }

std::string Line(const LogDigest& head) {
  return absl::StrFormat("acknowledged %020d %s\n", head.event_count, HashToHex(head.head_hash));
}

}  // namespace

absl::StatusOr<std::optional<LogDigest>> ReadAckedHead(const std::string& data_dir) {
  const std::string path = PathIn(data_dir);
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !error) return std::nullopt;
  // A file that exists but cannot be read is not taken for a missing one.
  AWARD_ASSIGN_OR_RETURN(const std::string text, award::FileContents(path));
  // Created, but its first record never reached the disk (a power cut right
  // after the store was created): nothing was recorded yet.
  if (text.empty()) return std::nullopt;
  const std::vector<absl::string_view> words =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(text), ' ');
  LogDigest head;
  absl::StatusOr<Hash> hash =
      words.size() == 3 ? HashFromHex(words[2]) : absl::InvalidArgumentError("");
  if (!hash.ok() || words[0] != "acknowledged" || !absl::SimpleAtoi(words[1], &head.event_count)) {
    return absl::DataLossError(
        absl::StrCat(PathIn(data_dir),
                     " is damaged: it should say how many events the store acknowledged and "
                     "the hash of the last; check the log with award_audit verify and remove "
                     "the file if the log is whole"));
  }
  head.head_hash = *hash;
  return head;
}

absl::Status CheckAckedHead(LogDb& db, const LogHead& head, const LogDigest& acked) {
  if (head.next_position < acked.event_count) {
    return absl::DataLossError(
        absl::StrCat("the log ends at ", head.next_position, " events, but the store acknowledged ",
                     acked.event_count, " (", kFile,
                     "): acknowledged events are missing; restore the latest "
                     "backup (eventstore_restore)"));
  }
  if (acked.event_count == 0) return absl::OkStatus();
  const uint64_t last = acked.event_count - 1;
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.GetRecord(last));
  absl::StatusOr<RecordView> view =
      stored.has_value() ? ParseRecordAt(*stored, last)
                         : absl::DataLossError(absl::StrCat("position ", last, ": missing record"));
  if (!view.ok()) return view.status();
  if (view->stored_hash != acked.head_hash) {
    return absl::DataLossError(absl::StrCat("position ", last, " hashes to ",
                                            HashToHex(view->stored_hash),
                                            ", but the store "
                                            "acknowledged it with ",
                                            HashToHex(acked.head_hash), " (", kFile,
                                            "): the log was "
                                            "changed after it was acknowledged"));
  }
  return absl::OkStatus();
}

AckedHeadFile::AckedHeadFile(const std::string& data_dir)
    : fd_(open(PathIn(data_dir).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) {}

AckedHeadFile::~AckedHeadFile() {
  if (fd_ >= 0) close(fd_);
}

void AckedHeadFile::Record(const LogDigest& head) {
  if (fd_ < 0) return;
  const std::string line = Line(head);
  // Of fixed length, over the last, within the file's first disk sector. A
  // failed write (a full disk) leaves an earlier head there: the check at open
  // is then weaker for a while, never wrong, and the appends it follows are
  // durable already, so their answers do not fail with it. The write goes to
  // the page cache before the appenders hear of the head: microseconds beside
  // the sync it follows.
  (void)pwrite(fd_, line.data(), line.size(), 0);
}

}  // namespace eventstore::internal

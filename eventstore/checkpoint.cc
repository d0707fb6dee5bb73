#include "eventstore/checkpoint.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventstore/sha256.h"

namespace eventstore {
namespace {

absl::Status Malformed(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("not a checkpoint: ", why));
}

bool OneLine(absl::string_view text) {
  return !text.empty() && text.find('\n') == absl::string_view::npos;
}

}  // namespace

absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint) {
  if (!OneLine(checkpoint.origin)) {
    return absl::InvalidArgumentError("a checkpoint's origin is one non-empty line");
  }
  std::string text = absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                                  absl::Base64Escape(HashBytes(checkpoint.root)), "\n");
  for (const std::string& extension : checkpoint.extensions) {
    if (!OneLine(extension)) {
      return absl::InvalidArgumentError("a checkpoint's extension is one non-empty line");
    }
    absl::StrAppend(&text, extension, "\n");
  }
  return text;
}

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  if (text.empty() || text.back() != '\n') return Malformed("it does not end with a newline");
  std::vector<absl::string_view> lines = absl::StrSplit(text.substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) return Malformed("it has no origin, size and root hash");
  Checkpoint checkpoint;
  if (lines[0].empty()) return Malformed("the origin line is empty");
  checkpoint.origin = std::string(lines[0]);
  const absl::string_view size = lines[1];
  const bool decimal =
      !size.empty() && size.size() <= 20 &&
      std::all_of(size.begin(), size.end(), [](char c) { return absl::ascii_isdigit(c); }) &&
      (size == "0" || size[0] != '0');
  if (!decimal || !absl::SimpleAtoi(size, &checkpoint.size)) {
    return Malformed(absl::StrCat("the size '", size, "' is not a decimal number"));
  }
  std::string root;
  if (!absl::Base64Unescape(lines[2], &root) || root.size() != checkpoint.root.size() ||
      absl::Base64Escape(root) != lines[2]) {
    return Malformed("the root hash is not the base64 of 32 bytes");
  }
  std::copy(root.begin(), root.end(), checkpoint.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return Malformed(absl::StrCat("line ", i + 1, " is empty"));
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

absl::StatusOr<Checkpoint> PeekCheckpoint(absl::string_view signed_note) {
  const size_t blank = signed_note.find("\n\n");
  if (blank == absl::string_view::npos) return Malformed("not a signed note");
  return ParseCheckpoint(signed_note.substr(0, blank + 1));
}

}  // namespace eventstore

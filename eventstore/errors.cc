#include "eventstore/errors.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace eventstore {
namespace {

constexpr absl::string_view kFieldUrl = "eventstore.v1/field";
constexpr absl::string_view kStreamUrl = "eventstore.v1/stream";
constexpr absl::string_view kCurrentVersionUrl = "eventstore.v1/current_version";

std::optional<std::string> Payload(const absl::Status& status, absl::string_view url) {
  auto cord = status.GetPayload(url);  // absl::optional, not std::optional, in this Abseil
  if (!cord.has_value()) return std::nullopt;
  return std::string(*cord);
}

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
  SetErrorField(status, field);
  return status;
}

absl::Status WrongExpectedVersion(absl::string_view stream, absl::string_view expected,
                                  int64_t current_version) {
  absl::Status status = absl::AbortedError(absl::StrCat(
      "stream '", stream, "': expected ", expected, ", current version ",
      current_version < 0 ? std::string("none (no stream)") : absl::StrCat(current_version)));
  SetErrorStream(status, stream);
  SetErrorCurrentVersion(status, current_version);
  return status;
}

void SetErrorField(absl::Status& status, absl::string_view field) {
  status.SetPayload(kFieldUrl, absl::Cord(field));
}

void SetErrorStream(absl::Status& status, absl::string_view stream) {
  status.SetPayload(kStreamUrl, absl::Cord(stream));
}

void SetErrorCurrentVersion(absl::Status& status, int64_t current_version) {
  status.SetPayload(kCurrentVersionUrl, absl::Cord(absl::StrCat(current_version)));
}

std::optional<std::string> ErrorField(const absl::Status& status) {
  return Payload(status, kFieldUrl);
}

std::optional<std::string> ErrorStream(const absl::Status& status) {
  return Payload(status, kStreamUrl);
}

std::optional<int64_t> ErrorCurrentVersion(const absl::Status& status) {
  std::optional<std::string> text = Payload(status, kCurrentVersionUrl);
  int64_t value = 0;
  if (!text.has_value() || !absl::SimpleAtoi(*text, &value)) return std::nullopt;
  return value;
}

}  // namespace eventstore

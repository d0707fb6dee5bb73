#include "services/nominations/domain/awardee_id.h"

#include "absl/strings/str_cat.h"
#include "eventstore/errors.h"
#include "eventstore/sha256.h"

namespace award::nominations {

absl::StatusOr<std::string> AwardeeId(v1::SubjectType subject, absl::string_view identity) {
  absl::string_view prefix;
  switch (subject) {
    case v1::SUBJECT_TYPE_INDIVIDUAL:
      prefix = "i-";
      break;
    case v1::SUBJECT_TYPE_COLLECTIVE:
      prefix = "c-";
      break;
    case v1::SUBJECT_TYPE_HOUSEHOLD:
      prefix = "h-";
      break;
    default:
      return eventstore::InvalidField("subject_type", "say individual, collective or household");
  }
  if (identity.empty()) return eventstore::InvalidField("identity", "must not be empty");
  const std::string subject_number = absl::StrCat(static_cast<int>(subject));
  const eventstore::Hash hash =
      eventstore::Sha256({"award.awardee.v1", absl::string_view("\0", 1), subject_number,
                          absl::string_view("\0", 1), identity});
  return absl::StrCat(prefix, eventstore::HashToHex(hash).substr(0, 20));
}

}  // namespace award::nominations

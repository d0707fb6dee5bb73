// The stable id of an awardee, and so of its history stream awardee-<id>.
//
// It is derived, never assigned, so that every authority and every year finds
// the same awardee: "i-", "c-" or "h-" (individual, collective, household) and
// 20 hex digits of SHA-256("award.awardee.v1" 0x00 subject 0x00 identity). The
// identity is what does not change: an individual's national identity number
// (CCCD), a collective's unit code, a household's registration number. Only
// the hash is kept, so stream names carry no personal data.
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_ID_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/common.pb.h"

namespace award::nominations {

// INVALID_ARGUMENT naming "identity" or "subject_type" when one is missing.
absl::StatusOr<std::string> AwardeeId(v1::SubjectType subject, absl::string_view identity);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_ID_H_

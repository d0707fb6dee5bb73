// Who may sign an award decision (R1, R2): the head of an authority (or a
// deputy signing for the head) whose level decides the kind under the rule set
// the nomination was judged by, and only while the authority exists: a
// dissolved or merged authority signs nothing, and no district signs from
// 2025-07-01, the day the districts ended, whatever its register still says.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_SIGNER_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_SIGNER_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "award/v1/decisions.pb.h"
#include "award/v1/rules.pb.h"
#include "services/nominations/domain/authority.h"

namespace award::decisions {

// INVALID_ARGUMENT naming the field of `signer` that is missing.
absl::Status ValidateSigner(const v1::Signer& signer);

// Whether authorities of `level` decide `rule`'s kind (R1).
bool DecidedAt(const v1::AwardRule& rule, v1::AuthorityLevel level);

// FAILED_PRECONDITION naming R1 or R2 when `authority` may not sign a
// decision granting `rule`'s kind on `day`.
absl::Status CheckSigningAuthority(const nominations::Authority& authority, absl::CivilDay day,
                                   const v1::AwardRule& rule);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_SIGNER_H_

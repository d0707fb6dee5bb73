// Trình cấp trên: a nomination that this authority's council recommended for
// a kind that a higher authority decides is sent on, with its dossier and the
// council's result, and arrives there as a new nomination, submitted and
// ready for that authority's own appraisal. Both sides name each other: the
// lower one's record says NominationForwarded (to whom, as which nomination),
// the higher one's draft carries ForwardedFrom (which nomination, which
// authority, the council's outcome).
//
// The new nomination's stream belongs to the nominations service, and its
// events are made by that service's own Decide functions (draft, attach each
// document, submit), so every rule of a nomination holds for it; they are
// written in the one append that records the forwarding and passes the
// nominee's claim on, so there is never a forwarded nomination without its
// arrival, or the reverse.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_FORWARDING_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_FORWARDING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/command.h"
#include "services/common/rule_book.h"
#include "services/decisions/domain/decision.h"
#include "services/nominations/domain/authority.h"
#include "services/nominations/domain/nomination.h"

namespace award::decisions {

struct ForwardFacts {
  Candidate candidate;          // the recommended nomination, with its records
  nominations::Authority from;  // the authority it was proposed to
  nominations::Authority to;
  bool to_is_above = false;  // `to` is among `from`'s parents
  bool forwarded_id_taken = false;
  nominations::Claim claim;  // the nominee's claim, held by the candidate
};

// The events on the candidate's resolution stream, and (in `also`) the new
// nomination at `to` and the claim passed on to it.
absl::StatusOr<Effects> DecideForward(const ForwardFacts& facts,
                                      const std::string& forwarded_nomination_id,
                                      absl::CivilDay forwarded_on, const RuleBook& rules);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_FORWARDING_H_

// The award decision aggregate (stream decision-<id>) and the pure Decide
// functions of the decisions service. The service reads what a command needs
// (the nominations with every record of them, the awardees' histories, the
// register) and these functions judge it and say what to write: the
// decision's own events, and, in the same atomic append, the register, the
// nominations' resolution records and the awardees' histories, each with the
// version it was read at. A lost race anywhere writes nothing anywhere.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/decisions.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/decisions/domain/decision_state.h"
#include "services/decisions/domain/register.h"
#include "services/nominations/domain/authority.h"
#include "services/nominations/domain/awardee_history.h"
#include "services/nominations/domain/nomination.h"

namespace award::decisions {

struct Decision {
  DecisionState state = DecisionState::kNone;
  v1::DecisionDrafted drafted;
  std::optional<v1::DecisionIssued> issued;
  std::vector<v1::DecisionRevoked> revocations;
  std::set<std::string> revoked;  // nominations whose awards here are revoked
  // A decision made on paper before the platform: its header and its awards.
  std::optional<v1::PriorDecisionRecorded> prior;
  std::vector<v1::PriorAward> prior_awards;
};

struct DecisionAggregate {
  using State = Decision;
  static absl::Status Evolve(Decision& decision, const eventstore::RecordedEvent& event);
};

std::string DecisionStream(absl::string_view decision_id);
using nominations::AwardeeStream;

// A nomination as the service read it for a command.
struct Candidate {
  std::string nomination_id;
  nominations::Nomination nomination;  // with the council's and the deciding authority's records
  int64_t own_version = -1;            // of nomination-<id>, whose suspension R14 reads
  int64_t agenda_version = -1;         // of agenda-<id>, the council's record; -1: none yet
  int64_t resolution_version = -1;     // of resolution-<id>; -1: none yet
  std::vector<nominations::GrantedAward> awardee_awards;    // the nominee's awards now
  std::vector<nominations::AchievementHold> awardee_holds;  // what live drafts hold of them
  int64_t awardee_version = -1;                             // of awardee-<id>
};

// What a draft is judged on.
struct DraftFacts {
  nominations::Authority authority;
  std::vector<Candidate> candidates;  // in the order the awards are to be listed
  int64_t base_salary_vnd = 0;        // in force on the decision date (R17)
};

// Validates and prices a draft. `draft` carries the decision id, authority,
// signer, decision date and subject; the awards and totals are filled here.
// Each nomination must be the authority's own and decidable now: RECOMMENDED
// by its council, or APPRAISED for a kind its council need not ballot on; the
// authority must sign every kind on the decision date (R1, R2); its
// eligibility is checked again, and what it stood on recorded (R20). R15
// holds across live drafts: an achievement another draft holds is refused,
// and the draft holds its awards' achievements on the awardees' streams, in
// the same append, until they are granted or the draft is discarded.
absl::StatusOr<Effects> DecideDraft(const Decision& decision, v1::DecisionDrafted draft,
                                    const DraftFacts& facts, const RuleBook& rules);

struct IssueFacts {
  DecisionRegister book;  // the register of the decision date's year
  int64_t register_version = -1;
  nominations::Authority authority;  // the deciding authority, read again
  int64_t authority_version = -1;
  std::vector<Candidate> candidates;  // each award's nomination read again, in the awards' order
};

// Numbers the decision (R21): on its decision date or the next working day,
// never dated before the register's last number. Every rule that depends on
// other records is judged again on the decision date: the authority still
// signs each kind (R2), each nomination is still decidable (not suspended,
// R14, nor withdrawn), its prerequisites still stand (R4-R7, R20), its
// achievements were not rewarded meanwhile (R15), and the decision is not
// dated before what it decides (R17). Writes DecisionIssued (with the
// rendered document's SHA-256), the register's DecisionNumbered, each
// nomination's NominationDecided and each awardee's AwardGranted, in one
// append conditioned on the authority's and the nominations' own and agenda
// records being still as read.
absl::StatusOr<Effects> DecideIssue(const Decision& decision, absl::CivilDay numbered_on,
                                    const IssueFacts& facts, const RuleBook& rules,
                                    const WorkingDayCalendar& calendar);

struct AwardeeRecord {
  int64_t version = -1;
  std::vector<nominations::GrantedAward> awards;
  std::vector<nominations::AchievementHold> held_by_drafts;
};

// Sets a draft aside: DecisionDiscarded, and AchievementsReleased on each
// awardee stream where it holds achievements (`awardees`, by awardee id, as
// read). Only a DRAFTED decision is discarded; an issued one is revoked.
absl::StatusOr<Effects> DecideDiscard(const Decision& decision, const std::string& reason,
                                      const std::map<std::string, AwardeeRecord>& awardees);

// A revocation as asked for.
struct Revocation {
  std::string authority_id;                 // who revokes
  std::vector<std::string> nomination_ids;  // empty: every award still standing
  v1::RevocationGround ground = v1::REVOCATION_GROUND_UNSPECIFIED;
  v1::DossierDocument establishing_document;
  v1::Date revoked_on;
  std::string reason;
};

// The awards `revocation` would revoke, after checking who asks and what: only
// the issuing authority (PERMISSION_DENIED), an ISSUED decision, awards of it
// not yet revoked.
absl::StatusOr<std::vector<const v1::DecisionAward*>> AwardsToRevoke(const Decision& decision,
                                                                     const Revocation& revocation);

// R20: the awards of `record` that stood on `revoked` and still stand
// unreviewed.
std::vector<const nominations::GrantedAward*> DependentsOf(const AwardeeRecord& record,
                                                           const v1::AwardRef& revoked);

struct RevokeFacts {
  std::map<std::string, AwardeeRecord> awardees;       // of the revoked awards, by awardee id
  std::map<std::string, int64_t> resolution_versions;  // of revoked and dependent nominations
};

// R19, R20: DecisionRevoked with the recovery due in 15 working days, each
// revoked award's AwardRevoked and NominationAwardRevoked, and each award that
// stood on one of them AwardNeedsReview and NominationNeedsReview.
absl::StatusOr<Effects> DecideRevoke(const Decision& decision, const Revocation& revocation,
                                     const RevokeFacts& facts, const WorkingDayCalendar& calendar);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_H_

// The nomination aggregate (stream nomination-<id>): its state, folded from
// its events by Evolve, and the pure Decide functions of the commands the
// nominations service takes. Each Decide returns the events to record, or the
// rejection: INVALID_ARGUMENT naming the field, ALREADY_EXISTS, NOT_FOUND, or
// FAILED_PRECONDITION naming the state or the failed rules (by id, with reasons).
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "award/v1/council.pb.h"
#include "award/v1/decisions.pb.h"
#include "award/v1/nominations.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/nominations/domain/eligibility.h"
#include "services/nominations/domain/nomination_state.h"

namespace award::nominations {

struct Nomination {
  bool exists = false;
  NominationStatus status;
  v1::NominationDrafted draft;
  std::vector<v1::DossierDocument> documents;
  std::string rule_set_version;  // set at submission (R22)
  v1::Date received_on;          // of the last submission
  std::string manual_appraisal;
  std::vector<std::string> supplement_reasons;
  v1::Date supplement_due;
  std::vector<v1::RuleFinding> findings;  // of a failed appraisal
  std::optional<v1::Date> listed_on;      // listed publicly for comment (R13)
  // From the council's record of it (agenda-<id>, council_service): the open
  // agenda it stands on, and the council's outcome.
  std::string agenda_id;
  std::optional<v1::CouncilOutcomeRecorded> council_outcome;
  // From the deciding authority's record of it (resolution-<id>, decisions service).
  std::optional<v1::NominationDecided> decided;
  std::optional<v1::NominationForwarded> forwarded;
  std::optional<v1::AwardRef> revoked_prerequisite;  // why it NEEDS_REVIEW (R20)
};

// A nomination as its own stream (nomination-<id>) alone records it: its
// dossier and the nominations service's acts. Its status knows nothing of the
// other services' records: a nomination on a council's agenda, recommended or
// decided is still APPRAISED here, unless this service has since withdrawn or
// suspended it. The state the API reports is NominationRecord::overall.
struct OwnStreamNomination : Nomination {};

struct NominationAggregate {
  using State = OwnStreamNomination;
  // DATA_LOSS for an event this aggregate does not know, or one the state
  // machine would not have allowed.
  static absl::Status Evolve(Nomination& nomination, const eventstore::RecordedEvent& event);
};

std::string NominationStream(absl::string_view nomination_id);

// The first and last years of an achievement period (a school year counts by
// the year it starts); 0 when the period is not given.
int FirstYearOf(const v1::AchievementPeriod& period);
int LastYearOf(const v1::AchievementPeriod& period);
// The nomination's record with the council (written by the council service).
std::string AgendaStream(absl::string_view nomination_id);
// The nomination's record with the deciding authority (written by the decisions service).
std::string ResolutionStream(absl::string_view nomination_id);

// Folds one event of a record that another service keeps of the nomination
// into its state, through the same state machine: the council's (stream
// agenda-<id>: placed on an agenda, taken off, recommended or not) and the
// deciding authority's (stream resolution-<id>: decided, forwarded, revoked,
// sent for review). All streams are folded together in global-position order.
// A nomination suspended meanwhile stays SUSPENDED and returns to the state
// the other service left (R14). FAILED_PRECONDITION, with the state unchanged,
// when the state machine refuses the event: an act that raced a withdrawal,
// which the history then shows as void.
absl::Status ApplyRecordEvent(Nomination& nomination, const eventstore::RecordedEvent& event);

// The claim of one nominee on one award kind for one period (stream
// claim-<awardee>-<kind>-<period>): at most one live nomination holds it.
std::string ClaimStream(const v1::NominationDrafted& draft);
struct Claim {
  int64_t version = -1;  // of the claim stream; -1: never claimed
  std::string holder;    // the nomination holding it; empty: free
};
// The claim as its stream's last event leaves it.
absl::StatusOr<Claim> ClaimOf(const std::optional<eventstore::RecordedEvent>& last_event);
// The append that takes a free claim; ALREADY_EXISTS naming the holder otherwise.
absl::StatusOr<eventstore::StreamAppend> TakeClaim(const Claim& claim, const std::string& stream,
                                                   const std::string& nomination_id);
// The append that frees the claim, if `nomination_id` holds it.
std::optional<eventstore::StreamAppend> ReleaseClaim(const Claim& claim, const std::string& stream,
                                                     const std::string& nomination_id);
// The append that passes the claim from its holder `from` to `to` (a
// nomination forwarded to a higher authority); FAILED_PRECONDITION if `from`
// does not hold it.
absl::StatusOr<eventstore::StreamAppend> TransferClaim(const Claim& claim,
                                                       const std::string& stream,
                                                       const std::string& from,
                                                       const std::string& to);

// What the eligibility rules are checked against: the proposal the draft
// makes, and the nominee's record (its years from the draft, its awards from
// its awardee stream).
Proposal ProposalOf(const v1::NominationDrafted& draft, absl::CivilDay submitted_on);

// The eligibility rules of its kind, checked again under the rule set it was
// submitted under as of the day it was received, against `awards`: what the
// award stands on (Eligibility::relied_on) when it is decided.
absl::StatusOr<Eligibility> CheckUnderItsRules(const Nomination& nomination, const RuleBook& rules,
                                               const std::vector<GrantedAward>& awards);

absl::StatusOr<std::vector<NewEvent>> DecideDraft(const Nomination& nomination,
                                                  const v1::NominationDrafted& draft,
                                                  const RuleBook& rules, absl::CivilDay today);
absl::StatusOr<std::vector<NewEvent>> DecideAttachDocument(const Nomination& nomination,
                                                           const v1::DossierDocument& document);
absl::StatusOr<std::vector<NewEvent>> DecideRemoveDocument(const Nomination& nomination,
                                                           absl::string_view sha256);
// R22, required documents, eligibility; an open proceeding suspends (R14).
absl::StatusOr<std::vector<NewEvent>> DecideSubmit(const Nomination& nomination,
                                                   absl::CivilDay received_on,
                                                   const RuleBook& rules,
                                                   const std::vector<GrantedAward>& awards,
                                                   const std::optional<std::string>& proceeding);
absl::StatusOr<std::vector<NewEvent>> DecideRequestSupplement(
    const Nomination& nomination, const std::vector<std::string>& reasons, int working_days,
    const WorkingDayCalendar& calendar, absl::CivilDay today);
// Passing re-checks the rules the nomination was submitted under, as of the
// day it was received: a failed rule cannot be passed over. Failing needs the
// appraiser's reasons.
absl::StatusOr<std::vector<NewEvent>> DecideAppraise(const Nomination& nomination, bool pass,
                                                     const std::string& note, const RuleBook& rules,
                                                     const std::vector<GrantedAward>& awards);
absl::StatusOr<std::vector<NewEvent>> DecideWithdraw(const Nomination& nomination,
                                                     const std::string& reason);
absl::StatusOr<std::vector<NewEvent>> DecideSuspend(const Nomination& nomination,
                                                    const std::string& proceeding);
absl::StatusOr<std::vector<NewEvent>> DecideResume(const Nomination& nomination,
                                                   const std::string& conclusion);
// R13: the listing for public comment, once submitted and before the council.
absl::StatusOr<std::vector<NewEvent>> DecideListPublicly(const Nomination& nomination,
                                                         const v1::Date& listed_on,
                                                         const std::string& where);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_NOMINATION_H_

#include "services/decisions/domain/forwarding.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/proto_events.h"
#include "services/common/public_record.h"
#include "services/decisions/domain/signer.h"

namespace award::decisions {
namespace {

using eventstore::InvalidField;
using nominations::Nomination;

// Folds events a Decide function returned into `state`, as the store would.
absl::Status Fold(Nomination& state, const std::vector<NewEvent>& events,
                  std::vector<NewEvent>& written) {
  for (const NewEvent& event : events) {
    AWARD_RETURN_IF_ERROR(nominations::NominationAggregate::Evolve(state, UnrecordedEvent(event)));
    written.push_back(event);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Effects> DecideForward(const ForwardFacts& facts,
                                      const std::string& forwarded_nomination_id,
                                      absl::CivilDay forwarded_on, const RuleBook& rules) {
  const Candidate& candidate = facts.candidate;
  const Nomination& n = candidate.nomination;
  if (!n.exists)
    return absl::NotFoundError(absl::StrCat("no nomination ", candidate.nomination_id));
  if (forwarded_nomination_id.empty()) return InvalidField("forwarded_nomination_id", "missing");
  if (forwarded_nomination_id == candidate.nomination_id) {
    return InvalidField("forwarded_nomination_id",
                        "the higher authority's nomination is a new one");
  }
  if (facts.forwarded_id_taken) {
    return absl::AlreadyExistsError(
        absl::StrCat("nomination ", forwarded_nomination_id, " already exists"));
  }
  if (!facts.to.exists) return absl::NotFoundError("no such authority to forward to");
  if (n.status.state != nominations::NominationState::kRecommended ||
      !n.council_outcome.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nomination ", candidate.nomination_id, " is ", nominations::StateName(n.status.state),
        "; only one its council RECOMMENDED is forwarded"));
  }
  if (forwarded_on < ToCivilDay(n.council_outcome->held_on())) {
    return InvalidField("forwarded_on", "before the council recommended it");
  }
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ByVersion(n.rule_set_version));
  AWARD_ASSIGN_OR_RETURN(const v1::AwardRule* rule, RuleBook::FindAward(*rule_set, n.draft.kind()));
  const std::string kind = AwardKindName(n.draft.kind());
  if (DecidedAt(*rule, facts.from.registered.level())) {
    return absl::FailedPreconditionError(
        absl::StrCat(kind, " is decided by ", facts.from.registered.authority_id(),
                     " itself: it issues the decision instead of forwarding"));
  }
  if (!facts.to_is_above) {
    return absl::FailedPreconditionError(absl::StrCat(facts.to.registered.authority_id(),
                                                      " is not above ",
                                                      facts.from.registered.authority_id()));
  }
  if (!DecidedAt(*rule, facts.to.registered.level())) {
    return absl::FailedPreconditionError(
        absl::StrCat("R1: ", kind, " is not decided by ", facts.to.registered.authority_id(), " (",
                     v1::AuthorityLevel_Name(facts.to.registered.level()), ")"));
  }
  if (!nominations::CanDecideOn(facts.to, forwarded_on)) {
    return absl::FailedPreconditionError(absl::StrCat("R2: ", facts.to.registered.authority_id(),
                                                      " does not decide on ",
                                                      absl::FormatCivilTime(forwarded_on)));
  }

  v1::NominationDrafted draft = n.draft;
  draft.set_nomination_id(forwarded_nomination_id);
  draft.set_authority_id(facts.to.registered.authority_id());
  draft.clear_campaign_id();  // the campaign was the lower authority's
  v1::ForwardedFrom& from = *draft.mutable_forwarded_from();
  from.set_nomination_id(candidate.nomination_id);
  from.set_authority_id(facts.from.registered.authority_id());
  *from.mutable_council_outcome() = *n.council_outcome;
  *from.mutable_forwarded_on() = DateOf(forwarded_on);

  Nomination arrived;
  std::vector<NewEvent> written;
  AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> drafted,
                         nominations::DecideDraft(arrived, draft, rules, forwarded_on));
  AWARD_RETURN_IF_ERROR(Fold(arrived, drafted, written));
  for (const v1::DossierDocument& document : n.documents) {
    AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> attached,
                           nominations::DecideAttachDocument(arrived, document));
    AWARD_RETURN_IF_ERROR(Fold(arrived, attached, written));
  }
  AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> submitted,
                         nominations::DecideSubmit(arrived, forwarded_on, rules,
                                                   candidate.awardee_awards, std::nullopt));
  AWARD_RETURN_IF_ERROR(Fold(arrived, submitted, written));

  Effects out;
  v1::NominationForwarded forwarded;
  forwarded.set_to_authority_id(facts.to.registered.authority_id());
  forwarded.set_forwarded_nomination_id(forwarded_nomination_id);
  *forwarded.mutable_forwarded_on() = DateOf(forwarded_on);
  out.events.push_back(ToNewEvent(forwarded));
  eventstore::StreamAppend arrival{nominations::NominationStream(forwarded_nomination_id),
                                   eventstore::ExpectedVersion::NoStream(),
                                   {}};
  for (const NewEvent& event : written) arrival.events.push_back(UnstampedEvent(event));
  out.also.push_back(std::move(arrival));
  AWARD_ASSIGN_OR_RETURN(
      eventstore::StreamAppend claim,
      nominations::TransferClaim(facts.claim, nominations::ClaimStream(n.draft),
                                 candidate.nomination_id, forwarded_nomination_id));
  out.also.push_back(std::move(claim));
  return out;
}

}  // namespace award::decisions

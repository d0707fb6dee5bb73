#include "services/nominations/domain/nomination.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"

namespace award::nominations {
namespace {

using eventstore::InvalidField;

Rating FromProto(v1::Rating rating) {
  switch (rating) {
    case v1::RATING_COMPLETED:
      return Rating::kCompleted;
    case v1::RATING_GOOD:
      return Rating::kGood;
    case v1::RATING_EXCELLENT:
      return Rating::kExcellent;
    default:
      return Rating::kNone;
  }
}

InitiativeScope FromProto(v1::InitiativeScope scope) {
  switch (scope) {
    case v1::INITIATIVE_SCOPE_PROVINCE:
      return InitiativeScope::kProvince;
    case v1::INITIATIVE_SCOPE_NATIONAL:
      return InitiativeScope::kNational;
    default:
      return InitiativeScope::kUnit;
  }
}

// NOT_FOUND for a nomination that was never drafted: the one place that says so.
absl::Status MustExist(const Nomination& nomination) {
  if (!nomination.exists) return absl::NotFoundError("no such nomination");
  return absl::OkStatus();
}

// The transition's own check, before any other: the state machine speaks first.
absl::Status Allowed(const Nomination& nomination, NominationTransition transition) {
  AWARD_RETURN_IF_ERROR(MustExist(nomination));
  return ApplyTransition(nomination.status, transition).status();
}

absl::Status Editable(const Nomination& nomination) {
  AWARD_RETURN_IF_ERROR(MustExist(nomination));
  const NominationState state = nomination.status.state;
  if (state != NominationState::kDraft && state != NominationState::kSupplementRequested) {
    return absl::FailedPreconditionError(
        absl::StrCat("the nomination is ", StateName(state),
                     "; its dossier can be changed only in DRAFT or SUPPLEMENT_REQUESTED"));
  }
  return absl::OkStatus();
}

absl::Status Failed(const std::vector<RuleFailure>& failures, absl::string_view what) {
  std::vector<std::string> lines;
  for (const RuleFailure& failure : failures) lines.push_back(failure.rule + ": " + failure.reason);
  return absl::FailedPreconditionError(absl::StrCat(what, ": ", absl::StrJoin(lines, "; ")));
}

absl::StatusOr<Eligibility> Check(const Nomination& nomination, const v1::RuleSet& rule_set,
                                  const std::vector<GrantedAward>& awards,
                                  const std::optional<std::string>& proceeding, absl::CivilDay on) {
  absl::StatusOr<const v1::AwardRule*> award =
      RuleBook::FindAward(rule_set, nomination.draft.kind());
  if (!award.ok()) return absl::FailedPreconditionError(award.status().message());
  NomineeHistory history;
  for (const v1::YearRecord& year : nomination.draft.years()) {
    YearRecord& record = history.years.emplace_back();
    record.year = year.year();
    record.rating = FromProto(year.rating());
    for (int scope : year.initiatives()) {
      record.initiatives.push_back(FromProto(static_cast<v1::InitiativeScope>(scope)));
    }
  }
  history.awards = awards;
  history.open_proceeding = proceeding;
  return CheckEligibility(
      ProposalOf(nomination.draft, on), history,
      {(*award)->eligibility_rules().begin(), (*award)->eligibility_rules().end()});
}

std::vector<NewEvent> One(const google::protobuf::Message& message) {
  return {ToNewEvent(message)};
}

}  // namespace

std::string NominationStream(absl::string_view nomination_id) {
  return absl::StrCat("nomination-", nomination_id);
}

int FirstYearOf(const v1::AchievementPeriod& period) {
  return period.period_case() == v1::AchievementPeriod::kRange ? period.range().from().year()
                                                               : LastYearOf(period);
}

int LastYearOf(const v1::AchievementPeriod& period) {
  switch (period.period_case()) {
    case v1::AchievementPeriod::kYear:
      return period.year();
    case v1::AchievementPeriod::kSchoolYearStart:
      return period.school_year_start();
    case v1::AchievementPeriod::kRange:
      return period.range().to().year();
    default:
      return 0;
  }
}

std::string ResolutionStream(absl::string_view nomination_id) {
  return absl::StrCat("resolution-", nomination_id);
}

std::string AgendaStream(absl::string_view nomination_id) {
  return absl::StrCat("agenda-", nomination_id);
}

std::string ClaimStream(const v1::NominationDrafted& draft) {
  const v1::AchievementPeriod& period = draft.period();
  std::string key;
  switch (period.period_case()) {
    case v1::AchievementPeriod::kYear:
      key = absl::StrCat(period.year());
      break;
    case v1::AchievementPeriod::kSchoolYearStart:
      key = absl::StrCat("sy", period.school_year_start());
      break;
    default:
      key = absl::StrCat(period.range().from().year(), "-", period.range().from().month(), "-",
                         period.range().from().day(), "..", period.range().to().year(), "-",
                         period.range().to().month(), "-", period.range().to().day());
  }
  return absl::StrCat("claim-", draft.nominee().awardee_id(), "-", v1::AwardKind_Name(draft.kind()),
                      "-", key);
}

absl::StatusOr<Claim> ClaimOf(const std::optional<eventstore::RecordedEvent>& last_event) {
  // The claim stream's last event says who holds it now.
  static const auto* const appliers =
      &(new EventAppliers<Claim>("claim"))
           ->On<v1::NomineeClaimed>([](Claim& claim, const v1::NomineeClaimed& claimed,
                                       const eventstore::RecordedEvent&) {
             claim.holder = claimed.nomination_id();
             return absl::OkStatus();
           })
           .On<v1::NomineeReleased>(
               [](Claim&, const v1::NomineeReleased&, const eventstore::RecordedEvent&) {
                 return absl::OkStatus();
               });
  if (!last_event.has_value()) return Claim{};
  Claim claim;
  claim.version = static_cast<int64_t>(last_event->version);
  AWARD_RETURN_IF_ERROR(appliers->Apply(claim, *last_event));
  return claim;
}

absl::StatusOr<eventstore::StreamAppend> TakeClaim(const Claim& claim, const std::string& stream,
                                                   const std::string& nomination_id) {
  if (!claim.holder.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "nomination ", claim.holder, " already proposes this nominee for this award and period"));
  }
  v1::NomineeClaimed claimed;
  claimed.set_nomination_id(nomination_id);
  eventstore::StreamAppend append;
  append.stream = stream;
  append.expected = ExpectedAt(claim.version);
  append.events.push_back(UnstampedEvent(ToNewEvent(claimed)));
  return append;
}

std::optional<eventstore::StreamAppend> ReleaseClaim(const Claim& claim, const std::string& stream,
                                                     const std::string& nomination_id) {
  if (claim.holder != nomination_id) return std::nullopt;
  v1::NomineeReleased released;
  released.set_nomination_id(nomination_id);
  eventstore::StreamAppend append;
  append.stream = stream;
  append.expected = eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(claim.version));
  append.events.push_back(UnstampedEvent(ToNewEvent(released)));
  return append;
}

absl::StatusOr<eventstore::StreamAppend> TransferClaim(const Claim& claim,
                                                       const std::string& stream,
                                                       const std::string& from,
                                                       const std::string& to) {
  if (claim.holder != from) {
    return absl::FailedPreconditionError(
        absl::StrCat("nomination ", from, " does not hold its nominee's claim"));
  }
  v1::NomineeReleased released;
  released.set_nomination_id(from);
  v1::NomineeClaimed claimed;
  claimed.set_nomination_id(to);
  eventstore::StreamAppend append;
  append.stream = stream;
  append.expected = eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(claim.version));
  append.events.push_back(UnstampedEvent(ToNewEvent(released)));
  append.events.push_back(UnstampedEvent(ToNewEvent(claimed)));
  return append;
}

Proposal ProposalOf(const v1::NominationDrafted& draft, absl::CivilDay submitted_on) {
  Proposal proposal;
  proposal.kind = draft.kind();
  proposal.year = LastYearOf(draft.period());
  proposal.basis = draft.basis();
  proposal.achievement_ids.assign(draft.achievement_ids().begin(), draft.achievement_ids().end());
  const v1::CollectiveFacts& c = draft.collective();
  proposal.collective = {FromProto(c.unit_rating()), static_cast<int>(c.members()),
                         static_cast<int>(c.members_completed()),
                         static_cast<int>(c.advanced_workers()),
                         static_cast<int>(c.grassroots_fighters())};
  proposal.claims_outstanding_path = draft.claims_outstanding_path();
  proposal.submitted_on = submitted_on;
  return proposal;
}

namespace {

using eventstore::RecordedEvent;
using T = NominationTransition;

absl::Status Move(Nomination& nomination, NominationTransition transition,
                  const RecordedEvent& event) {
  return FollowStoredTransition(nomination.status, ApplyTransition(nomination.status, transition),
                                event);
}

// The nominations service's own events (stream nomination-<id>).
const EventAppliers<Nomination>& OwnStreamAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<Nomination>("nomination"))
           ->CreatedBy<v1::NominationDrafted>([](const Nomination& n) { return n.exists; })
           .On<v1::NominationDrafted>(
               [](Nomination& nomination, v1::NominationDrafted&& draft, const RecordedEvent&) {
                 nomination.draft = std::move(draft);
                 nomination.exists = true;
                 return absl::OkStatus();
               })
           .On<v1::DossierDocumentAttached>([](Nomination& nomination,
                                               const v1::DossierDocumentAttached& attached,
                                               const RecordedEvent&) {
             nomination.documents.push_back(attached.document());
             return absl::OkStatus();
           })
           .On<v1::DossierDocumentRemoved>([](Nomination& nomination,
                                              const v1::DossierDocumentRemoved& removed,
                                              const RecordedEvent&) {
             std::erase_if(nomination.documents, [&](const v1::DossierDocument& document) {
               return document.sha256() == removed.sha256();
             });
             return absl::OkStatus();
           })
           .On<v1::NominationSubmitted>([](Nomination& nomination,
                                           const v1::NominationSubmitted& submitted,
                                           const RecordedEvent& event) {
             nomination.rule_set_version = submitted.rule_set_version();
             nomination.received_on = submitted.received_on();
             nomination.manual_appraisal = submitted.manual_appraisal();
             nomination.supplement_reasons.clear();
             return Move(nomination, T::kSubmit, event);
           })
           .On<v1::SupplementRequested>([](Nomination& nomination,
                                           const v1::SupplementRequested& requested,
                                           const RecordedEvent& event) {
             nomination.supplement_reasons.assign(requested.reasons().begin(),
                                                  requested.reasons().end());
             nomination.supplement_due = requested.due_on();
             return Move(nomination, T::kRequestSupplement, event);
           })
           .On<v1::AppraisalPassed>(
               [](Nomination& nomination, const v1::AppraisalPassed&, const RecordedEvent& event) {
                 return Move(nomination, T::kPassAppraisal, event);
               })
           .On<v1::AppraisalFailed>([](Nomination& nomination, const v1::AppraisalFailed& failed,
                                       const RecordedEvent& event) {
             nomination.findings.assign(failed.findings().begin(), failed.findings().end());
             return Move(nomination, T::kFailAppraisal, event);
           })
           .On<v1::NominationWithdrawn>(
               [](Nomination& nomination, const v1::NominationWithdrawn&,
                  const RecordedEvent& event) { return Move(nomination, T::kWithdraw, event); })
           .On<v1::NomineeListedPublicly>([](Nomination& nomination,
                                             const v1::NomineeListedPublicly& listed,
                                             const RecordedEvent&) {
             nomination.listed_on = listed.listed_on();
             return absl::OkStatus();
           })
           .On<v1::NominationSuspended>(
               [](Nomination& nomination, const v1::NominationSuspended&,
                  const RecordedEvent& event) { return Move(nomination, T::kSuspend, event); })
           .On<v1::NominationResumed>(
               [](Nomination& nomination, const v1::NominationResumed&,
                  const RecordedEvent& event) { return Move(nomination, T::kResume, event); });
  return *appliers;
}

// The other services' acts on the nomination's state: FAILED_PRECONDITION when
// the machine refuses it. A nomination suspended meanwhile stays SUSPENDED and
// returns to the state the act leaves (R14).
absl::Status MoveByRecord(Nomination& nomination, NominationTransition transition) {
  const bool suspended = nomination.status.state == NominationState::kSuspended &&
                         nomination.status.suspended_from.has_value();
  const NominationStatus before =
      suspended ? NominationStatus{*nomination.status.suspended_from, std::nullopt}
                : nomination.status;
  AWARD_ASSIGN_OR_RETURN(NominationStatus status, ApplyTransition(before, transition));
  if (suspended) {
    nomination.status.suspended_from = status.state;
  } else {
    nomination.status = status;
  }
  return absl::OkStatus();
}

// The council's (agenda-<id>) and the deciding authority's (resolution-<id>) events.
const EventAppliers<Nomination>& RecordAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<Nomination>("nomination's record"))
           ->On<v1::NominationPlacedOnAgenda>([](Nomination& nomination,
                                                 const v1::NominationPlacedOnAgenda& placed,
                                                 const RecordedEvent&) {
             nomination.agenda_id = placed.agenda_id();
             return MoveByRecord(nomination, T::kPlaceOnAgenda);
           })
           .On<v1::NominationTakenOffAgenda>([](Nomination& nomination,
                                                const v1::NominationTakenOffAgenda&,
                                                const RecordedEvent&) {
             nomination.agenda_id.clear();
             return MoveByRecord(nomination, T::kTakeOffAgenda);
           })
           .On<v1::CouncilOutcomeRecorded>([](Nomination& nomination,
                                              v1::CouncilOutcomeRecorded&& outcome,
                                              const RecordedEvent&) {
             const NominationTransition transition =
                 outcome.tally().result() == v1::COUNCIL_RESULT_RECOMMENDED ? T::kRecommend
                                                                            : T::kNotRecommend;
             nomination.council_outcome = std::move(outcome);
             nomination.agenda_id.clear();
             return MoveByRecord(nomination, transition);
           })
           .On<v1::NominationDecided>([](Nomination& nomination,
                                         const v1::NominationDecided& decided,
                                         const RecordedEvent&) {
             nomination.decided = decided;
             return MoveByRecord(nomination,
                                 nomination.status.state == NominationState::kNeedsReview
                                     ? T::kConfirmAfterReview
                                     : T::kDecide);
           })
           .On<v1::NominationForwarded>([](Nomination& nomination,
                                           const v1::NominationForwarded& forwarded,
                                           const RecordedEvent&) {
             nomination.forwarded = forwarded;
             return MoveByRecord(nomination, T::kForward);
           })
           .On<v1::NominationAwardRevoked>(
               [](Nomination& nomination, const v1::NominationAwardRevoked&, const RecordedEvent&) {
                 return MoveByRecord(nomination, T::kRevoke);
               })
           .On<v1::NominationNeedsReview>([](Nomination& nomination,
                                             const v1::NominationNeedsReview& review,
                                             const RecordedEvent&) {
             nomination.revoked_prerequisite = review.revoked_prerequisite();
             return MoveByRecord(nomination, T::kMarkNeedsReview);
           });
  return *appliers;
}

}  // namespace

absl::Status NominationAggregate::Evolve(Nomination& nomination,
                                         const eventstore::RecordedEvent& event) {
  return OwnStreamAppliers().Apply(nomination, event);
}

absl::Status ApplyRecordEvent(Nomination& nomination, const eventstore::RecordedEvent& event) {
  // On a copy: a refused act leaves the nomination as it was.
  Nomination after = nomination;
  AWARD_RETURN_IF_ERROR(RecordAppliers().Apply(after, event));
  nomination = std::move(after);
  return absl::OkStatus();
}

absl::StatusOr<Eligibility> CheckUnderItsRules(const Nomination& nomination, const RuleBook& rules,
                                               const std::vector<GrantedAward>& awards) {
  AWARD_RETURN_IF_ERROR(MustExist(nomination));
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ByVersion(nomination.rule_set_version));
  return Check(nomination, *rule_set, awards, std::nullopt, ToCivilDay(nomination.received_on));
}

absl::StatusOr<std::vector<NewEvent>> DecideDraft(const Nomination& nomination,
                                                  const v1::NominationDrafted& draft,
                                                  const RuleBook& rules, absl::CivilDay today) {
  if (nomination.exists) {
    return absl::AlreadyExistsError(
        absl::StrCat("nomination ", draft.nomination_id(), " already exists"));
  }
  if (draft.nomination_id().empty()) return InvalidField("nomination_id", "missing");
  if (draft.authority_id().empty()) return InvalidField("authority_id", "missing");
  if (draft.proposer_unit().empty()) return InvalidField("proposer_unit", "missing");
  if (draft.nominee().subject_type() == v1::SUBJECT_TYPE_UNSPECIFIED) {
    return InvalidField("nominee.subject_type", "say individual, collective or household");
  }
  if (draft.nominee().awardee_id().empty()) return InvalidField("nominee.awardee_id", "missing");
  if (draft.nominee().full_name().empty()) return InvalidField("nominee.full_name", "missing");
  if (draft.kind() == v1::AWARD_KIND_UNSPECIFIED) return InvalidField("kind", "missing");
  if (LastYearOf(draft.period()) <= 0) return InvalidField("period", "missing");
  if (draft.basis() == v1::BASIS_UNSPECIFIED) return InvalidField("basis", "missing");
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ForDossierReceived(today));
  absl::StatusOr<const v1::AwardRule*> award = RuleBook::FindAward(*rule_set, draft.kind());
  if (!award.ok()) return absl::FailedPreconditionError(award.status().message());
  const auto& subjects = (*award)->subjects();
  if (std::find(subjects.begin(), subjects.end(), draft.nominee().subject_type()) ==
      subjects.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        v1::AwardKind_Name(draft.kind()), " is not given to a ",
        v1::SubjectType_Name(draft.nominee().subject_type()), " under ", rule_set->version()));
  }
  return One(draft);
}

absl::StatusOr<std::vector<NewEvent>> DecideAttachDocument(const Nomination& nomination,
                                                           const v1::DossierDocument& document) {
  AWARD_RETURN_IF_ERROR(Editable(nomination));
  if (document.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) {
    return InvalidField("document.kind", "missing");
  }
  if (document.title().empty()) return InvalidField("document.title", "missing");
  if (document.sha256().size() != 32) return InvalidField("document.sha256", "must be 32 bytes");
  for (const v1::DossierDocument& attached : nomination.documents) {
    if (attached.sha256() == document.sha256()) {
      return absl::AlreadyExistsError(
          absl::StrCat("the dossier already holds this document as '", attached.title(), "'"));
    }
  }
  v1::DossierDocumentAttached event;
  *event.mutable_document() = document;
  return One(event);
}

absl::StatusOr<std::vector<NewEvent>> DecideRemoveDocument(const Nomination& nomination,
                                                           absl::string_view sha256) {
  AWARD_RETURN_IF_ERROR(Editable(nomination));
  const bool held =
      std::any_of(nomination.documents.begin(), nomination.documents.end(),
                  [&](const v1::DossierDocument& document) { return document.sha256() == sha256; });
  if (!held) return absl::NotFoundError("the dossier holds no document with that SHA-256");
  v1::DossierDocumentRemoved event;
  event.set_sha256(std::string(sha256));
  return One(event);
}

absl::StatusOr<std::vector<NewEvent>> DecideSubmit(const Nomination& nomination,
                                                   absl::CivilDay received_on,
                                                   const RuleBook& rules,
                                                   const std::vector<GrantedAward>& awards,
                                                   const std::optional<std::string>& proceeding) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, NominationTransition::kSubmit));
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ForDossierReceived(received_on));
  absl::StatusOr<const v1::AwardRule*> found =
      RuleBook::FindAward(*rule_set, nomination.draft.kind());
  if (!found.ok()) return absl::FailedPreconditionError(found.status().message());
  std::vector<std::string> missing;
  for (int kind : (*found)->required_documents()) {
    const bool held = std::any_of(
        nomination.documents.begin(), nomination.documents.end(),
        [kind](const v1::DossierDocument& document) { return document.kind() == kind; });
    if (!held) missing.push_back(v1::DocumentKind_Name(static_cast<v1::DocumentKind>(kind)));
  }
  if (!missing.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the dossier lacks what ", rule_set->version(), " requires for ",
        v1::AwardKind_Name(nomination.draft.kind()), ": ", absl::StrJoin(missing, ", ")));
  }
  AWARD_ASSIGN_OR_RETURN(const Eligibility eligibility,
                         Check(nomination, *rule_set, awards, proceeding, received_on));
  if (!eligibility.failures.empty()) {
    return Failed(eligibility.failures, "the nomination does not meet the rules");
  }
  v1::NominationSubmitted submitted;
  *submitted.mutable_received_on() = DateOf(received_on);
  submitted.set_rule_set_version(rule_set->version());
  submitted.set_manual_appraisal(eligibility.manual_appraisal.value_or(""));
  std::vector<NewEvent> events = One(submitted);
  if (eligibility.suspended.has_value()) {
    v1::NominationSuspended suspended;
    suspended.set_proceeding(*eligibility.suspended);
    events.push_back(ToNewEvent(suspended));
  }
  return events;
}

absl::StatusOr<std::vector<NewEvent>> DecideRequestSupplement(
    const Nomination& nomination, const std::vector<std::string>& reasons, int working_days,
    const WorkingDayCalendar& calendar, absl::CivilDay today) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, NominationTransition::kRequestSupplement));
  if (reasons.empty()) return InvalidField("reasons", "say what the dossier lacks");
  if (working_days < 1) return InvalidField("working_days", "must be at least 1");
  v1::SupplementRequested requested;
  for (const std::string& reason : reasons) requested.add_reasons(reason);
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay due, calendar.AddWorkingDays(today, working_days));
  *requested.mutable_due_on() = DateOf(due);
  return One(requested);
}

absl::StatusOr<std::vector<NewEvent>> DecideAppraise(const Nomination& nomination, bool pass,
                                                     const std::string& note, const RuleBook& rules,
                                                     const std::vector<GrantedAward>& awards) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, pass ? NominationTransition::kPassAppraisal
                                                 : NominationTransition::kFailAppraisal));
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ByVersion(nomination.rule_set_version));
  AWARD_ASSIGN_OR_RETURN(
      const Eligibility eligibility,
      Check(nomination, *rule_set, awards, std::nullopt, ToCivilDay(nomination.received_on)));
  if (pass) {
    if (!eligibility.failures.empty()) {
      return Failed(eligibility.failures, "the appraisal cannot pass it");
    }
    v1::AppraisalPassed passed;
    passed.set_note(note);
    return One(passed);
  }
  if (note.empty() && eligibility.failures.empty()) {
    return InvalidField("note", "a failed appraisal gives its reasons");
  }
  v1::AppraisalFailed failed;
  for (const RuleFailure& failure : eligibility.failures) {
    v1::RuleFinding* finding = failed.add_findings();
    finding->set_rule(failure.rule);
    finding->set_reason(failure.reason);
  }
  failed.set_note(note);
  return One(failed);
}

absl::StatusOr<std::vector<NewEvent>> DecideWithdraw(const Nomination& nomination,
                                                     const std::string& reason) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, NominationTransition::kWithdraw));
  v1::NominationWithdrawn withdrawn;
  withdrawn.set_reason(reason);
  return One(withdrawn);
}

absl::StatusOr<std::vector<NewEvent>> DecideSuspend(const Nomination& nomination,
                                                    const std::string& proceeding) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, NominationTransition::kSuspend));
  if (proceeding.empty()) return InvalidField("proceeding", "name the pending proceeding");
  v1::NominationSuspended suspended;
  suspended.set_proceeding(proceeding);
  return One(suspended);
}

absl::StatusOr<std::vector<NewEvent>> DecideResume(const Nomination& nomination,
                                                   const std::string& conclusion) {
  AWARD_RETURN_IF_ERROR(Allowed(nomination, NominationTransition::kResume));
  if (conclusion.empty()) return InvalidField("conclusion", "name the concluding document");
  v1::NominationResumed resumed;
  resumed.set_conclusion(conclusion);
  return One(resumed);
}

absl::StatusOr<std::vector<NewEvent>> DecideListPublicly(const Nomination& nomination,
                                                         const v1::Date& listed_on,
                                                         const std::string& where) {
  AWARD_RETURN_IF_ERROR(MustExist(nomination));
  const NominationState state = nomination.status.state;
  if (state != NominationState::kSubmitted && state != NominationState::kSupplementRequested &&
      state != NominationState::kAppraised) {
    return absl::FailedPreconditionError(
        absl::StrCat("the nomination is ", StateName(state),
                     "; it is listed publicly once submitted and before the council takes it up"));
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day, CivilDayOf(listed_on, "listed_on"));
  if (where.empty()) return InvalidField("where", "say where the list is published");
  // R13 counts the listing's working days from its date: a date that went
  // back would make the window look run when it has not.
  if (day < ToCivilDay(nomination.received_on)) {
    return absl::FailedPreconditionError(
        absl::StrCat("R13: the nominee cannot be listed on ", absl::FormatCivilTime(day),
                     ", before the dossier was received on ",
                     absl::FormatCivilTime(ToCivilDay(nomination.received_on))));
  }
  if (nomination.listed_on.has_value() && day < ToCivilDay(*nomination.listed_on)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "R13: the nominee was listed on ", absl::FormatCivilTime(ToCivilDay(*nomination.listed_on)),
        "; a new listing is never dated before it"));
  }
  v1::NomineeListedPublicly listed;
  *listed.mutable_listed_on() = listed_on;
  listed.set_where(where);
  return One(listed);
}

}  // namespace award::nominations

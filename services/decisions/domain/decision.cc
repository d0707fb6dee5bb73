#include "services/decisions/domain/decision.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/public_record.h"
#include "services/decisions/domain/bonus.h"
#include "services/decisions/domain/decision_document.h"
#include "services/decisions/domain/signer.h"

namespace award::decisions {
namespace {

using eventstore::InvalidField;
using nominations::NominationState;

// R15 within one decision: no two of its awards rest on one achievement.
absl::Status OneRewardPerAchievement(const std::vector<v1::DecisionAward>& listed,
                                     const Candidate& candidate) {
  for (const v1::DecisionAward& award : listed) {
    for (const std::string& id : candidate.nomination.draft.achievement_ids()) {
      if (std::find(award.achievement_ids().begin(), award.achievement_ids().end(), id) !=
          award.achievement_ids().end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("R15: achievement ", id, " backs both nomination ", award.nomination_id(),
                         " and nomination ", candidate.nomination_id, " in this decision"));
      }
    }
  }
  return absl::OkStatus();
}

// The rules that depend on other records, judged again when the decision is
// issued: the awards it stands on still stand (R4-R7, R20) and its
// achievements were not rewarded meanwhile (R15). Returns what the award
// stands on now.
absl::StatusOr<std::vector<nominations::GrantedAward>> StillEligible(const Candidate& candidate,
                                                                     const RuleBook& rules) {
  AWARD_ASSIGN_OR_RETURN(
      nominations::Eligibility eligibility,
      nominations::CheckUnderItsRules(candidate.nomination, rules, candidate.awardee_awards));
  if (!eligibility.failures.empty()) {
    const nominations::RuleFailure& failure = eligibility.failures.front();
    return absl::FailedPreconditionError(absl::StrCat("nomination ", candidate.nomination_id,
                                                      " no longer meets ", failure.rule, ": ",
                                                      failure.reason));
  }
  return std::move(eligibility.relied_on);
}

// R15 across live drafts: no achievement of the candidate's is held by
// another draft decision, which would grant a second reward on it.
absl::Status NotHeldByAnotherDraft(const Candidate& candidate, absl::string_view decision_id) {
  for (const nominations::AchievementHold& hold : candidate.awardee_holds) {
    if (hold.decision_id == decision_id) continue;
    for (const std::string& id : candidate.nomination.draft.achievement_ids()) {
      if (std::find(hold.achievement_ids.begin(), hold.achievement_ids.end(), id) !=
          hold.achievement_ids.end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("R15: achievement ", id, " of nomination ", candidate.nomination_id,
                         " is held by draft decision ", hold.decision_id, " (for nomination ",
                         hold.nomination_id, "); issue or discard that draft first"));
      }
    }
  }
  return absl::OkStatus();
}

// A decision is dated on or after the day each dossier it decides was
// received, and the day its council concluded: it cannot precede what it
// decides, and its date picks the base salary its money is counted on (R17).
absl::Status DatedAfterWhatItDecides(const Candidate& candidate, absl::CivilDay decision_date) {
  const nominations::Nomination& n = candidate.nomination;
  const absl::CivilDay received = ToCivilDay(n.received_on);
  if (decision_date < received) {
    return absl::FailedPreconditionError(
        absl::StrCat("R17: nomination ", candidate.nomination_id, "'s dossier was received on ",
                     absl::FormatCivilTime(received), "; the decision cannot be dated before it (",
                     absl::FormatCivilTime(decision_date), ")"));
  }
  if (n.council_outcome.has_value()) {
    const absl::CivilDay concluded = ToCivilDay(n.council_outcome->held_on());
    if (decision_date < concluded) {
      return absl::FailedPreconditionError(absl::StrCat(
          "R17: the council concluded on nomination ", candidate.nomination_id, " on ",
          absl::FormatCivilTime(concluded), "; the decision cannot be dated before it (",
          absl::FormatCivilTime(decision_date), ")"));
    }
  }
  return absl::OkStatus();
}

// Whether the authority can decide the nomination now: its own, and
// recommended by its council, or appraised for a kind its council need not
// ballot on. FAILED_PRECONDITION naming the state otherwise.
absl::Status Decidable(const Candidate& candidate, absl::string_view authority_id,
                       const RuleBook& rules, const v1::RuleSet& rule_set) {
  const nominations::Nomination& n = candidate.nomination;
  if (!n.exists) {
    return absl::NotFoundError(absl::StrCat("no nomination ", candidate.nomination_id));
  }
  if (n.draft.authority_id() != authority_id) {
    return absl::FailedPreconditionError(absl::StrCat("nomination ", candidate.nomination_id,
                                                      " is proposed to ", n.draft.authority_id(),
                                                      ", not to ", authority_id));
  }
  const NominationState state = n.status.state;
  v1::BallotRule ballot;
  const bool needs_ballot = rules.BallotFor(rule_set, n.draft.kind(), authority_id, ballot);
  if (state == NominationState::kRecommended && n.council_outcome.has_value() &&
      n.council_outcome->authority_id() == authority_id) {
    return absl::OkStatus();
  }
  if (state == NominationState::kAppraised && !needs_ballot) return absl::OkStatus();
  if (state == NominationState::kAppraised) {
    return absl::FailedPreconditionError(
        absl::StrCat("nomination ", candidate.nomination_id, " is APPRAISED; ",
                     AwardKindName(n.draft.kind()), " needs the council's ballot first (R11)"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("nomination ", candidate.nomination_id, " is ", nominations::StateName(state),
                   "; a decision grants only RECOMMENDED nominations, or APPRAISED ones of kinds "
                   "without a ballot"));
}

absl::Status Transition(const Decision& decision, DecisionTransition transition) {
  return DecisionStateAllows(decision.state, transition);
}

}  // namespace

std::string DecisionStream(absl::string_view decision_id) {
  return absl::StrCat("decision-", decision_id);
}

namespace {

using eventstore::RecordedEvent;

absl::Status Move(Decision& decision, DecisionTransition transition, const RecordedEvent& event) {
  return FollowStoredTransition(decision.state, ApplyTransition(decision.state, transition), event);
}

const EventAppliers<Decision>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Decision>("decision"))
           ->On<v1::DecisionDrafted>(
               [](Decision& decision, v1::DecisionDrafted&& drafted, const RecordedEvent& event) {
                 decision.drafted = std::move(drafted);
                 return Move(decision, DecisionTransition::kDraft, event);
               })
           .On<v1::DecisionIssued>(
               [](Decision& decision, v1::DecisionIssued&& issued, const RecordedEvent& event) {
                 decision.issued = std::move(issued);
                 return Move(decision, DecisionTransition::kIssue, event);
               })
           .On<v1::DecisionRevoked>([](Decision& decision, v1::DecisionRevoked&& revoked,
                                       const RecordedEvent& event) {
             decision.revoked.insert(revoked.nomination_ids().begin(),
                                     revoked.nomination_ids().end());
             const DecisionTransition transition =
                 revoked.whole() ? DecisionTransition::kRevokeAll : DecisionTransition::kRevokeSome;
             decision.revocations.push_back(std::move(revoked));
             return Move(decision, transition, event);
           })
           .On<v1::DecisionDiscarded>(
               [](Decision& decision, const v1::DecisionDiscarded&, const RecordedEvent& event) {
                 return Move(decision, DecisionTransition::kDiscard, event);
               })
           .On<v1::PriorDecisionRecorded>([](Decision& decision, v1::PriorDecisionRecorded&& prior,
                                             const RecordedEvent& event) -> absl::Status {
             if (decision.state != DecisionState::kNone) {
               return absl::DataLossError(
                   absl::StrCat("decision ", event.stream, " is recorded from paper twice"));
             }
             decision.prior = std::move(prior);
             return Move(decision, DecisionTransition::kRecordFromPaper, event);
           })
           .On<v1::PriorAwardRecorded>([](Decision& decision, v1::PriorAwardRecorded&& recorded,
                                          const RecordedEvent& event) -> absl::Status {
             if (decision.state != DecisionState::kRecordedFromPaper) {
               return absl::DataLossError(absl::StrCat(
                   "decision ", event.stream, " records a paper award without its header"));
             }
             decision.prior_awards.push_back(std::move(*recorded.mutable_award()));
             return absl::OkStatus();
           });
  return *appliers;
}

}  // namespace

absl::Status DecisionAggregate::Evolve(Decision& decision, const eventstore::RecordedEvent& event) {
  return Appliers().Apply(decision, event);
}

absl::StatusOr<Effects> DecideDraft(const Decision& decision, v1::DecisionDrafted draft,
                                    const DraftFacts& facts, const RuleBook& rules) {
  if (decision.state != DecisionState::kNone) {
    return absl::AlreadyExistsError(absl::StrCat("decision ", draft.decision_id(), " exists"));
  }
  if (draft.decision_id().empty()) return InvalidField("decision_id", "missing");
  if (draft.authority_id().empty()) return InvalidField("authority_id", "missing");
  AWARD_RETURN_IF_ERROR(ValidateSigner(draft.signer()));
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, CivilDayOf(draft.decision_date(), "decision_date"));
  if (draft.subject().empty()) return InvalidField("subject", "missing");
  if (facts.candidates.empty())
    return InvalidField("nomination_ids", "a decision grants something");
  const nominations::Authority& authority = facts.authority;
  if (!authority.exists) {
    return absl::NotFoundError(absl::StrCat("no authority ", draft.authority_id()));
  }
  draft.set_authority_name(authority.name);
  draft.set_authority_level(authority.registered.level());
  draft.set_decision_symbol(authority.registered.decision_symbol());
  draft.clear_awards();
  Effects out;
  std::vector<v1::DecisionAward> awards;
  v1::MultiplierRounding rounding = v1::MULTIPLIER_ROUNDING_UNSPECIFIED;
  for (const Candidate& candidate : facts.candidates) {
    for (const v1::DecisionAward& listed : awards) {
      if (listed.nomination_id() == candidate.nomination_id) {
        return InvalidField("nomination_ids",
                            absl::StrCat("nomination ", candidate.nomination_id, " twice"));
      }
    }
    const nominations::Nomination& n = candidate.nomination;
    if (!n.exists) {
      return absl::NotFoundError(absl::StrCat("no nomination ", candidate.nomination_id));
    }
    AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ByVersion(n.rule_set_version));
    AWARD_RETURN_IF_ERROR(Decidable(candidate, draft.authority_id(), rules, *rule_set));
    AWARD_RETURN_IF_ERROR(DatedAfterWhatItDecides(candidate, day));
    AWARD_ASSIGN_OR_RETURN(const v1::AwardRule* rule,
                           RuleBook::FindAward(*rule_set, n.draft.kind()));
    AWARD_RETURN_IF_ERROR(CheckSigningAuthority(authority, day, *rule));
    AWARD_ASSIGN_OR_RETURN(const std::vector<nominations::GrantedAward> relied_on,
                           StillEligible(candidate, rules));
    AWARD_RETURN_IF_ERROR(OneRewardPerAchievement(awards, candidate));
    AWARD_RETURN_IF_ERROR(NotHeldByAnotherDraft(candidate, draft.decision_id()));
    if (!n.draft.achievement_ids().empty()) {
      v1::AchievementsReserved reserved;
      reserved.set_decision_id(draft.decision_id());
      reserved.set_nomination_id(candidate.nomination_id);
      *reserved.mutable_achievement_ids() = n.draft.achievement_ids();
      AddToStream(out, AwardeeStream(n.draft.nominee().awardee_id()), candidate.awardee_version,
                  reserved);
    }
    v1::DecisionAward& award = awards.emplace_back();
    award.set_nomination_id(candidate.nomination_id);
    award.set_awardee_id(n.draft.nominee().awardee_id());
    award.set_nominee_name(n.draft.nominee().full_name());
    award.set_organisation_unit(n.draft.nominee().organisation_unit());
    award.set_subject_type(n.draft.nominee().subject_type());
    award.set_kind(n.draft.kind());
    award.set_category(rule->category());
    award.set_first_year(nominations::FirstYearOf(n.draft.period()));
    award.set_last_year(nominations::LastYearOf(n.draft.period()));
    award.set_basis(n.draft.basis());
    *award.mutable_achievement_ids() = n.draft.achievement_ids();
    award.set_rule_set_version(rule_set->version());
    award.set_coefficient_tenths(rule->bonus_coefficient_tenths());
    award.set_base_salary_vnd(facts.base_salary_vnd);
    if (rule->bonus_coefficient_tenths() == 0) {
      award.set_unpaid_reason("không có mức thưởng theo quy định");
    } else {
      AWARD_ASSIGN_OR_RETURN(int64_t amount, BonusAmount(*rule, facts.base_salary_vnd,
                                                         award.subject_type(), *rule_set));
      award.set_amount_vnd(amount);
    }
    if (n.council_outcome.has_value()) award.set_council_agenda_id(n.council_outcome->agenda_id());
    for (const nominations::GrantedAward& used : relied_on) {
      v1::AwardRef& ref = *award.add_prerequisites();
      ref.set_decision_id(used.decision_id);
      ref.set_kind(used.kind);
    }
    rounding = rule_set->multiplier_rounding();
  }
  PayOnlyTheHighestTitlePerPeriod(awards);
  int64_t total = 0;
  for (v1::DecisionAward& award : awards) {
    total += award.amount_vnd();
    *draft.add_awards() = std::move(award);
  }
  draft.set_total_vnd(total);
  draft.set_multiplier_rounding(rounding);
  out.events.push_back(ToNewEvent(draft));
  return out;
}

absl::StatusOr<Effects> DecideDiscard(const Decision& decision, const std::string& reason,
                                      const std::map<std::string, AwardeeRecord>& awardees) {
  AWARD_RETURN_IF_ERROR(Transition(decision, DecisionTransition::kDiscard));
  if (reason.empty()) return InvalidField("reason", "say why the draft will not be signed");
  Effects out;
  v1::DecisionDiscarded discarded;
  discarded.set_reason(reason);
  out.events.push_back(ToNewEvent(discarded));
  for (const v1::DecisionAward& award : decision.drafted.awards()) {
    auto record = awardees.find(award.awardee_id());
    if (record == awardees.end()) {
      return absl::InternalError(absl::StrCat("awardee ", award.awardee_id(), " was not read"));
    }
    const bool held =
        std::any_of(record->second.held_by_drafts.begin(), record->second.held_by_drafts.end(),
                    [&](const nominations::AchievementHold& hold) {
                      return hold.decision_id == decision.drafted.decision_id() &&
                             hold.nomination_id == award.nomination_id();
                    });
    if (!held) continue;
    v1::AchievementsReleased released;
    released.set_decision_id(decision.drafted.decision_id());
    released.set_nomination_id(award.nomination_id());
    AddToStream(out, AwardeeStream(award.awardee_id()), record->second.version, released);
  }
  return out;
}

absl::StatusOr<Effects> DecideIssue(const Decision& decision, absl::CivilDay numbered_on,
                                    const IssueFacts& facts, const RuleBook& rules,
                                    const WorkingDayCalendar& calendar) {
  AWARD_RETURN_IF_ERROR(Transition(decision, DecisionTransition::kIssue));
  const v1::DecisionDrafted& drafted = decision.drafted;
  const absl::CivilDay signed_on = ToCivilDay(drafted.decision_date());
  if (numbered_on < signed_on) {
    return InvalidField("numbered_on", "before the decision was signed");
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay latest, calendar.AddWorkingDays(signed_on, 1));
  if (numbered_on > latest) {
    return absl::FailedPreconditionError(absl::StrCat(
        "R21: a decision signed on ", absl::FormatCivilTime(signed_on),
        " is numbered at the latest on the next working day, ", absl::FormatCivilTime(latest)));
  }
  if (signed_on < facts.book.last_decision_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "R21: number ", facts.book.last_number, " of ", signed_on.year(),
        " went to a decision signed on ", absl::FormatCivilTime(facts.book.last_decision_date),
        "; numbers follow the dates they are signed on"));
  }
  if (facts.candidates.size() != static_cast<size_t>(drafted.awards_size())) {
    return absl::InternalError("the nominations of the decision were not all read");
  }
  Effects out;
  v1::DecisionIssued issued;
  issued.set_number(facts.book.last_number + 1);
  issued.set_number_text(NumberText(issued.number(), drafted.decision_symbol()));
  *issued.mutable_numbered_on() = DateOf(numbered_on);
  issued.set_document_sha256(Sha256Of(RenderDecision(drafted, issued.number_text())));
  out.events.push_back(ToNewEvent(issued));

  v1::DecisionNumbered numbered;
  numbered.set_number(issued.number());
  numbered.set_decision_id(drafted.decision_id());
  *numbered.mutable_decision_date() = drafted.decision_date();
  AddToStream(out, RegisterStream(drafted.authority_id(), signed_on.year()), facts.register_version,
              numbered);
  for (int i = 0; i < drafted.awards_size(); ++i) {
    const v1::DecisionAward& award = drafted.awards(i);
    const Candidate& candidate = facts.candidates[static_cast<size_t>(i)];
    AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set,
                           rules.ByVersion(candidate.nomination.rule_set_version));
    AWARD_RETURN_IF_ERROR(Decidable(candidate, drafted.authority_id(), rules, *rule_set));
    AWARD_RETURN_IF_ERROR(DatedAfterWhatItDecides(candidate, signed_on));
    AWARD_ASSIGN_OR_RETURN(const v1::AwardRule* rule, RuleBook::FindAward(*rule_set, award.kind()));
    AWARD_RETURN_IF_ERROR(CheckSigningAuthority(facts.authority, signed_on, *rule));
    AWARD_ASSIGN_OR_RETURN(const std::vector<nominations::GrantedAward> relied_on,
                           StillEligible(candidate, rules));
    v1::NominationDecided decided;
    decided.set_decision_id(drafted.decision_id());
    decided.set_number_text(issued.number_text());
    *decided.mutable_decision_date() = drafted.decision_date();
    decided.set_authority_id(drafted.authority_id());
    AddToStream(out, nominations::ResolutionStream(award.nomination_id()),
                candidate.resolution_version, decided);

    v1::AwardGranted granted;
    granted.set_decision_id(drafted.decision_id());
    granted.set_decision_number(issued.number_text());
    *granted.mutable_decision_date() = drafted.decision_date();
    granted.set_kind(award.kind());
    granted.set_first_year(award.first_year());
    granted.set_last_year(award.last_year());
    granted.set_basis(award.basis());
    *granted.mutable_achievement_ids() = award.achievement_ids();
    granted.set_nomination_id(award.nomination_id());
    granted.set_authority_id(drafted.authority_id());
    granted.set_subject_type(award.subject_type());
    granted.set_amount_vnd(award.amount_vnd());
    // What it stands on as issued, for R20 should one of them be revoked.
    for (const nominations::GrantedAward& used : relied_on) {
      v1::AwardRef& ref = *granted.add_prerequisites();
      ref.set_decision_id(used.decision_id);
      ref.set_kind(used.kind);
    }
    AddToStream(out, AwardeeStream(award.awardee_id()), candidate.awardee_version, granted);
  }
  // What the judgement read and does not write must still be so when it is
  // written: a suspension, a withdrawal, a council's record or a change of
  // the authority in between loses the append, and the issue is judged again.
  for (const Candidate& candidate : facts.candidates) {
    RequireUnchanged(out, nominations::NominationStream(candidate.nomination_id),
                     candidate.own_version);
    RequireUnchanged(out, nominations::AgendaStream(candidate.nomination_id),
                     candidate.agenda_version);
  }
  RequireUnchanged(out, nominations::AuthorityStream(drafted.authority_id()),
                   facts.authority_version);
  return out;
}

absl::StatusOr<std::vector<const v1::DecisionAward*>> AwardsToRevoke(const Decision& decision,
                                                                     const Revocation& revocation) {
  if (decision.state == DecisionState::kNone) return absl::NotFoundError("no such decision");
  if (revocation.authority_id != decision.drafted.authority_id()) {
    return absl::PermissionDeniedError(absl::StrCat("R19: only ", decision.drafted.authority_id(),
                                                    ", which issued the decision, revokes it"));
  }
  AWARD_RETURN_IF_ERROR(Transition(decision, DecisionTransition::kRevokeSome));
  std::vector<const v1::DecisionAward*> chosen;
  for (const v1::DecisionAward& award : decision.drafted.awards()) {
    const bool asked = revocation.nomination_ids.empty() ||
                       std::find(revocation.nomination_ids.begin(), revocation.nomination_ids.end(),
                                 award.nomination_id()) != revocation.nomination_ids.end();
    if (!asked) continue;
    if (decision.revoked.contains(award.nomination_id())) {
      if (revocation.nomination_ids.empty()) continue;
      return absl::FailedPreconditionError(
          absl::StrCat("the award to nomination ", award.nomination_id(), " is already revoked"));
    }
    chosen.push_back(&award);
  }
  for (size_t i = 0; i < revocation.nomination_ids.size(); ++i) {
    const std::string& id = revocation.nomination_ids[i];
    if (std::find(revocation.nomination_ids.begin(), revocation.nomination_ids.begin() + i, id) !=
        revocation.nomination_ids.begin() + i) {
      return InvalidField("nomination_ids", absl::StrCat("nomination ", id, " twice"));
    }
    const bool in_decision =
        std::any_of(decision.drafted.awards().begin(), decision.drafted.awards().end(),
                    [&](const v1::DecisionAward& award) { return award.nomination_id() == id; });
    if (!in_decision) {
      return InvalidField("nomination_ids",
                          absl::StrCat("the decision grants nothing to nomination ", id));
    }
  }
  return chosen;
}

std::vector<const nominations::GrantedAward*> DependentsOf(const AwardeeRecord& record,
                                                           const v1::AwardRef& revoked) {
  std::vector<const nominations::GrantedAward*> dependents;
  for (const nominations::GrantedAward& award : record.awards) {
    if (award.revoked || award.needs_review) continue;
    for (const auto& [decision_id, kind] : award.prerequisites) {
      if (decision_id == revoked.decision_id() && kind == revoked.kind()) {
        dependents.push_back(&award);
        break;
      }
    }
  }
  return dependents;
}

absl::StatusOr<Effects> DecideRevoke(const Decision& decision, const Revocation& revocation,
                                     const RevokeFacts& facts, const WorkingDayCalendar& calendar) {
  AWARD_ASSIGN_OR_RETURN(std::vector<const v1::DecisionAward*> chosen,
                         AwardsToRevoke(decision, revocation));
  if (revocation.ground == v1::REVOCATION_GROUND_UNSPECIFIED) {
    return InvalidField("ground", "R19: FRAUD, FALSE_DOCS, UNLAWFUL_REVIEW or LATER_FINDING");
  }
  const v1::DossierDocument& document = revocation.establishing_document;
  if (document.title().empty()) {
    return InvalidField("establishing_document.title", "the conclusion or judgment is named");
  }
  if (document.sha256().size() != 32) {
    return InvalidField("establishing_document.sha256", "32 bytes of the document's SHA-256");
  }
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay revoked_on,
                         CivilDayOf(revocation.revoked_on, "revoked_on"));
  if (revoked_on < ToCivilDay(decision.drafted.decision_date())) {
    return InvalidField("revoked_on", "before the decision was signed");
  }
  if (revocation.reason.empty()) return InvalidField("reason", "missing");
  if (chosen.empty()) {
    return absl::FailedPreconditionError("every award of the decision is already revoked");
  }

  v1::DecisionRevoked revoked;
  revoked.set_ground(revocation.ground);
  *revoked.mutable_establishing_document() = document;
  *revoked.mutable_revoked_on() = revocation.revoked_on;
  revoked.set_reason(revocation.reason);
  // D152 58: money and artefacts are returned within 15 working days.
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay due_day, calendar.AddWorkingDays(revoked_on, 15));
  const v1::Date due = DateOf(due_day);
  *revoked.mutable_recovery_due_on() = due;
  int64_t recovery = 0;
  for (const v1::DecisionAward* award : chosen) {
    revoked.add_nomination_ids(award->nomination_id());
    recovery += award->amount_vnd();
  }
  revoked.set_recovery_total_vnd(recovery);
  revoked.set_whole(decision.revoked.size() + chosen.size() ==
                    static_cast<size_t>(decision.drafted.awards_size()));

  Effects out;
  auto resolution_version = [&](const std::string& nomination_id) -> absl::StatusOr<int64_t> {
    auto it = facts.resolution_versions.find(nomination_id);
    if (it == facts.resolution_versions.end()) {
      return absl::InternalError(absl::StrCat("resolution of ", nomination_id, " not read"));
    }
    return it->second;
  };
  std::set<std::string> sent_for_review;  // once each, whatever it stood on
  for (const v1::DecisionAward* award : chosen) {
    auto record = facts.awardees.find(award->awardee_id());
    if (record == facts.awardees.end()) {
      return absl::InternalError(absl::StrCat("awardee ", award->awardee_id(), " not read"));
    }
    v1::AwardRevoked award_revoked;
    award_revoked.set_decision_id(decision.drafted.decision_id());
    award_revoked.set_kind(award->kind());
    award_revoked.set_ground(v1::RevocationGround_Name(revocation.ground)
                                 .substr(std::string_view("REVOCATION_GROUND_").size()));
    award_revoked.set_nomination_id(award->nomination_id());
    *award_revoked.mutable_revoked_on() = revocation.revoked_on;
    award_revoked.set_recovery_vnd(award->amount_vnd());
    *award_revoked.mutable_recovery_due_on() = due;
    AddToStream(out, AwardeeStream(award->awardee_id()), record->second.version, award_revoked);

    v1::NominationAwardRevoked nomination_revoked;
    nomination_revoked.set_decision_id(decision.drafted.decision_id());
    nomination_revoked.set_ground(revocation.ground);
    AWARD_ASSIGN_OR_RETURN(int64_t version, resolution_version(award->nomination_id()));
    AddToStream(out, nominations::ResolutionStream(award->nomination_id()), version,
                nomination_revoked);

    v1::AwardRef ref;
    ref.set_decision_id(decision.drafted.decision_id());
    ref.set_kind(award->kind());
    for (const nominations::GrantedAward* dependent : DependentsOf(record->second, ref)) {
      if (!sent_for_review.insert(dependent->nomination_id).second) continue;
      v1::AwardNeedsReview review;
      review.mutable_award()->set_decision_id(dependent->decision_id);
      review.mutable_award()->set_kind(dependent->kind);
      *revoked.add_sent_for_review() = review.award();
      *review.mutable_revoked_prerequisite() = ref;
      review.set_nomination_id(dependent->nomination_id);
      AddToStream(out, AwardeeStream(award->awardee_id()), record->second.version, review);
      v1::NominationNeedsReview nomination_review;
      *nomination_review.mutable_revoked_prerequisite() = ref;
      AWARD_ASSIGN_OR_RETURN(int64_t dependent_version,
                             resolution_version(dependent->nomination_id));
      AddToStream(out, nominations::ResolutionStream(dependent->nomination_id), dependent_version,
                  nomination_review);
    }
  }
  out.events.push_back(ToNewEvent(revoked));
  return out;
}

}  // namespace award::decisions

#include "services/decisions/decisions_service.h"

#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/public_record.h"
#include "services/common/service_edge.h"
#include "services/decisions/domain/decision_document.h"
#include "services/decisions/domain/forwarding.h"
#include "services/decisions/domain/prior_decision.h"
#include "services/nominations/nomination_record.h"

namespace award::decisions {
namespace {

using eventstore::InvalidField;

v1::DecisionState ToProto(DecisionState state) {
  switch (state) {
    case DecisionState::kDrafted:
      return v1::DECISION_STATE_DRAFTED;
    case DecisionState::kIssued:
      return v1::DECISION_STATE_ISSUED;
    case DecisionState::kRevoked:
      return v1::DECISION_STATE_REVOKED;
    case DecisionState::kDiscarded:
      return v1::DECISION_STATE_DISCARDED;
    case DecisionState::kRecordedFromPaper:
      return v1::DECISION_STATE_RECORDED_FROM_PAPER;
    case DecisionState::kNone:
      break;
  }
  return v1::DECISION_STATE_UNSPECIFIED;
}

// Who may change a decision: those who hold the role at the authority that drafted it.
std::optional<std::string> AuthorityOfDecision(const Decision& decision) {
  if (decision.state == DecisionState::kNone) return std::nullopt;
  return decision.prior.has_value() ? decision.prior->decision().authority_id()
                                    : decision.drafted.authority_id();
}

// A nomination's resolution record belongs to the nomination's authority,
// which the command reads with the nomination and checks itself.
std::optional<std::string> CheckedByTheCommand(
    const DecisionsService::ResolutionAggregate::State&) {
  return std::nullopt;
}

}  // namespace

DecisionsService::DecisionsService(eventstore::EventStore& store, const RuleBook& rules,
                                   const WorkingDayCalendar& calendar,
                                   DecisionsServiceOptions options)
    : access_(options.access),
      store_(store),
      rules_(rules),
      calendar_(calendar),
      // A paper decision records its awards one command each: its stream is
      // kept in memory between them rather than folded again every time.
      decisions_(store, AuthorityOfDecision, options.max_attempts, /*cached_streams=*/256),
      registers_(store),
      authorities_(store),
      awardees_(store),
      resolutions_(store, CheckedByTheCommand, options.max_attempts) {}

absl::Mutex& DecisionsService::RegisterLock(const std::string& register_stream) {
  return register_locks_[absl::Hash<std::string>{}(register_stream) % register_locks_.size()];
}

absl::StatusOr<int64_t> DecisionsService::LastVersion(const std::string& stream) {
  AWARD_ASSIGN_OR_RETURN(std::optional<eventstore::RecordedEvent> last,
                         nominations::ReadLastEvent(store_, stream));
  return last.has_value() ? static_cast<int64_t>(last->version) : -1;
}

absl::StatusOr<Candidate> DecisionsService::ReadCandidate(const std::string& nomination_id) {
  if (nomination_id.empty()) return InvalidField("nomination_ids", "an empty nomination id");
  AWARD_ASSIGN_OR_RETURN(nominations::NominationRecord record,
                         nominations::ReadNominationRecord(store_, nomination_id));
  Candidate candidate;
  candidate.nomination_id = nomination_id;
  candidate.nomination = std::move(record.overall);
  candidate.own_version = record.own_version;
  candidate.agenda_version = record.agenda_version;
  candidate.resolution_version = record.resolution_version;
  if (candidate.nomination.exists) {
    AWARD_ASSIGN_OR_RETURN(
        auto history,
        awardees_.Load(AwardeeStream(candidate.nomination.draft.nominee().awardee_id())));
    candidate.awardee_awards = std::move(history.state.awards);
    candidate.awardee_holds = std::move(history.state.held_by_drafts);
    candidate.awardee_version = history.version;
  }
  return candidate;
}

absl::StatusOr<bool> DecisionsService::IsAbove(const nominations::Authority& from,
                                               const std::string& to_id) {
  std::string parent = from.registered.parent_id();
  // Bounded: a registry with a cycle in it must not hang the service.
  for (int depth = 0; depth < 16 && !parent.empty(); ++depth) {
    if (parent == to_id) return true;
    AWARD_ASSIGN_OR_RETURN(auto loaded, authorities_.Load(nominations::AuthorityStream(parent)));
    parent = loaded.state.registered.parent_id();
  }
  return false;
}

security::CallerScope DecisionsService::Scope(const grpc::ServerContext& context,
                                              const google::protobuf::Message& request) const {
  return security::CallerScope(access_, context, request);
}

grpc::Status DecisionsService::DraftDecision(grpc::ServerContext* context,
                                             const v1::DraftDecisionRequest* request,
                                             v1::DraftDecisionResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  v1::DecisionDrafted draft;
  draft.set_decision_id(request->decision_id());
  draft.set_authority_id(request->authority_id());
  *draft.mutable_signer() = request->signer();
  *draft.mutable_decision_date() = request->decision_date();
  draft.set_subject(request->subject());
  for (auto [text, field] : {std::pair{draft.mutable_subject(), "subject"},
                             {draft.mutable_signer()->mutable_full_name(), "signer.full_name"},
                             {draft.mutable_signer()->mutable_title(), "signer.title"}}) {
    if (absl::Status normalized = NormalizeInPlace(*text, field); !normalized.ok()) {
      return Answer(normalized);
    }
  }
  absl::StatusOr<absl::CivilDay> day = CivilDayOf(request->decision_date(), "decision_date");
  if (!day.ok()) return Answer(day.status());
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(request->authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  absl::Status ran = decisions_.Run(
      caller, request->meta(), DecisionStream(request->decision_id()),
      [&](const Decision& decision) -> absl::StatusOr<Effects> {
        DraftFacts facts;
        AWARD_ASSIGN_OR_RETURN(
            auto authority, authorities_.Load(nominations::AuthorityStream(draft.authority_id())));
        facts.authority = std::move(authority.state);
        AWARD_ASSIGN_OR_RETURN(facts.base_salary_vnd, rules_.BaseSalaryOn(*day));
        for (const std::string& id : request->nomination_ids()) {
          AWARD_ASSIGN_OR_RETURN(facts.candidates.emplace_back(), ReadCandidate(id));
        }
        return DecideDraft(decision, draft, facts, rules_);
      },
      *response->mutable_outcome()->mutable_recorded(),
      [&](const Decision& after) {
        response->mutable_outcome()->set_state(ToProto(after.state));
        *response->mutable_drafted() = after.drafted;
      });
  return Answer(ran);
}

grpc::Status DecisionsService::DiscardDecision(grpc::ServerContext* context,
                                               const v1::DiscardDecisionRequest* request,
                                               v1::DiscardDecisionResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  std::string reason = request->reason();
  if (absl::Status normalized = NormalizeInPlace(reason, "reason"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(decisions_.Run(
      Scope(*context, *request), request->meta(), DecisionStream(request->decision_id()),
      [&](const Decision& decision) -> absl::StatusOr<Effects> {
        std::map<std::string, AwardeeRecord> awardees;
        for (const v1::DecisionAward& award : decision.drafted.awards()) {
          if (awardees.contains(award.awardee_id())) continue;
          AWARD_ASSIGN_OR_RETURN(auto history, awardees_.Load(AwardeeStream(award.awardee_id())));
          AwardeeRecord& record = awardees[award.awardee_id()];
          record.version = history.version;
          record.held_by_drafts = std::move(history.state.held_by_drafts);
        }
        return DecideDiscard(decision, reason, awardees);
      },
      *response->mutable_outcome()->mutable_recorded(),
      [&](const Decision& after) {
        response->mutable_outcome()->set_state(ToProto(after.state));
      }));
}

grpc::Status DecisionsService::RecordPriorAward(grpc::ServerContext* context,
                                                const v1::RecordPriorAwardRequest* request,
                                                v1::RecordPriorAwardResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  v1::PriorDecision header = request->decision();
  v1::PriorAward award = request->award();
  for (auto [text, field] :
       {std::pair{header.mutable_number_text(), "decision.number_text"},
        {header.mutable_signer()->mutable_full_name(), "decision.signer.full_name"},
        {header.mutable_signer()->mutable_title(), "decision.signer.title"},
        {award.mutable_nominee_name(), "award.nominee_name"}}) {
    if (absl::Status normalized = NormalizeInPlace(*text, field); !normalized.ok()) {
      return Answer(normalized);
    }
  }
  absl::StatusOr<absl::CivilDay> day = CivilDayOf(header.decision_date(), "decision.decision_date");
  if (!day.ok()) return Answer(day.status());
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(header.authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  const absl::CivilDay today = VietnamToday();
  const std::string register_stream = RegisterStream(header.authority_id(), day->year());
  PriorRecording recording;
  absl::Status ran = decisions_.Run(
      caller, request->meta(), DecisionStream(request->decision_id()),
      [&](const Decision& decision) -> absl::StatusOr<Effects> {
        PriorFacts facts;
        facts.today = today;
        AWARD_ASSIGN_OR_RETURN(
            auto authority, authorities_.Load(nominations::AuthorityStream(header.authority_id())));
        facts.authority = std::move(authority.state);
        facts.authority_version = authority.version;
        // Only the first award of a decision takes its number: the register,
        // which may hold many, is read for that one alone. Its version guards
        // the number against an issue or another record taking it meanwhile.
        if (decision.state == DecisionState::kNone) {
          AWARD_ASSIGN_OR_RETURN(auto book, registers_.Load(register_stream));
          facts.book = std::move(book.state);
          facts.register_version = book.version;
        }
        AWARD_ASSIGN_OR_RETURN(auto history, awardees_.Load(AwardeeStream(award.awardee_id())));
        facts.awardee_version = history.version;
        AWARD_ASSIGN_OR_RETURN(recording, DecideRecordPriorAward(decision, request->decision_id(),
                                                                 header, award, facts, rules_));
        return std::move(recording.effects);
      },
      *response->mutable_outcome()->mutable_recorded(),
      [&](const Decision& after) { response->mutable_outcome()->set_state(ToProto(after.state)); });
  if (ran.ok()) {
    response->set_already_recorded(recording.already_recorded);
    response->set_number(recording.number);
  }
  return Answer(ran);
}

grpc::Status DecisionsService::IssueDecision(grpc::ServerContext* context,
                                             const v1::IssueDecisionRequest* request,
                                             v1::IssueDecisionResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  absl::StatusOr<absl::CivilDay> numbered_on = CivilDayOf(request->numbered_on(), "numbered_on");
  if (!numbered_on.ok()) return Answer(numbered_on.status());
  const std::string stream = DecisionStream(request->decision_id());
  absl::StatusOr<DecisionAggregate::State> before = [&]() -> absl::StatusOr<Decision> {
    AWARD_ASSIGN_OR_RETURN(auto loaded, decisions_.Load(stream));
    return std::move(loaded.state);
  }();
  if (!before.ok()) return Answer(before.status());
  if (before->state == DecisionState::kNone) {
    return Answer(absl::NotFoundError(absl::StrCat("no decision ", request->decision_id())));
  }
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(before->drafted.authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  // The authority and the year never change after the draft: the register is known.
  const std::string register_stream =
      RegisterStream(before->drafted.authority_id(), before->drafted.decision_date().year());
  absl::MutexLock lock(&RegisterLock(register_stream));
  absl::Status ran = decisions_.Run(
      caller, request->meta(), stream,
      [&](const Decision& decision) -> absl::StatusOr<Effects> {
        IssueFacts facts;
        AWARD_ASSIGN_OR_RETURN(auto book, registers_.Load(register_stream));
        facts.book = std::move(book.state);
        facts.register_version = book.version;
        AWARD_ASSIGN_OR_RETURN(
            auto authority,
            authorities_.Load(nominations::AuthorityStream(decision.drafted.authority_id())));
        facts.authority = std::move(authority.state);
        facts.authority_version = authority.version;
        for (const v1::DecisionAward& award : decision.drafted.awards()) {
          AWARD_ASSIGN_OR_RETURN(facts.candidates.emplace_back(),
                                 ReadCandidate(award.nomination_id()));
        }
        return DecideIssue(decision, *numbered_on, facts, rules_, calendar_);
      },
      *response->mutable_outcome()->mutable_recorded(),
      [&](const Decision& after) {
        response->mutable_outcome()->set_state(ToProto(after.state));
        if (after.issued.has_value()) {
          response->set_number(after.issued->number());
          response->set_number_text(after.issued->number_text());
          response->set_document_sha256(after.issued->document_sha256());
        }
      });
  return Answer(ran);
}

grpc::Status DecisionsService::RevokeDecision(grpc::ServerContext* context,
                                              const v1::RevokeDecisionRequest* request,
                                              v1::RevokeDecisionResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  // Only the issuing authority revokes (the decision checks it is that one).
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(request->authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  Revocation revocation;
  revocation.authority_id = request->authority_id();
  revocation.nomination_ids.assign(request->nomination_ids().begin(),
                                   request->nomination_ids().end());
  revocation.ground = request->ground();
  revocation.establishing_document = request->establishing_document();
  revocation.revoked_on = request->revoked_on();
  revocation.reason = request->reason();
  for (auto [text, field] :
       {std::pair{&revocation.reason, "reason"},
        {revocation.establishing_document.mutable_title(), "establishing_document.title"}}) {
    if (absl::Status normalized = NormalizeInPlace(*text, field); !normalized.ok()) {
      return Answer(normalized);
    }
  }
  absl::Status ran = decisions_.Run(
      caller, request->meta(), DecisionStream(request->decision_id()),
      [&](const Decision& decision) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(std::vector<const v1::DecisionAward*> chosen,
                               AwardsToRevoke(decision, revocation));
        RevokeFacts facts;
        for (const v1::DecisionAward* award : chosen) {
          AWARD_ASSIGN_OR_RETURN(
              facts.resolution_versions[award->nomination_id()],
              LastVersion(nominations::ResolutionStream(award->nomination_id())));
          if (facts.awardees.contains(award->awardee_id())) continue;
          AWARD_ASSIGN_OR_RETURN(auto history, awardees_.Load(AwardeeStream(award->awardee_id())));
          AwardeeRecord& record = facts.awardees[award->awardee_id()];
          record.version = history.version;
          record.awards = std::move(history.state.awards);
        }
        for (const v1::DecisionAward* award : chosen) {
          v1::AwardRef ref;
          ref.set_decision_id(decision.drafted.decision_id());
          ref.set_kind(award->kind());
          for (const nominations::GrantedAward* dependent :
               DependentsOf(facts.awardees[award->awardee_id()], ref)) {
            AWARD_ASSIGN_OR_RETURN(
                facts.resolution_versions[dependent->nomination_id],
                LastVersion(nominations::ResolutionStream(dependent->nomination_id)));
          }
        }
        return DecideRevoke(decision, revocation, facts, calendar_);
      },
      *response->mutable_outcome()->mutable_recorded(),
      [&](const Decision& after) {
        response->mutable_outcome()->set_state(ToProto(after.state));
        if (!after.revocations.empty()) {
          const v1::DecisionRevoked& revoked = after.revocations.back();
          *response->mutable_recovery_due_on() = revoked.recovery_due_on();
          response->set_recovery_total_vnd(revoked.recovery_total_vnd());
          *response->mutable_needs_review() = revoked.sent_for_review();
        }
      });
  return Answer(ran);
}

grpc::Status DecisionsService::ForwardNomination(grpc::ServerContext* context,
                                                 const v1::ForwardNominationRequest* request,
                                                 v1::ForwardNominationResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  if (request->to_authority_id().empty()) {
    return Answer(InvalidField("to_authority_id", "missing"));
  }
  absl::StatusOr<absl::CivilDay> forwarded_on = CivilDayOf(request->forwarded_on(), "forwarded_on");
  if (!forwarded_on.ok()) return Answer(forwarded_on.status());
  const security::CallerScope caller = Scope(*context, *request);
  return Answer(resolutions_.Run(
      caller, request->meta(), nominations::ResolutionStream(request->nomination_id()),
      [&](const ResolutionAggregate::State&) -> absl::StatusOr<Effects> {
        ForwardFacts facts;
        AWARD_ASSIGN_OR_RETURN(facts.candidate, ReadCandidate(request->nomination_id()));
        const nominations::Nomination& n = facts.candidate.nomination;
        if (!n.exists) {
          return absl::NotFoundError(absl::StrCat("no nomination ", request->nomination_id()));
        }
        AWARD_RETURN_IF_ERROR(caller.At(n.draft.authority_id()));
        AWARD_ASSIGN_OR_RETURN(
            auto from, authorities_.Load(nominations::AuthorityStream(n.draft.authority_id())));
        facts.from = std::move(from.state);
        AWARD_ASSIGN_OR_RETURN(
            auto to, authorities_.Load(nominations::AuthorityStream(request->to_authority_id())));
        facts.to = std::move(to.state);
        AWARD_ASSIGN_OR_RETURN(facts.to_is_above, IsAbove(facts.from, request->to_authority_id()));
        AWARD_ASSIGN_OR_RETURN(
            int64_t taken,
            LastVersion(nominations::NominationStream(request->forwarded_nomination_id())));
        facts.forwarded_id_taken = taken >= 0;
        AWARD_ASSIGN_OR_RETURN(facts.claim,
                               nominations::ReadClaim(store_, nominations::ClaimStream(n.draft)));
        return DecideForward(facts, request->forwarded_nomination_id(), *forwarded_on, rules_);
      },
      *response->mutable_recorded()));
}

grpc::Status DecisionsService::GetDecision(grpc::ServerContext*,
                                           const v1::GetDecisionRequest* request,
                                           v1::GetDecisionResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  auto loaded = decisions_.Load(DecisionStream(request->decision_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  const Decision& decision = loaded->state;
  if (decision.state == DecisionState::kNone) {
    return Answer(absl::NotFoundError(absl::StrCat("no decision ", request->decision_id())));
  }
  response->set_state(ToProto(decision.state));
  response->set_version(loaded->version);
  if (decision.prior.has_value()) {
    *response->mutable_prior() = *decision.prior;
    for (const v1::PriorAward& award : decision.prior_awards) *response->add_prior_awards() = award;
    return grpc::Status::OK;  // no document is rendered: the scan is the original
  }
  *response->mutable_drafted() = decision.drafted;
  for (const v1::DecisionRevoked& revoked : decision.revocations) {
    *response->add_revocations() = revoked;
  }
  for (const std::string& id : decision.revoked) response->add_revoked_nomination_ids(id);
  response->set_version(loaded->version);
  // A draft renders with no number yet; the issued one is the public record.
  const std::string number = decision.issued.has_value() ? decision.issued->number_text() : "...";
  response->set_document(RenderDecision(decision.drafted, number));
  response->set_document_sha256(Sha256Of(response->document()));
  if (decision.issued.has_value()) {
    *response->mutable_issued() = *decision.issued;
    if (decision.issued->document_sha256() != response->document_sha256()) {
      return Answer(absl::DataLossError(
          absl::StrCat("decision ", request->decision_id(),
                       " renders differently from the document its number was given to")));
    }
  }
  return grpc::Status::OK;
}

grpc::Status DecisionsService::GetRegister(grpc::ServerContext*,
                                           const v1::GetRegisterRequest* request,
                                           v1::GetRegisterResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  if (request->year() <= 0) return Answer(InvalidField("year", "missing"));
  auto loaded = registers_.Load(RegisterStream(request->authority_id(), request->year()));
  if (!loaded.ok()) return Answer(loaded.status());
  for (const v1::DecisionNumbered& entry : loaded->state.entries) *response->add_entries() = entry;
  return grpc::Status::OK;
}

}  // namespace award::decisions

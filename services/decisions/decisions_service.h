// award.v1.Decisions over any EventStore (embedded or remote): the service
// reads what each command needs, the pure functions of domain/ judge it, and
// one atomic append records it on every stream it touches.
//
// Numbering: issues for one authority and year take their numbers from one
// register stream. Within a process they queue on a lock per register, so
// many clerks issuing at once never lose a race to each other; across
// processes the register's expected version decides, and the loser retries
// from a fresh read. Either way no number is skipped or given twice.
#ifndef AWARD_SERVICES_DECISIONS_DECISIONS_SERVICE_H_
#define AWARD_SERVICES_DECISIONS_DECISIONS_SERVICE_H_

#include <array>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "award/v1/decisions_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "security/grpc_access.h"
#include "services/common/aggregate_repository.h"
#include "services/common/command_runner.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/decisions/domain/decision.h"
#include "services/decisions/domain/register.h"
#include "services/nominations/domain/authority.h"
#include "services/nominations/domain/awardee_history.h"

namespace award::decisions {

struct DecisionsServiceOptions {
  // How often a command that lost a race on one of its streams is decided
  // again from fresh reads before it answers ABORTED.
  int max_attempts = 10;
  // Null: no access control (a plaintext server on loopback).
  const security::AccessControl* access = nullptr;
};

class DecisionsService final : public v1::Decisions::Service {
 public:
  DecisionsService(eventstore::EventStore& store, const RuleBook& rules,
                   const WorkingDayCalendar& calendar, DecisionsServiceOptions options = {});

  grpc::Status DraftDecision(grpc::ServerContext* context, const v1::DraftDecisionRequest* request,
                             v1::DraftDecisionResponse* response) override;
  grpc::Status DiscardDecision(grpc::ServerContext* context,
                               const v1::DiscardDecisionRequest* request,
                               v1::DiscardDecisionResponse* response) override;
  grpc::Status RecordPriorAward(grpc::ServerContext* context,
                                const v1::RecordPriorAwardRequest* request,
                                v1::RecordPriorAwardResponse* response) override;
  grpc::Status IssueDecision(grpc::ServerContext* context, const v1::IssueDecisionRequest* request,
                             v1::IssueDecisionResponse* response) override;
  grpc::Status RevokeDecision(grpc::ServerContext* context,
                              const v1::RevokeDecisionRequest* request,
                              v1::RevokeDecisionResponse* response) override;
  grpc::Status ForwardNomination(grpc::ServerContext* context,
                                 const v1::ForwardNominationRequest* request,
                                 v1::ForwardNominationResponse* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context, const v1::GetDecisionRequest* request,
                           v1::GetDecisionResponse* response) override;
  grpc::Status GetRegister(grpc::ServerContext* context, const v1::GetRegisterRequest* request,
                           v1::GetRegisterResponse* response) override;

  // The resolution record of a nomination, as this service writes it; its
  // state is only its version (what the nominations fold from it is theirs).
  struct ResolutionAggregate {
    struct State {};
    static absl::Status Evolve(State&, const eventstore::RecordedEvent&) {
      return absl::OkStatus();
    }
  };

 private:
  absl::StatusOr<Candidate> ReadCandidate(const std::string& nomination_id);
  absl::StatusOr<int64_t> LastVersion(const std::string& stream);
  absl::StatusOr<bool> IsAbove(const nominations::Authority& from, const std::string& to_id);
  absl::Mutex& RegisterLock(const std::string& register_stream);

  security::CallerScope Scope(const grpc::ServerContext& context,
                              const google::protobuf::Message& request) const;

  const security::AccessControl* access_;
  eventstore::EventStore& store_;
  const RuleBook& rules_;
  const WorkingDayCalendar& calendar_;
  CommandRunner<DecisionAggregate> decisions_;
  AggregateRepository<RegisterAggregate> registers_;
  AggregateRepository<nominations::AuthorityAggregate> authorities_;
  AggregateRepository<nominations::AwardeeHistoryAggregate> awardees_;
  CommandRunner<ResolutionAggregate> resolutions_;
  std::array<absl::Mutex, 64> register_locks_;
};

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DECISIONS_SERVICE_H_

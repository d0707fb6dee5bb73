// award.v1.Council over gRPC: each RPC normalises its text to NFC, runs one
// command through the aggregate repository (load, decide, append with the
// expected version, retry lost races) against any EventStore, and answers with
// what it recorded. Errors are mapped once, here, to gRPC codes with the
// offending field in the details.
//
// Commands on one meeting or consultation are taken one at a time in this
// process (striped locks), so that fourteen members voting at once queue
// instead of losing optimistic races; the expected version still guards
// against every other writer. An agenda reservation goes into the same atomic
// append as the meeting's own event (agenda_record.h); so do the outcomes
// with the signature that concludes a meeting, or with a consultation's close.
//
// The secret ballot's design is in domain/ballot_seal.h.
#ifndef AWARD_SERVICES_COUNCIL_COUNCIL_SERVICE_H_
#define AWARD_SERVICES_COUNCIL_COUNCIL_SERVICE_H_

#include <array>
#include <functional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "award/v1/council_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "security/grpc_access.h"
#include "services/common/aggregate_repository.h"
#include "services/common/command_runner.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/council/agenda_reservations.h"
#include "services/council/domain/agenda_record.h"
#include "services/council/domain/ballot_seal.h"
#include "services/council/domain/consultation.h"
#include "services/council/domain/council.h"
#include "services/council/domain/meeting.h"
#include "services/nominations/domain/authority.h"
#include "services/nominations/domain/nomination.h"

namespace award::council {

struct CouncilServiceOptions {
  // The date in Vietnam (a consultation's deadline is counted and checked
  // against it); empty: the system clock at UTC+7.
  std::function<absl::CivilDay()> today;
  // Null: no access control (a plaintext server on loopback).
  const security::AccessControl* access = nullptr;
};

class CouncilService final : public v1::Council::Service {
 public:
  CouncilService(eventstore::EventStore& store, const RuleBook& rules,
                 const WorkingDayCalendar& calendar, const BallotSeal& seal,
                 CouncilServiceOptions options = {});

  grpc::Status ConstituteCouncil(grpc::ServerContext*, const v1::ConstituteCouncilRequest* request,
                                 v1::ConstituteCouncilResponse* response) override;
  grpc::Status AddCouncilMember(grpc::ServerContext*, const v1::AddCouncilMemberRequest* request,
                                v1::AddCouncilMemberResponse* response) override;
  grpc::Status RemoveCouncilMember(grpc::ServerContext*,
                                   const v1::RemoveCouncilMemberRequest* request,
                                   v1::RemoveCouncilMemberResponse* response) override;
  grpc::Status ReplaceCouncilMember(grpc::ServerContext*,
                                    const v1::ReplaceCouncilMemberRequest* request,
                                    v1::ReplaceCouncilMemberResponse* response) override;
  grpc::Status GetCouncil(grpc::ServerContext*, const v1::GetCouncilRequest* request,
                          v1::GetCouncilResponse* response) override;

  grpc::Status ScheduleMeeting(grpc::ServerContext*, const v1::ScheduleMeetingRequest* request,
                               v1::ScheduleMeetingResponse* response) override;
  grpc::Status AddAgendaItem(grpc::ServerContext*, const v1::AddAgendaItemRequest* request,
                             v1::AddAgendaItemResponse* response) override;
  grpc::Status RemoveAgendaItem(grpc::ServerContext*, const v1::RemoveAgendaItemRequest* request,
                                v1::RemoveAgendaItemResponse* response) override;
  grpc::Status ConveneMeeting(grpc::ServerContext*, const v1::ConveneMeetingRequest* request,
                              v1::ConveneMeetingResponse* response) override;
  grpc::Status CancelMeeting(grpc::ServerContext*, const v1::CancelMeetingRequest* request,
                             v1::CancelMeetingResponse* response) override;
  grpc::Status OpenVoting(grpc::ServerContext*, const v1::OpenVotingRequest* request,
                          v1::OpenVotingResponse* response) override;
  grpc::Status CastBallot(grpc::ServerContext*, const v1::CastBallotRequest* request,
                          v1::CastBallotResponse* response) override;
  grpc::Status CloseVoting(grpc::ServerContext*, const v1::CloseVotingRequest* request,
                           v1::CloseVotingResponse* response) override;
  grpc::Status SignMinutes(grpc::ServerContext*, const v1::SignMinutesRequest* request,
                           v1::SignMinutesResponse* response) override;
  grpc::Status GetMeeting(grpc::ServerContext*, const v1::GetMeetingRequest* request,
                          v1::GetMeetingResponse* response) override;
  grpc::Status GetMinutes(grpc::ServerContext*, const v1::GetMinutesRequest* request,
                          v1::GetMinutesResponse* response) override;

  grpc::Status OpenConsultation(grpc::ServerContext*, const v1::OpenConsultationRequest* request,
                                v1::OpenConsultationResponse* response) override;
  grpc::Status AnswerConsultation(grpc::ServerContext*,
                                  const v1::AnswerConsultationRequest* request,
                                  v1::AnswerConsultationResponse* response) override;
  grpc::Status CloseConsultation(grpc::ServerContext*, const v1::CloseConsultationRequest* request,
                                 v1::CloseConsultationResponse* response) override;
  grpc::Status GetConsultation(grpc::ServerContext*, const v1::GetConsultationRequest* request,
                               v1::GetConsultationResponse* response) override;

  grpc::Status GetCouncilOutcome(grpc::ServerContext*, const v1::GetCouncilOutcomeRequest* request,
                                 v1::GetCouncilOutcomeResponse* response) override;

 private:
  using MeetingDecide = std::function<absl::StatusOr<Effects>(const Meeting&)>;
  using MeetingObserver = std::function<void(const Meeting&)>;
  security::CallerScope Scope(const grpc::ServerContext& context,
                              const google::protobuf::Message& request) const;
  using ConsultationObserver = std::function<void(const Consultation&)>;

  // Runs one command on a meeting, one at a time per meeting in this
  // process, and says where the meeting now stands; `observe` sees it.
  // Each Run/Record checks that the caller holds the method's role at the
  // record's authority.
  absl::Status RunMeeting(const security::CallerScope& caller, const v1::CommandMeta& meta,
                          const std::string& meeting_id, const MeetingDecide& decide,
                          v1::MeetingOutcome& outcome, const MeetingObserver& observe = {});
  // Runs one command on the council of `authority_id`.
  absl::Status RecordOnCouncil(
      const security::CallerScope& caller, const v1::CommandMeta& meta,
      const std::string& authority_id,
      const std::function<absl::StatusOr<std::vector<NewEvent>>(const Council&)>& decide,
      v1::Recorded& recorded);
  absl::Status RunConsultation(
      const security::CallerScope& caller, const v1::CommandMeta& meta,
      const std::string& consultation_id,
      const std::function<absl::StatusOr<Effects>(const Consultation&)>& decide,
      v1::Recorded& recorded, const ConsultationObserver& observe = {});

  // Whether the council's secretary votes, by the rule set in force on `day`.
  bool SecretaryVotes(absl::CivilDay day) const;
  absl::StatusOr<Council> LoadCouncil(const std::string& authority_id);
  absl::Mutex& StripeOf(const std::string& stream);

  const security::AccessControl* access_;
  eventstore::EventStore& store_;
  const RuleBook& rules_;
  const WorkingDayCalendar& calendar_;
  const BallotSeal& seal_;
  std::function<absl::CivilDay()> today_;
  CommandRunner<CouncilAggregate> councils_;
  CommandRunner<MeetingAggregate> meetings_;  // cached: a meeting's ballots are many
  CommandRunner<ConsultationAggregate> consultations_;
  AgendaReservations agenda_;
  AggregateRepository<nominations::AuthorityAggregate> authorities_;
  std::array<absl::Mutex, 64> stripes_;
};

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_COUNCIL_SERVICE_H_

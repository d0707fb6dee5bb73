// award.v1.Nominations over gRPC: each RPC normalises its text to NFC, runs
// one command through the aggregate repository (load, decide, append with the
// expected version, retry lost races) against any EventStore, and answers with
// where the nomination now stands. Errors are mapped once, here, to gRPC codes
// with the offending field in the details.
//
// A nomination's state and history fold in the council's record of it
// (stream agenda-<id>, services/council/domain/agenda_record.h explains why).
//
// A draft must name a registered authority that can decide on the day, and an
// open campaign that awards its kind, if any.
// The nominee's earlier awards come from its awardee stream, which the
// decisions service writes.
#ifndef AWARD_SERVICES_NOMINATIONS_NOMINATIONS_SERVICE_H_
#define AWARD_SERVICES_NOMINATIONS_NOMINATIONS_SERVICE_H_

#include "award/v1/nominations_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "security/grpc_access.h"
#include "services/common/aggregate_repository.h"
#include "services/common/command_runner.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/nominations/domain/authority.h"
#include "services/nominations/domain/awardee_history.h"
#include "services/nominations/domain/campaign.h"
#include "services/nominations/domain/cluster.h"
#include "services/nominations/domain/nomination.h"

namespace award::nominations {

struct NominationsServiceOptions {
  // Null: no access control (a plaintext server on loopback).
  const security::AccessControl* access = nullptr;
};

class NominationsService final : public v1::Nominations::Service {
 public:
  NominationsService(eventstore::EventStore& store, const RuleBook& rules,
                     const WorkingDayCalendar& calendar, NominationsServiceOptions options = {});

  grpc::Status DraftNomination(grpc::ServerContext*, const v1::DraftNominationRequest* request,
                               v1::DraftNominationResponse* response) override;
  grpc::Status AttachDocument(grpc::ServerContext*, const v1::AttachDocumentRequest* request,
                              v1::AttachDocumentResponse* response) override;
  grpc::Status RemoveDocument(grpc::ServerContext*, const v1::RemoveDocumentRequest* request,
                              v1::RemoveDocumentResponse* response) override;
  grpc::Status SubmitNomination(grpc::ServerContext*, const v1::SubmitNominationRequest* request,
                                v1::SubmitNominationResponse* response) override;
  grpc::Status RequestSupplement(grpc::ServerContext*, const v1::RequestSupplementRequest* request,
                                 v1::RequestSupplementResponse* response) override;
  grpc::Status AppraiseNomination(grpc::ServerContext*,
                                  const v1::AppraiseNominationRequest* request,
                                  v1::AppraiseNominationResponse* response) override;
  grpc::Status WithdrawNomination(grpc::ServerContext*,
                                  const v1::WithdrawNominationRequest* request,
                                  v1::WithdrawNominationResponse* response) override;
  grpc::Status SuspendNomination(grpc::ServerContext*, const v1::SuspendNominationRequest* request,
                                 v1::SuspendNominationResponse* response) override;
  grpc::Status ResumeNomination(grpc::ServerContext*, const v1::ResumeNominationRequest* request,
                                v1::ResumeNominationResponse* response) override;
  grpc::Status ListNomineePublicly(grpc::ServerContext*,
                                   const v1::ListNomineePubliclyRequest* request,
                                   v1::ListNomineePubliclyResponse* response) override;
  grpc::Status GetNomination(grpc::ServerContext*, const v1::GetNominationRequest* request,
                             v1::GetNominationResponse* response) override;

  grpc::Status RegisterAuthority(grpc::ServerContext*, const v1::RegisterAuthorityRequest* request,
                                 v1::RegisterAuthorityResponse* response) override;
  grpc::Status RenameAuthority(grpc::ServerContext*, const v1::RenameAuthorityRequest* request,
                               v1::RenameAuthorityResponse* response) override;
  grpc::Status MergeAuthority(grpc::ServerContext*, const v1::MergeAuthorityRequest* request,
                              v1::MergeAuthorityResponse* response) override;
  grpc::Status DissolveAuthority(grpc::ServerContext*, const v1::DissolveAuthorityRequest* request,
                                 v1::DissolveAuthorityResponse* response) override;
  grpc::Status GetAuthority(grpc::ServerContext*, const v1::GetAuthorityRequest* request,
                            v1::GetAuthorityResponse* response) override;
  grpc::Status LaunchCampaign(grpc::ServerContext*, const v1::LaunchCampaignRequest* request,
                              v1::LaunchCampaignResponse* response) override;
  grpc::Status CloseCampaign(grpc::ServerContext*, const v1::CloseCampaignRequest* request,
                             v1::CloseCampaignResponse* response) override;
  grpc::Status GetCampaign(grpc::ServerContext*, const v1::GetCampaignRequest* request,
                           v1::GetCampaignResponse* response) override;

  // Emulation clusters and blocks (cluster_commands.cc).
  grpc::Status ConstituteCluster(grpc::ServerContext*, const v1::ConstituteClusterRequest* request,
                                 v1::ConstituteClusterResponse* response) override;
  grpc::Status SignClusterPledge(grpc::ServerContext*, const v1::SignClusterPledgeRequest* request,
                                 v1::SignClusterPledgeResponse* response) override;
  grpc::Status RecordClusterScores(grpc::ServerContext*,
                                   const v1::RecordClusterScoresRequest* request,
                                   v1::RecordClusterScoresResponse* response) override;
  grpc::Status ProposeClusterLeaders(grpc::ServerContext*,
                                     const v1::ProposeClusterLeadersRequest* request,
                                     v1::ProposeClusterLeadersResponse* response) override;
  grpc::Status GetCluster(grpc::ServerContext*, const v1::GetClusterRequest* request,
                          v1::GetClusterResponse* response) override;
  grpc::Status ListClusters(grpc::ServerContext*, const v1::ListClustersRequest* request,
                            v1::ListClustersResponse* response) override;

 private:
  using Decide = std::function<absl::StatusOr<Effects>(const Nomination&)>;
  // Runs one command on the nomination and fills `outcome`; `after`, if
  // given, receives the nomination as the command left it.
  // The caller must hold the method's role at the nomination's authority.
  absl::Status Run(const security::CallerScope& caller, const v1::CommandMeta& meta,
                   const std::string& nomination_id, const Decide& decide,
                   v1::NominationOutcome& outcome, Nomination* after = nullptr);
  security::CallerScope Scope(const grpc::ServerContext& context,
                              const google::protobuf::Message& request) const;
  // `events`, and the release of the nomination's claim when it holds it.
  absl::StatusOr<Effects> Releasing(const Nomination& nomination,
                                    absl::StatusOr<std::vector<NewEvent>> events);

  const security::AccessControl* access_;
  eventstore::EventStore& store_;
  const RuleBook& rules_;
  const WorkingDayCalendar& calendar_;
  CommandRunner<NominationAggregate> nominations_;
  CommandRunner<AuthorityAggregate> authorities_;
  CommandRunner<CampaignAggregate> campaigns_;
  CommandRunner<ClusterAggregate> clusters_;
  AggregateRepository<ClusterYearAggregate> cluster_years_;
  AggregateRepository<AwardeeHistoryAggregate> awardees_;

  // The nominee's earlier awards, from its awardee stream.
  absl::StatusOr<std::vector<GrantedAward>> AwardsOf(const Nomination& nomination);
};

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_NOMINATIONS_SERVICE_H_

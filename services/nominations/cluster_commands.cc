// award.v1.Nominations' emulation clusters and blocks: each handler
// normalises the request, runs the cluster's decide (domain/cluster.h) and
// answers.
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/service_edge.h"
#include "services/common/text.h"
#include "services/nominations/nominations_service.h"

namespace award::nominations {

using eventstore::InvalidField;

grpc::Status NominationsService::ConstituteCluster(grpc::ServerContext* context,
                                                   const v1::ConstituteClusterRequest* request,
                                                   v1::ConstituteClusterResponse* response) {
  v1::ClusterConstituted cluster = request->cluster();
  if (absl::Status normalized = NormalizeInPlace(*cluster.mutable_name(), "cluster.name");
      !normalized.ok()) {
    return Answer(normalized);
  }
  for (int i = 0; i < cluster.members_size(); ++i) {
    if (absl::Status normalized = NormalizeInPlace(*cluster.mutable_members(i)->mutable_name(),
                                                   absl::StrCat("cluster.members[", i, "].name"));
        !normalized.ok()) {
      return Answer(normalized);
    }
  }
  if (cluster.cluster_id().empty()) return Answer(InvalidField("cluster.cluster_id", "missing"));
  // A cluster is its organiser's own.
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(cluster.authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  return Answer(clusters_.Run(
      caller, request->meta(), ClusterStream(cluster.cluster_id()),
      [&](const EmulationCluster& c) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(auto organiser,
                               authorities_.Load(AuthorityStream(cluster.authority_id())));
        AWARD_ASSIGN_OR_RETURN(auto year, cluster_years_.Load(ClusterYearStream(
                                              cluster.authority_id(), cluster.year())));
        return DecideConstitute(c, cluster, organiser.state, year.version);
      },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::SignClusterPledge(grpc::ServerContext* context,
                                                   const v1::SignClusterPledgeRequest* request,
                                                   v1::SignClusterPledgeResponse* response) {
  if (request->cluster_id().empty()) return Answer(InvalidField("cluster_id", "missing"));
  v1::ClusterPledgeSigned pledge = request->pledge();
  if (absl::Status normalized = NormalizeInPlace(*pledge.mutable_title(), "pledge.title");
      !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(clusters_.Run(
      Scope(*context, *request), request->meta(), ClusterStream(request->cluster_id()),
      [&](const EmulationCluster& c) { return DecideSignPledge(c, pledge); },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::RecordClusterScores(grpc::ServerContext* context,
                                                     const v1::RecordClusterScoresRequest* request,
                                                     v1::RecordClusterScoresResponse* response) {
  if (request->cluster_id().empty()) return Answer(InvalidField("cluster_id", "missing"));
  const std::vector<v1::UnitScore> scores(request->scores().begin(), request->scores().end());
  return Answer(clusters_.Run(
      Scope(*context, *request), request->meta(), ClusterStream(request->cluster_id()),
      [&](const EmulationCluster& c) {
        return DecideRecordScores(c, request->scored_on(), scores);
      },
      *response->mutable_recorded(),
      [&](const EmulationCluster& after) {
        if (after.scores.has_value()) *response->mutable_ranking() = after.scores->scores();
      }));
}

grpc::Status NominationsService::ProposeClusterLeaders(
    grpc::ServerContext* context, const v1::ProposeClusterLeadersRequest* request,
    v1::ProposeClusterLeadersResponse* response) {
  if (request->cluster_id().empty()) return Answer(InvalidField("cluster_id", "missing"));
  ClusterYear tallied;
  absl::Status ran = clusters_.Run(
      Scope(*context, *request), request->meta(), ClusterStream(request->cluster_id()),
      [&](const EmulationCluster& c) -> absl::StatusOr<Effects> {
        if (!c.exists()) {
          return absl::NotFoundError(absl::StrCat("no cluster ", request->cluster_id()));
        }
        AWARD_ASSIGN_OR_RETURN(auto year,
                               cluster_years_.Load(ClusterYearStream(c.constituted->authority_id(),
                                                                     c.constituted->year())));
        AWARD_ASSIGN_OR_RETURN(
            LeadersProposal proposal,
            DecideProposeLeaders(c, request->proposed(), year.state, year.version));
        tallied = std::move(proposal.year_after);
        return std::move(proposal.effects);
      },
      *response->mutable_recorded());
  if (ran.ok()) {
    response->set_leaders_meeting_flag_standard(tallied.LeadersMeetingFlagStandard());
    response->set_government_flag_proposals(tallied.GovernmentFlagProposals());
  }
  return Answer(ran);
}

namespace {

void ToProto(const EmulationCluster& cluster, v1::GetClusterResponse& response) {
  *response.mutable_cluster() = *cluster.constituted;
  if (cluster.pledge.has_value()) *response.mutable_pledge() = *cluster.pledge;
  if (cluster.scores.has_value()) *response.mutable_scores() = *cluster.scores;
  if (cluster.proposed.has_value()) *response.mutable_proposed() = *cluster.proposed;
}

}  // namespace

grpc::Status NominationsService::GetCluster(grpc::ServerContext*,
                                            const v1::GetClusterRequest* request,
                                            v1::GetClusterResponse* response) {
  if (request->cluster_id().empty()) return Answer(InvalidField("cluster_id", "missing"));
  auto loaded = clusters_.Load(ClusterStream(request->cluster_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  if (!loaded->state.exists()) {
    return Answer(absl::NotFoundError(absl::StrCat("no cluster ", request->cluster_id())));
  }
  ToProto(loaded->state, *response);
  return grpc::Status::OK;
}

grpc::Status NominationsService::ListClusters(grpc::ServerContext*,
                                              const v1::ListClustersRequest* request,
                                              v1::ListClustersResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  if (request->year() < 1945 || request->year() > 9999) {
    return Answer(InvalidField("year", "a year from 1945"));
  }
  auto year = cluster_years_.Load(ClusterYearStream(request->authority_id(), request->year()));
  if (!year.ok()) return Answer(year.status());
  for (const std::string& id : year->state.cluster_ids) {
    auto loaded = clusters_.Load(ClusterStream(id));
    if (!loaded.ok()) return Answer(loaded.status());
    if (!loaded->state.exists()) {
      return Answer(
          absl::DataLossError(absl::StrCat("cluster ", id, " is listed but not recorded")));
    }
    ToProto(loaded->state, *response->add_clusters());
  }
  response->set_leaders_meeting_flag_standard(year->state.LeadersMeetingFlagStandard());
  response->set_government_flag_proposals(year->state.GovernmentFlagProposals());
  return grpc::Status::OK;
}

}  // namespace award::nominations

// award.v1.Query over gRPC: reads the projections' read models, after waiting
// (within the call's deadline) for the projection to reach `min_position`.
#ifndef AWARD_SERVICES_QUERY_QUERY_SERVICE_H_
#define AWARD_SERVICES_QUERY_QUERY_SERVICE_H_

#include "award/v1/query_service.grpc.pb.h"
#include "services/query/projections.h"

namespace award::query {

class QueryService final : public v1::Query::Service {
 public:
  explicit QueryService(Projections& projections) : projections_(projections) {}

  grpc::Status GetNominationView(grpc::ServerContext* context,
                                 const v1::GetNominationViewRequest* request,
                                 v1::GetNominationViewResponse* response) override;
  grpc::Status ListNominations(grpc::ServerContext* context,
                               const v1::ListNominationsRequest* request,
                               v1::ListNominationsResponse* response) override;
  grpc::Status GetAwardeeHistory(grpc::ServerContext* context,
                                 const v1::GetAwardeeHistoryRequest* request,
                                 v1::GetAwardeeHistoryResponse* response) override;
  grpc::Status ListDecisions(grpc::ServerContext* context, const v1::ListDecisionsRequest* request,
                             v1::ListDecisionsResponse* response) override;
  grpc::Status GetDecisionView(grpc::ServerContext* context,
                               const v1::GetDecisionViewRequest* request,
                               v1::GetDecisionViewResponse* response) override;
  grpc::Status GetStatistics(grpc::ServerContext* context, const v1::GetStatisticsRequest* request,
                             v1::GetStatisticsResponse* response) override;
  grpc::Status GetAuditTrail(grpc::ServerContext* context, const v1::GetAuditTrailRequest* request,
                             v1::GetAuditTrailResponse* response) override;
  grpc::Status GetMeetingAudit(grpc::ServerContext* context,
                               const v1::GetMeetingAuditRequest* request,
                               v1::GetMeetingAuditResponse* response) override;
  grpc::Status GetProjections(grpc::ServerContext* context,
                              const v1::GetProjectionsRequest* request,
                              v1::GetProjectionsResponse* response) override;

 private:
  Projections& projections_;
};

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_QUERY_SERVICE_H_

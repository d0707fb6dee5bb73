#include "services/query/query_service.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/service_edge.h"
#include "services/query/audit_trails.h"
#include "services/query/awardee_histories.h"
#include "services/query/decision_registers.h"
#include "services/query/nomination_views.h"
#include "services/query/statistics.h"

namespace award::query {
namespace {

using eventstore::InvalidField;

// A call without a deadline waits at most this long for a projection.
constexpr absl::Duration kLongestWait = absl::Seconds(30);

absl::Time DeadlineOf(const grpc::ServerContext* context) {
  const absl::Time limit = absl::Now() + kLongestWait;
  const absl::Time deadline = absl::FromChrono(context->deadline());
  return std::min(deadline, limit);
}

// The projection's committed state, once it has reached the request's
// `min_position` when it has one.
template <typename Request>
absl::StatusOr<std::unique_ptr<ReadModelDb::View>> ViewOf(Projections& projections,
                                                          absl::string_view name,
                                                          const Request& request,
                                                          const grpc::ServerContext* context) {
  AWARD_ASSIGN_OR_RETURN(ProjectionRunner * runner, projections.Find(name));
  if (request.has_min_position()) {
    AWARD_RETURN_IF_ERROR(runner->WaitFor(request.min_position(), DeadlineOf(context)));
  }
  return runner->db().Snapshot();
}

absl::Status Missing(absl::string_view what, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("no ", what, " ", id));
}

}  // namespace

grpc::Status QueryService::GetNominationView(grpc::ServerContext* context,
                                             const v1::GetNominationViewRequest* request,
                                             v1::GetNominationViewResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "nominations", *request, context));
    AWARD_ASSIGN_OR_RETURN(std::optional<v1::NominationView> view,
                           ReadNominationView(*db, request->nomination_id()));
    if (!view.has_value()) return Missing("nomination", request->nomination_id());
    *response->mutable_view() = *std::move(view);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::ListNominations(grpc::ServerContext* context,
                                           const v1::ListNominationsRequest* request,
                                           v1::ListNominationsResponse* response) {
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "nominations", *request, context));
    AWARD_ASSIGN_OR_RETURN(NominationPage page, ListNominationViews(*db, *request));
    for (v1::NominationView& view : page.views) *response->add_views() = std::move(view);
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetAwardeeHistory(grpc::ServerContext* context,
                                             const v1::GetAwardeeHistoryRequest* request,
                                             v1::GetAwardeeHistoryResponse* response) {
  if (request->awardee_id().empty()) return Answer(InvalidField("awardee_id", "missing"));
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "awardees", *request, context));
    AWARD_ASSIGN_OR_RETURN(std::vector<v1::AwardeeEntry> entries,
                           ReadAwardeeHistory(*db, request->awardee_id()));
    for (v1::AwardeeEntry& entry : entries) *response->add_entries() = std::move(entry);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::ListDecisions(grpc::ServerContext* context,
                                         const v1::ListDecisionsRequest* request,
                                         v1::ListDecisionsResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  if (request->year() < 1945 || request->year() > 9999) {
    return Answer(InvalidField("year", "must be a year from 1945"));
  }
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "decisions", *request, context));
    AWARD_ASSIGN_OR_RETURN(DecisionPage page, ListRegister(*db, *request));
    for (v1::DecisionView& decision : page.decisions) {
      *response->add_decisions() = std::move(decision);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetDecisionView(grpc::ServerContext* context,
                                           const v1::GetDecisionViewRequest* request,
                                           v1::GetDecisionViewResponse* response) {
  if (request->decision_id().empty()) return Answer(InvalidField("decision_id", "missing"));
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "decisions", *request, context));
    AWARD_ASSIGN_OR_RETURN(std::optional<v1::DecisionView> view,
                           ReadDecisionView(*db, request->decision_id()));
    if (!view.has_value()) return Missing("decision", request->decision_id());
    *response->mutable_decision() = *std::move(view);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetStatistics(grpc::ServerContext* context,
                                         const v1::GetStatisticsRequest* request,
                                         v1::GetStatisticsResponse* response) {
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "statistics", *request, context));
    AWARD_ASSIGN_OR_RETURN(*response, ReadStatistics(*db, *request));
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetAuditTrail(grpc::ServerContext* context,
                                         const v1::GetAuditTrailRequest* request,
                                         v1::GetAuditTrailResponse* response) {
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "audit", *request, context));
    AWARD_ASSIGN_OR_RETURN(AuditPage page, ReadAuditTrail(*db, *request));
    for (v1::AuditEntry& entry : page.entries) *response->add_entries() = std::move(entry);
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetMeetingAudit(grpc::ServerContext* context,
                                           const v1::GetMeetingAuditRequest* request,
                                           v1::GetMeetingAuditResponse* response) {
  if (request->meeting_id().empty()) return Answer(InvalidField("meeting_id", "missing"));
  return Answer([&]() -> absl::Status {
    AWARD_ASSIGN_OR_RETURN(auto db, ViewOf(projections_, "audit", *request, context));
    AWARD_ASSIGN_OR_RETURN(std::optional<v1::MeetingAudit> meeting,
                           ReadMeetingAudit(*db, request->meeting_id()));
    if (!meeting.has_value()) return Missing("meeting or consultation", request->meeting_id());
    *response->mutable_meeting() = *std::move(meeting);
    return absl::OkStatus();
  }());
}

grpc::Status QueryService::GetProjections(grpc::ServerContext*,
                                          const v1::GetProjectionsRequest* request,
                                          v1::GetProjectionsResponse* response) {
  for (const auto& runner : projections_.runners()) {
    v1::ProjectionStatus* status = response->add_projections();
    status->set_name(std::string(runner->projection().name()));
    // The checkpoint and the digest of one and the same state.
    const std::unique_ptr<ReadModelDb::View> db = runner->db().Snapshot();
    status->set_checkpoint(db->checkpoint());
    if (request->with_digests()) {
      absl::StatusOr<std::string> digest = db->Digest();
      if (!digest.ok()) return Answer(digest.status());
      status->set_digest(*digest);
    }
    if (absl::Status error = runner->error(); !error.ok()) status->set_error(error.ToString());
  }
  return grpc::Status::OK;
}

}  // namespace award::query

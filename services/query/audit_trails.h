// The audit trail: every recorded act, per entity and per actor, in log order,
// with its time, actor, request and correlation ids; and for each council
// meeting (or written consultation) who attended, who took part in each
// ballot and who signed the minutes. What a member chose is never here: the
// secret ballot's choices stay sealed in the log.
#ifndef AWARD_SERVICES_QUERY_AUDIT_TRAILS_H_
#define AWARD_SERVICES_QUERY_AUDIT_TRAILS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "award/v1/query_service.pb.h"
#include "services/query/projection.h"

namespace award::query {

class AuditTrails : public Projection {
 public:
  absl::string_view name() const override { return "audit"; }
  eventstore::AllFilter filter() const override { return {}; }  // every event
  absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) override;
};

// The entity an event's stream belongs to: a nomination's council record
// (agenda-<id>) and resolution (resolution-<id>) belong to nomination-<id>.
std::string EntityOf(absl::string_view stream);

struct AuditPage {
  std::vector<v1::AuditEntry> entries;
  std::string next_page_token;
};

// INVALID_ARGUMENT naming the field when neither entity nor actor is given,
// or for a bad page token.
absl::StatusOr<AuditPage> ReadAuditTrail(const ReadModelDb::View& db,
                                         const v1::GetAuditTrailRequest& request);

absl::StatusOr<std::optional<v1::MeetingAudit>> ReadMeetingAudit(const ReadModelDb::View& db,
                                                                 absl::string_view meeting_id);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_AUDIT_TRAILS_H_

// Awardee history: every award granted to an awardee (stream awardee-<id>),
// each revocation and each review it was sent for, with decision numbers.
#ifndef AWARD_SERVICES_QUERY_AWARDEE_HISTORIES_H_
#define AWARD_SERVICES_QUERY_AWARDEE_HISTORIES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "award/v1/query_service.pb.h"
#include "services/query/projection.h"

namespace award::query {

class AwardeeHistories : public Projection {
 public:
  absl::string_view name() const override { return "awardees"; }
  eventstore::AllFilter filter() const override;
  absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) override;
};

// In log order; empty for an awardee with no awards.
absl::StatusOr<std::vector<v1::AwardeeEntry>> ReadAwardeeHistory(const ReadModelDb::View& db,
                                                                 absl::string_view awardee_id);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_AWARDEE_HISTORIES_H_

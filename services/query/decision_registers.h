// Decisions and each authority's register (sổ quyết định) per year: drafted,
// issued with their number, revoked wholly or in part.
#ifndef AWARD_SERVICES_QUERY_DECISION_REGISTERS_H_
#define AWARD_SERVICES_QUERY_DECISION_REGISTERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "award/v1/query_service.pb.h"
#include "services/query/projection.h"

namespace award::query {

class DecisionRegisters : public Projection {
 public:
  absl::string_view name() const override { return "decisions"; }
  eventstore::AllFilter filter() const override;
  absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) override;
};

absl::StatusOr<std::optional<v1::DecisionView>> ReadDecisionView(const ReadModelDb::View& db,
                                                                 absl::string_view decision_id);

struct DecisionPage {
  std::vector<v1::DecisionView> decisions;
  std::string next_page_token;
};

// The authority's numbered decisions of `year`, by number.
absl::StatusOr<DecisionPage> ListRegister(const ReadModelDb::View& db,
                                          const v1::ListDecisionsRequest& request);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_DECISION_REGISTERS_H_

// The nomination view: each nomination as every service's record makes it
// (its own stream, the council's agenda-<id>, the deciding authority's
// resolution-<id>), folded by the nominations service's own code, so the view
// and award.v1.Nominations.GetNomination cannot disagree; with the bonus and
// any recovery from the awardee's record.
#ifndef AWARD_SERVICES_QUERY_NOMINATION_VIEWS_H_
#define AWARD_SERVICES_QUERY_NOMINATION_VIEWS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "award/v1/query_service.pb.h"
#include "services/query/projection.h"

namespace award::query {

class NominationViews : public Projection {
 public:
  absl::string_view name() const override { return "nominations"; }
  eventstore::AllFilter filter() const override;
  absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) override;
};

absl::StatusOr<std::optional<v1::NominationView>> ReadNominationView(
    const ReadModelDb::View& db, absl::string_view nomination_id);

struct NominationPage {
  std::vector<v1::NominationView> views;
  std::string next_page_token;
};

// The views that pass every filter the request sets, by nomination id.
// INVALID_ARGUMENT naming the field for a bad page token or name.
absl::StatusOr<NominationPage> ListNominationViews(const ReadModelDb::View& db,
                                                   const v1::ListNominationsRequest& request);

// Lists take at most this many items per page; 0 asks for the default.
uint32_t PageSizeOf(uint32_t requested);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_NOMINATION_VIEWS_H_

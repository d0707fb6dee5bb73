// Statistics of awards (báo cáo thống kê khen thưởng): per authority, year of
// the decision, award kind and subject type (cá nhân, tập thể, hộ gia đình),
// with the individual awards to direct workers (L 5(2)); and the table the
// report prints: rows = award kind and subject type, columns = years. It also
// keeps the tree of authorities as registered, with the days each stood, so
// that one call covers an authority and every unit under it.
#ifndef AWARD_SERVICES_QUERY_STATISTICS_H_
#define AWARD_SERVICES_QUERY_STATISTICS_H_

#include <string>

#include "absl/status/statusor.h"
#include "award/v1/query_service.pb.h"
#include "services/query/projection.h"

namespace award::query {

class Statistics : public Projection {
 public:
  absl::string_view name() const override { return "statistics"; }
  int version() const override { return 2; }  // 2: the tree of authorities
  eventstore::AllFilter filter() const override;
  absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) override;
};

// INVALID_ARGUMENT naming the field for a missing authority or a bad range.
absl::StatusOr<v1::StatisticsTable> ReadStatisticsTable(const ReadModelDb::View& db,
                                                        const std::string& authority_id,
                                                        int from_year, int to_year);

// As GetStatistics answers: with include_subordinates, the total over the
// authority and every unit under it that stood in some year of the range, and
// each unit's own table.
absl::StatusOr<v1::GetStatisticsResponse> ReadStatistics(const ReadModelDb::View& db,
                                                         const v1::GetStatisticsRequest& request);

// The table as people read it (aligned columns, Vietnamese labels), or as CSV.
std::string RenderStatisticsTable(const v1::StatisticsTable& table);
std::string StatisticsTableCsv(const v1::StatisticsTable& table);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_STATISTICS_H_

// How far the projections are behind the log, for metrics and for readiness:
// a query answered from a projection far behind the log would look like a
// wrong answer, so a server whose projections lag is not ready.
#ifndef AWARD_SERVICES_QUERY_PROJECTION_HEALTH_H_
#define AWARD_SERVICES_QUERY_PROJECTION_HEALTH_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base/serve.h"
#include "eventstore/event_store.h"
#include "services/query/projections.h"
#include "telemetry/telemetry.h"

namespace award::query {

// Each projection's distance from the log's head, in events: 0 when it has
// taken in everything; while it catches up, the count up to its checkpoint
// (events its filter skips count until it takes in the next one).
absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> ProjectionLags(
    Projections& projections, eventstore::EventStore& store);

// Every projection running without error and within `bound` events of the head.
bool ProjectionsReady(Projections& projections, eventstore::EventStore& store, uint64_t bound);

// How far behind a server's projections may be and it still be ready.
inline constexpr uint64_t kReadyLagEvents = 1000;

// The server is ready while its projections are (within kReadyLagEvents), and
// award_projection_lag_events{projection} tells each one's lag at scrape.
void ObserveProjections(Projections& projections, eventstore::EventStore& store,
                        telemetry::Telemetry& telemetry, ServeOptions& serving);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_PROJECTION_HEALTH_H_

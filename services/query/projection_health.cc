#include "services/query/projection_health.h"

#include "absl/time/clock.h"
#include "base/status_macros.h"

namespace award::query {

absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> ProjectionLags(
    Projections& projections, eventstore::EventStore& store) {
  AWARD_ASSIGN_OR_RETURN(eventstore::LogDigest head, store.Digest());
  std::vector<std::pair<std::string, uint64_t>> lags;
  for (const std::unique_ptr<ProjectionRunner>& runner : projections.runners()) {
    const bool caught_up =
        head.event_count == 0 || runner->WaitFor(head.event_count - 1, absl::Now()).ok();
    const uint64_t checkpoint = runner->checkpoint();
    lags.emplace_back(
        std::string(runner->projection().name()),
        caught_up || checkpoint >= head.event_count ? 0 : head.event_count - checkpoint);
  }
  return lags;
}

bool ProjectionsReady(Projections& projections, eventstore::EventStore& store, uint64_t bound) {
  absl::StatusOr<eventstore::LogDigest> head = store.Digest();
  if (!head.ok()) return false;
  const uint64_t must_have = head->event_count > bound ? head->event_count - bound : 0;
  for (const std::unique_ptr<ProjectionRunner>& runner : projections.runners()) {
    if (!runner->error().ok()) return false;
    if (must_have > 0 && !runner->WaitFor(must_have - 1, absl::Now()).ok()) return false;
  }
  return true;
}

void ObserveProjections(Projections& projections, eventstore::EventStore& store,
                        telemetry::Telemetry& telemetry, ServeOptions& serving) {
  serving.ready = [&projections, &store] {
    return ProjectionsReady(projections, store, kReadyLagEvents);
  };
  // Each check asks the event store for its head, and the store logs each
  // call: every 2 s rather than 4 times a second keeps its request log for
  // real work, and a probe (every 5 s in deploy/k8s) still sees a fresh state.
  serving.readiness_interval = absl::Seconds(2);
  telemetry.AddGauge("award_projection_lag_events",
                     "Events of the log a projection has yet to take in", [&projections, &store] {
                       std::vector<telemetry::Sample> samples;
                       absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> lags =
                           ProjectionLags(projections, store);
                       if (!lags.ok()) return samples;
                       for (const auto& [name, lag] : *lags) {
                         samples.push_back({{{"projection", name}}, static_cast<double>(lag)});
                       }
                       return samples;
                     });
}

}  // namespace award::query

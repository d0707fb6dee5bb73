#include "telemetry/store_metrics.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace award::telemetry {
namespace {

class CommitMetricsObserver final : public eventstore::CommitObserver {
 public:
  explicit CommitMetricsObserver(prometheus::Registry& registry)
      : appends_(prometheus::BuildCounter()
                     .Name("award_log_appends_total")
                     .Help("Appends made durable")
                     .Register(registry)
                     .Add({})),
        events_(prometheus::BuildCounter()
                    .Name("award_log_events_total")
                    .Help("Events made durable")
                    .Register(registry)
                    .Add({})),
        group_(prometheus::BuildHistogram()
                   .Name("award_log_group_commit_appends")
                   .Help("Appends one fsync made durable (group commit)")
                   .Register(registry)
                   .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128,
                                                                    256, 512, 1024})),
        fsync_(prometheus::BuildHistogram()
                   .Name("award_log_fsync_seconds")
                   .Help("Time one fsync of the log's WAL took")
                   .Register(registry)
                   .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.00025, 0.0005, 0.001,
                                                                    0.0025, 0.005, 0.01, 0.025,
                                                                    0.05, 0.1, 0.25, 1})) {}

  void OnSync(size_t appends, uint64_t events, absl::Duration fsync) override {
    appends_.Increment(static_cast<double>(appends));
    events_.Increment(static_cast<double>(events));
    group_.Observe(static_cast<double>(appends));
    fsync_.Observe(absl::ToDoubleSeconds(fsync));
  }

 private:
  prometheus::Counter& appends_;
  prometheus::Counter& events_;
  prometheus::Histogram& group_;
  prometheus::Histogram& fsync_;
};

}  // namespace

std::shared_ptr<eventstore::CommitObserver> CommitMetrics(Telemetry& telemetry) {
  return std::make_shared<CommitMetricsObserver>(telemetry.registry());
}

void AddStoreGauges(Telemetry& telemetry, eventstore::EmbeddedEventStore& store) {
  telemetry.AddGauge("award_log_events", "Events in the log (its durable head)", [&store] {
    absl::StatusOr<eventstore::LogDigest> head = store.Digest();
    return std::vector<Sample>{{{}, head.ok() ? static_cast<double>(head->event_count) : 0}};
  });
  telemetry.AddGauge("award_log_sst_bytes", "The log's table files on disk", [&store] {
    return std::vector<Sample>{{{}, static_cast<double>(store.Sizes().sst_bytes)}};
  });
  telemetry.AddGauge(
      "award_log_memtable_bytes", "The log's memtables (not yet in tables)", [&store] {
        return std::vector<Sample>{{{}, static_cast<double>(store.Sizes().memtable_bytes)}};
      });
  telemetry.AddGauge("award_log_free_bytes", "Bytes free in the log's data directory", [&store] {
    return std::vector<Sample>{{{}, static_cast<double>(store.Sizes().free_bytes)}};
  });
  telemetry.AddGauge("award_log_accepting_appends",
                     "1 while the log takes appends; 0 while it refuses them (too little free "
                     "space, a failed write, a log that does not verify)",
                     [&store] {
                       return std::vector<Sample>{{{}, store.AcceptingAppends().ok() ? 1.0 : 0.0}};
                     });
}

void AddSubscriptionGauges(Telemetry& telemetry, const eventstore::EventStoreService& service,
                           eventstore::EmbeddedEventStore& store) {
  telemetry.AddGauge("award_subscriptions_open", "Subscriptions open, by subscriber", [&service] {
    absl::flat_hash_map<std::string, int> open;
    for (const eventstore::OpenSubscription& s : service.Subscriptions()) ++open[s.subscriber];
    std::vector<Sample> samples;
    for (const auto& [subscriber, count] : open) {
      samples.push_back({{{"subscriber", subscriber}}, static_cast<double>(count)});
    }
    return samples;
  });
  telemetry.AddGauge(
      "award_subscription_lag_events",
      "Events of the log a subscriber's furthest-behind subscription has yet to pass",
      [&service, &store] {
        std::vector<Sample> samples;
        absl::StatusOr<eventstore::LogDigest> head = store.Digest();
        if (!head.ok()) return samples;
        absl::flat_hash_map<std::string, uint64_t> lag;
        for (const eventstore::OpenSubscription& s : service.Subscriptions()) {
          const uint64_t behind =
              head->event_count > s.read_through ? head->event_count - s.read_through : 0;
          lag[s.subscriber] = std::max(lag[s.subscriber], behind);
        }
        for (const auto& [subscriber, events] : lag) {
          samples.push_back({{{"subscriber", subscriber}}, static_cast<double>(events)});
        }
        return samples;
      });
}

}  // namespace award::telemetry

// The event store's own metrics: appends and events made durable, how many
// appends one fsync covered (group commit), fsync latency, the log's head and
// its size on disk and in memory, and its subscribers' lag.
#ifndef AWARD_TELEMETRY_STORE_METRICS_H_
#define AWARD_TELEMETRY_STORE_METRICS_H_

#include <memory>

#include "eventstore/grpc/event_store_service.h"
#include "eventstore/rocksdb_event_store.h"
#include "telemetry/telemetry.h"

namespace award::telemetry {

// For RocksDbEventStoreOptions::observer, before the store opens:
// award_log_appends_total, award_log_events_total,
// award_log_group_commit_appends (histogram), award_log_fsync_seconds (histogram).
std::shared_ptr<eventstore::CommitObserver> CommitMetrics(Telemetry& telemetry);

// Once it is open: award_log_events (the head), award_log_sst_bytes,
// award_log_memtable_bytes, award_log_free_bytes and award_log_accepting_appends,
// read at each scrape. `store` must outlive scrapes.
void AddStoreGauges(Telemetry& telemetry, eventstore::EmbeddedEventStore& store);

// Per subscriber (client certificate name): award_subscriptions_open, and
// award_subscription_lag_events, the most events any of its subscriptions has
// yet to pass (the head less Subscription::ReadThrough). Both must outlive
// scrapes.
void AddSubscriptionGauges(Telemetry& telemetry, const eventstore::EventStoreService& service,
                           eventstore::EmbeddedEventStore& store);

}  // namespace award::telemetry

#endif  // AWARD_TELEMETRY_STORE_METRICS_H_

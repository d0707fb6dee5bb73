// The event store's own metrics: appends and events made durable, how many
// appends one fsync covered (group commit), fsync latency, the log's head and
// its size on disk and in memory.
#ifndef AWARD_TELEMETRY_STORE_METRICS_H_
#define AWARD_TELEMETRY_STORE_METRICS_H_

#include <memory>

#include "eventstore/rocksdb_event_store.h"
#include "telemetry/telemetry.h"

namespace award::telemetry {

// For RocksDbEventStoreOptions::observer, before the store opens:
// award_log_appends_total, award_log_events_total,
// award_log_group_commit_appends (histogram), award_log_fsync_seconds (histogram).
std::shared_ptr<eventstore::CommitObserver> CommitMetrics(Telemetry& telemetry);

// Once it is open: award_log_events (the head), award_log_sst_bytes,
// award_log_memtable_bytes, read at each scrape. `store` must outlive scrapes.
void AddStoreGauges(Telemetry& telemetry, eventstore::EmbeddedEventStore& store);

}  // namespace award::telemetry

#endif  // AWARD_TELEMETRY_STORE_METRICS_H_

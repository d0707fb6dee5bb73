// Keeps one projection's read model up to date with the log: a catch-up
// subscription to $all (with the projection's filter) from the checkpoint,
// each run of events committed with the checkpoint after it in one write.
// A runner stopped by a crash resumes from its checkpoint: nothing is taken in
// twice or skipped.
#ifndef AWARD_SERVICES_QUERY_PROJECTION_RUNNER_H_
#define AWARD_SERVICES_QUERY_PROJECTION_RUNNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "services/query/projection.h"
#include "services/query/read_model.h"

namespace award::query {

// Applies `events` (in log order) and commits them with the checkpoint after
// the last one, in one write.
absl::Status TakeIn(Projection& projection, ReadModelDb& db,
                    const std::vector<eventstore::RecordedEvent>& events);

// Reads the log from the database's checkpoint with ReadAll (no subscription)
// and takes in every event the filter lets through while `include` holds; stops
// at the first event it refuses, or at the end of the log. The auditors' replay
// and report build their read models this way, up to a point in time.
absl::Status CatchUp(
    eventstore::EventStore& store, Projection& projection, ReadModelDb& db,
    const std::function<bool(const eventstore::RecordedEvent&)>& include = nullptr);

class ProjectionRunner {
 public:
  ProjectionRunner(eventstore::EventStore& store, std::unique_ptr<Projection> projection,
                   std::unique_ptr<ReadModelDb> db);
  ~ProjectionRunner();  // stops it

  void Start();
  void Stop();

  // OK once every event up to `position` that the projection takes in is in
  // its read model (events it filters out count as taken in).
  // DEADLINE_EXCEEDED, saying how far it got, when `deadline` passes first; the
  // projection's own error when it stopped on one.
  absl::Status WaitFor(uint64_t position, absl::Time deadline);

  const Projection& projection() const { return *projection_; }
  const ReadModelDb& db() const { return *db_; }
  uint64_t checkpoint() const;
  absl::Status error() const;

 private:
  void Run();
  // Whether an event up to `position` that the filter takes remains to be
  // taken in after `checkpoint`.
  absl::StatusOr<bool> PendingUpTo(uint64_t checkpoint, uint64_t position);

  eventstore::EventStore& store_;
  std::unique_ptr<Projection> projection_;
  const eventstore::AllFilter filter_;  // the projection's, asked once
  std::unique_ptr<ReadModelDb> db_;
  std::thread thread_;

  mutable absl::Mutex mu_;
  uint64_t checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  eventstore::Subscription* subscription_ ABSL_GUARDED_BY(mu_) = nullptr;
  // Before this position, past the checkpoint, the log holds nothing the
  // filter lets through (learned by PendingUpTo).
  uint64_t clear_until_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_PROJECTION_RUNNER_H_

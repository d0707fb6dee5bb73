#include "services/query/projection_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace award::query {

absl::Status TakeIn(Projection& projection, ReadModelDb& db,
                    const std::vector<eventstore::RecordedEvent>& events) {
  if (events.empty()) return absl::OkStatus();
  ReadModelBatch batch(db);
  for (const eventstore::RecordedEvent& event : events) {
    if (event.position < db.checkpoint()) continue;  // taken in before
    if (absl::Status applied = projection.Apply(event, batch); !applied.ok()) {
      return absl::Status(
          applied.code(),
          absl::StrCat("projection ", projection.name(), " at position ", event.position, " (",
                       event.event.type, " on ", event.stream, "): ", applied.message()));
    }
  }
  return db.Commit(batch, events.back().position + 1);
}

absl::Status CatchUp(eventstore::EventStore& store, Projection& projection, ReadModelDb& db,
                     const std::function<bool(const eventstore::RecordedEvent&)>& include) {
  const eventstore::AllFilter filter = projection.filter();
  for (uint64_t from = db.checkpoint();;) {
    AWARD_ASSIGN_OR_RETURN(eventstore::ReadAllResult page,
                           store.ReadAll({.from_position = from,
                                          .direction = eventstore::Direction::kForward,
                                          .max_count = 1000,
                                          .filter = filter}));
    bool refused = false;
    if (include != nullptr) {
      for (size_t i = 0; i < page.events.size(); ++i) {
        if (!include(page.events[i])) {
          page.events.resize(i);
          refused = true;
          break;
        }
      }
    }
    AWARD_RETURN_IF_ERROR(TakeIn(projection, db, page.events));
    if (refused || page.end_of_log || page.next_position <= from) return absl::OkStatus();
    from = page.next_position;
  }
}

ProjectionRunner::ProjectionRunner(eventstore::EventStore& store,
                                   std::unique_ptr<Projection> projection,
                                   std::unique_ptr<ReadModelDb> db)
    : store_(store),
      projection_(std::move(projection)),
      filter_(projection_->filter()),
      db_(std::move(db)) {
  absl::MutexLock lock(&mu_);
  checkpoint_ = db_->checkpoint();
}

ProjectionRunner::~ProjectionRunner() { Stop(); }

void ProjectionRunner::Start() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void ProjectionRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (subscription_ != nullptr) subscription_->Cancel();
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t ProjectionRunner::checkpoint() const {
  absl::MutexLock lock(&mu_);
  return checkpoint_;
}

absl::Status ProjectionRunner::error() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

void ProjectionRunner::Run() {
  absl::Duration backoff = absl::Milliseconds(50);
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    absl::StatusOr<std::unique_ptr<eventstore::Subscription>> subscription =
        store_.Subscribe({.stream = std::nullopt, .filter = filter_, .from = db_->checkpoint()});
    absl::Status ended = subscription.status();
    if (subscription.ok()) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        subscription_ = subscription->get();
      }
      while (true) {
        absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
            (*subscription)->Next(absl::Now() + absl::Seconds(1));
        if (!events.ok()) {
          ended = events.status();
          break;
        }
        backoff = absl::Milliseconds(50);
        if (absl::Status taken = TakeIn(*projection_, *db_, *events); !taken.ok()) {
          absl::MutexLock lock(&mu_);
          error_ = taken;
          subscription_ = nullptr;
          return;
        }
        absl::MutexLock lock(&mu_);
        checkpoint_ = db_->checkpoint();
      }
      absl::MutexLock lock(&mu_);
      subscription_ = nullptr;
      if (stopping_) return;
    }
    // The store went away (a restart of a remote one, say): subscribe again
    // from the checkpoint once it is back. Anything else is for people to see.
    if (!absl::IsUnavailable(ended) && !absl::IsDeadlineExceeded(ended) &&
        !absl::IsCancelled(ended)) {
      absl::MutexLock lock(&mu_);
      error_ = ended;
      return;
    }
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

absl::StatusOr<bool> ProjectionRunner::PendingUpTo(uint64_t checkpoint, uint64_t position) {
  uint64_t from = checkpoint;
  {
    absl::MutexLock lock(&mu_);
    from = std::max(from, clear_until_);
  }
  if (from > position) return false;
  AWARD_ASSIGN_OR_RETURN(eventstore::ReadAllResult next,
                         store_.ReadAll({.from_position = from,
                                         .direction = eventstore::Direction::kForward,
                                         .max_count = 1,
                                         .filter = filter_}));
  // Positions are final: what this read skipped stays skipped, so the next
  // look starts where it stopped instead of scanning the same events again.
  const uint64_t clear = next.events.empty() ? next.next_position : next.events.front().position;
  {
    absl::MutexLock lock(&mu_);
    clear_until_ = std::max(clear_until_, clear);
  }
  if (!next.events.empty()) return next.events.front().position <= position;
  // Nothing it takes in from there on: done once the log has reached `position`.
  return next.next_position <= position;
}

absl::Status ProjectionRunner::WaitFor(uint64_t position, absl::Time deadline) {
  while (true) {
    uint64_t checkpoint;
    {
      absl::MutexLock lock(&mu_);
      if (!error_.ok()) return error_;
      checkpoint = checkpoint_;
    }
    if (checkpoint > position) return absl::OkStatus();
    AWARD_ASSIGN_OR_RETURN(bool pending, PendingUpTo(checkpoint, position));
    if (!pending) return absl::OkStatus();
    absl::MutexLock lock(&mu_);
    // Woken by progress since the look above; otherwise looks again now and
    // then, as events the filter skips move the log on without moving the
    // checkpoint.
    auto moved = [&] { return checkpoint_ != checkpoint || !error_.ok(); };
    const absl::Time until = std::min(deadline, absl::Now() + absl::Milliseconds(20));
    mu_.AwaitWithDeadline(absl::Condition(&moved), until);
    if (absl::Now() >= deadline && checkpoint_ <= position && error_.ok()) {
      return absl::DeadlineExceededError(absl::StrCat("projection ", projection_->name(),
                                                      " has taken in the log up to position ",
                                                      checkpoint_, " and not yet ", position));
    }
  }
}

}  // namespace award::query

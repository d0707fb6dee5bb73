#include "eventstore/internal/tail_subscription.h"

#include <atomic>
#include <utility>

#include "base/status_macros.h"
#include "eventstore/internal/log_reader.h"

namespace eventstore::internal {
namespace {

class TailSubscription final : public Subscription {
 public:
  TailSubscription(LogDb& db, CommitSignal& signal, RecordHasher& hasher, SubscribeRequest request,
                   uint64_t cursor)
      : db_(db),
        signal_(signal),
        hasher_(hasher),
        request_(std::move(request)),
        cursor_(cursor),
        read_through_(request_.stream.has_value() ? 0 : cursor) {}

  absl::StatusOr<std::vector<RecordedEvent>> Next(absl::Time deadline) override {
    while (true) {
      if (cancelled_.IsSet(signal_)) return absl::CancelledError("subscription cancelled");
      if (signal_.SubscriptionsEnded()) {
        return absl::UnavailableError("the event store is closing; subscribe again");
      }
      // Taken before reading: a commit after the read moves the count past it,
      // so the wait below cannot miss it.
      const uint64_t seen = signal_.Head().event_count;
      bool at_end = false;
      AWARD_ASSIGN_OR_RETURN(std::vector<RecordedEvent> events, ReadFromCursor(seen, at_end));
      if (!events.empty()) return events;
      if (!at_end) continue;  // a filtered read moved on without a match
      if (absl::Now() >= deadline) return events;
      signal_.WaitForMore(seen, cancelled_, deadline);
    }
  }

  void Cancel() override { cancelled_.Set(signal_); }

  uint64_t ReadThrough() const override { return read_through_.load(); }

 private:
  absl::StatusOr<std::vector<RecordedEvent>> ReadFromCursor(uint64_t durable_count, bool& at_end) {
    if (request_.stream.has_value()) {
      absl::StatusOr<ReadStreamResult> read = ReadStream(
          db_, {*request_.stream, cursor_, Direction::kForward, kSubscriptionBatch}, durable_count);
      if (absl::IsNotFound(read.status())) {
        at_end = true;
        read_through_ = durable_count;
        return std::vector<RecordedEvent>{};
      }
      AWARD_RETURN_IF_ERROR(read.status());
      if (!read->events.empty()) cursor_ = read->events.back().version + 1;
      at_end = read->end_of_stream;
      if (at_end) {
        read_through_ = durable_count;
      } else if (!read->events.empty()) {
        read_through_ = read->events.back().position + 1;
      }
      return std::move(read->events);
    }
    AWARD_ASSIGN_OR_RETURN(
        ReadAllResult read,
        ReadAll(db_, {cursor_, Direction::kForward, kSubscriptionBatch, request_.filter},
                durable_count, &hasher_));
    cursor_ = read.next_position;
    at_end = read.end_of_log;
    read_through_ = read.next_position;
    return std::move(read.events);
  }

  LogDb& db_;
  CommitSignal& signal_;
  RecordHasher& hasher_;
  const SubscribeRequest request_;
  uint64_t cursor_;  // the next position or version to read
  std::atomic<uint64_t> read_through_;
  CommitSignal::CancelFlag cancelled_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Subscription>> StartTailSubscription(
    LogDb& db, CommitSignal& signal, RecordHasher& hasher, const SubscribeRequest& request) {
  uint64_t cursor = request.from;
  if (cursor == kEnd) {
    if (request.stream.has_value()) {
      AWARD_ASSIGN_OR_RETURN(std::optional<LogDb::StreamHead> head,
                             FindDurableStreamHead(db, *request.stream, signal.Head().event_count));
      cursor = head.has_value() ? head->version + 1 : 0;
    } else {
      cursor = signal.Head().event_count;
    }
  }
  return std::make_unique<TailSubscription>(db, signal, hasher, request, cursor);
}

}  // namespace eventstore::internal

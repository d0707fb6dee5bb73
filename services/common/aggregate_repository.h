// Runs commands against event-sourced aggregates: load the aggregate's stream,
// fold its events with a pure Evolve, ask a pure Decide function for new
// events, and append them with the version that was read as the expected one.
// A lost race (ABORTED) is retried from a fresh read, a bounded number of times;
// nothing is ever overwritten.
//
// A command may also write to other streams in the same atomic append (a
// Effects' `also`): a claim that must be unique across aggregates, say, with
// the expected version it was read at. Every command carries an actor and a
// request id, and every event it records carries them in its metadata. A request id that the stream
// already holds is answered with the first result and decides nothing again, so a client may retry
// a command whose answer it lost.
//
//   struct Nomination {
//     struct State { ... };
//     static absl::Status Evolve(State& state, const eventstore::RecordedEvent& event);
//   };
//   AggregateRepository<Nomination> nominations(store);
//   absl::StatusOr<CommandResult> result = nominations.Execute(
//       "nomination-42", context,
//       [&](const Nomination::State& state) { return DecideSubmit(state, command); });
#ifndef AWARD_SERVICES_COMMON_AGGREGATE_REPOSITORY_H_
#define AWARD_SERVICES_COMMON_AGGREGATE_REPOSITORY_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "eventstore/event.h"
#include "eventstore/event_store.h"
#include "services/common/command.h"

namespace award {

// What a command did to its stream.
struct CommandResult {
  int64_t last_version = -1;  // the stream's version after the command (-1: no stream)
  // The global position of the command's last event, for read-your-writes:
  // the end of its whole append, other streams' events included.
  uint64_t last_position = 0;
  int events_recorded = 0;  // 0 when the command changed nothing
  bool repeated = false;    // the request id was handled before: this is that result

  friend bool operator==(const CommandResult&, const CommandResult&) = default;
};

// The append that records the effects of a command for `context`: its events on `stream`,
// expected at `version` (-1: no stream yet), then its other streams. Every
// event gets a fresh id and the context's metadata.
eventstore::AppendRequest BuildAppend(const std::string& stream, int64_t version,
                                      const CommandContext& context, Effects effects);

template <Aggregate A>
class AggregateRepository {
 public:
  using State = typename A::State;
  using Observer = std::function<void(const State&)>;

  struct Loaded {
    State state;
    int64_t version = -1;        // -1: the stream has no events
    uint64_t last_position = 0;  // of the last event read
    // The result of every request id found in the stream's metadata.
    absl::flat_hash_map<std::string, CommandResult> handled;
  };

  // With `cached_streams` > 0, Execute keeps the state of that many streams
  // in memory between commands and reads only the events written since: a
  // long stream (a meeting's ballots) is not folded again for every command.
  // Another writer's events are still read and folded before each decision.
  explicit AggregateRepository(eventstore::EventStore& store, int max_attempts = 5,
                               size_t cached_streams = 0)
      : store_(store), max_attempts_(max_attempts), cached_streams_(cached_streams) {}

  // The aggregate as its stream holds it now (the initial State if it has none).
  absl::StatusOr<Loaded> Load(const std::string& stream) {
    Loaded loaded;
    AWARD_RETURN_IF_ERROR(CatchUp(stream, loaded));
    return loaded;
  }

  // Runs `decide` (const State& -> absl::StatusOr<std::vector<NewEvent>> or
  // absl::StatusOr<Effects>) on the current state and records what it
  // returns. Its rejection is returned as it is, with nothing written. ABORTED
  // if the streams kept changing underneath for every attempt. `observe`, if
  // given, sees the state the command left, folded from the events it wrote
  // without reading the stream again (on a repeat: the state now).
  template <typename Decide>
  absl::StatusOr<CommandResult> Execute(const std::string& stream, const CommandContext& context,
                                        Decide&& decide, const Observer& observe = {}) {
    AWARD_RETURN_IF_ERROR(ValidateCommandContext(context));
    for (int attempt = 0; attempt < max_attempts_; ++attempt) {
      Loaded loaded = TakeCached(stream);
      AWARD_RETURN_IF_ERROR(CatchUp(stream, loaded));
      // The state goes back to the cache whatever the command decides.
      auto finish = [&](absl::StatusOr<CommandResult> result) {
        if (result.ok() && observe) observe(loaded.state);
        PutCached(stream, std::move(loaded));
        return result;
      };
      if (auto it = loaded.handled.find(context.request_id); it != loaded.handled.end()) {
        return finish(ToAppendEnd(it->second, context.request_id));
      }
      Effects effects;
      auto decided = decide(std::as_const(loaded.state));
      if (!decided.ok()) return finish(decided.status());
      if constexpr (std::is_same_v<std::decay_t<decltype(*decided)>, Effects>) {
        effects = *std::move(decided);
      } else {
        effects.events = *std::move(decided);
      }
      const int recorded = static_cast<int>(effects.events.size());
      if (recorded == 0 && effects.also.empty()) {
        return finish(CommandResult{loaded.version, loaded.last_position, 0, false});
      }
      eventstore::AppendRequest request =
          BuildAppend(stream, loaded.version, context, std::move(effects));
      absl::StatusOr<eventstore::AppendResult> appended = store_.Append(request);
      if (appended.ok()) {
        if (recorded == 0) {
          return finish(CommandResult{loaded.version, loaded.last_position, 0, false});
        }
        // The aggregate's own events come first in the append: its last one is
        // the position a reader of this aggregate waits for, as on a repeat.
        std::vector<eventstore::EventData>& own = request.streams[0].events;
        for (size_t i = 0; i < own.size(); ++i) {
          eventstore::RecordedEvent event;
          event.event = std::move(own[i]);
          event.stream = stream;
          event.version = appended->streams[0].first_version + i;
          event.position = appended->first_position + i;
          AWARD_RETURN_IF_ERROR(Apply(loaded, event));
        }
        // A reader waits for the whole append, the other streams' events
        // included: they come after the aggregate's own.
        CommandResult& handled = loaded.handled[context.request_id];
        handled.last_position = appended->last_position;
        CommandResult result = handled;
        result.repeated = false;
        return finish(result);
      }
      // A lost race: the state in hand is stale and is not cached again.
      if (!absl::IsAborted(appended.status())) return appended.status();
      BackOff(attempt);
    }
    return absl::AbortedError(absl::StrCat("stream '", stream, "' changed on each of ",
                                           max_attempts_, " attempts; try the command again"));
  }

 private:
  // After a lost race, a random pause that grows with the attempts, so that
  // writers racing for one stream spread out instead of colliding again.
  static void BackOff(int attempt) {
    thread_local absl::BitGen random;
    const int64_t ceiling_us = int64_t{100} << std::min(attempt, 6);
    absl::SleepFor(absl::Microseconds(absl::Uniform<int64_t>(random, 0, ceiling_us)));
  }

  // The result with the position of the last event of its whole append: the
  // append's events are contiguous in the log and all carry its request id.
  absl::StatusOr<CommandResult> ToAppendEnd(CommandResult result, const std::string& request_id) {
    // Most appends write a few streams: read a few events first, more only
    // for a long one, so that a retried command costs little.
    uint32_t page = 4;
    while (true) {
      AWARD_ASSIGN_OR_RETURN(eventstore::ReadAllResult next,
                             store_.ReadAll({.from_position = result.last_position + 1,
                                             .direction = eventstore::Direction::kForward,
                                             .max_count = page,
                                             .filter = {}}));
      for (const eventstore::RecordedEvent& event : next.events) {
        if (event.event.metadata.request_id != request_id) return result;
        result.last_position = event.position;
      }
      if (next.events.size() < page || next.end_of_log) return result;
      page = std::min<uint32_t>(page * 4, 256);
    }
  }

  // Folds one event of the stream into `loaded`.
  static absl::Status Apply(Loaded& loaded, const eventstore::RecordedEvent& event) {
    AWARD_RETURN_IF_ERROR(A::Evolve(loaded.state, event));
    loaded.version = static_cast<int64_t>(event.version);
    loaded.last_position = event.position;
    const std::string& request_id = event.event.metadata.request_id;
    if (!request_id.empty()) {
      CommandResult& result = loaded.handled[request_id];
      result.last_version = loaded.version;
      result.last_position = event.position;
      ++result.events_recorded;
      result.repeated = true;
    }
    return absl::OkStatus();
  }

  // Reads and folds the events of `stream` after those `loaded` holds.
  absl::Status CatchUp(const std::string& stream, Loaded& loaded) {
    uint64_t from = static_cast<uint64_t>(loaded.version + 1);
    while (true) {
      absl::StatusOr<eventstore::ReadStreamResult> page =
          store_.ReadStream({stream, from, eventstore::Direction::kForward, 10'000});
      if (absl::IsNotFound(page.status())) return absl::OkStatus();
      AWARD_RETURN_IF_ERROR(page.status());
      for (const eventstore::RecordedEvent& event : page->events) {
        AWARD_RETURN_IF_ERROR(Apply(loaded, event));
      }
      from = page->next_version;
      if (page->end_of_stream) return absl::OkStatus();
    }
  }

  // The cached state of `stream`, taken out of the cache; the initial state
  // if none is cached. Two commands on one stream at once each fold their own.
  Loaded TakeCached(const std::string& stream) {
    if (cached_streams_ == 0) return Loaded{};
    absl::MutexLock lock(&cache_mutex_);
    auto it = cache_.find(stream);
    if (it == cache_.end()) return Loaded{};
    Loaded loaded = std::move(it->second);
    cache_.erase(it);
    return loaded;
  }

  void PutCached(const std::string& stream, Loaded loaded) {
    if (cached_streams_ == 0) return;
    absl::MutexLock lock(&cache_mutex_);
    if (cache_.size() >= cached_streams_) cache_.clear();
    cache_.insert_or_assign(stream, std::move(loaded));
  }

  eventstore::EventStore& store_;
  const int max_attempts_;
  const size_t cached_streams_;
  absl::Mutex cache_mutex_;
  absl::flat_hash_map<std::string, Loaded> cache_ ABSL_GUARDED_BY(cache_mutex_);
};

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_AGGREGATE_REPOSITORY_H_

// The aggregate repository over a real embedded event store, with a small
// aggregate: a tally that may not pass its limit.
#include "services/common/aggregate_repository.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "eventstore/errors.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/store_fixture.h"

namespace award {
namespace {

struct Tally {
  struct State {
    int total = 0;
  };
  static absl::Status Evolve(State& state, const eventstore::RecordedEvent& event) {
    int added = 0;
    if (event.event.type != "Counted" || !absl::SimpleAtoi(event.event.payload, &added)) {
      return absl::DataLossError(absl::StrCat("not a tally event: ", event.event.type));
    }
    state.total += added;
    return absl::OkStatus();
  }
};

// Decide: add `n` unless that passes `limit`.
auto Add(int n, int limit = 1'000'000) {
  return [n, limit](const Tally::State& state) -> absl::StatusOr<std::vector<NewEvent>> {
    if (state.total + n > limit) {
      return absl::FailedPreconditionError(
          absl::StrCat("total ", state.total, " + ", n, " would pass the limit ", limit));
    }
    return std::vector<NewEvent>{{"Counted", "text/plain", absl::StrCat(n)}};
  };
}

CommandContext Context(const std::string& request_id) {
  return {"clerk:tran.thi.b@ubnd-xa-1", request_id, "campaign-2025", ""};
}

using AggregateRepositoryTest = award::testing::EmbeddedStoreFixture;

TEST_F(AggregateRepositoryTest, RecordsTheDecidedEventsWithTheCommandsActorAndRequest) {
  AggregateRepository<Tally> tallies(*store_);
  absl::StatusOr<CommandResult> first = tallies.Execute("tally-1", Context("req-1"), Add(3));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->last_version, 0);
  EXPECT_EQ(first->events_recorded, 1);
  EXPECT_FALSE(first->repeated);
  absl::StatusOr<CommandResult> second = tallies.Execute("tally-1", Context("req-2"), Add(4));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->last_version, 1);

  absl::StatusOr<AggregateRepository<Tally>::Loaded> loaded = tallies.Load("tally-1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->state.total, 7);
  EXPECT_EQ(loaded->version, 1);
  absl::StatusOr<eventstore::ReadStreamResult> events =
      store_->ReadStream({"tally-1", 0, eventstore::Direction::kForward, 10});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->events[1].event.metadata.actor, "clerk:tran.thi.b@ubnd-xa-1");
  EXPECT_EQ(events->events[1].event.metadata.request_id, "req-2");
  EXPECT_EQ(events->events[1].event.metadata.correlation_id, "campaign-2025");
  EXPECT_EQ(events->events[1].position, second->last_position);
}

TEST_F(AggregateRepositoryTest, TheStateACommandLeavesIsTheOneItsStreamHolds) {
  AggregateRepository<Tally> tallies(*store_);
  int after = -1;
  auto observe = [&](const Tally::State& state) { after = state.total; };
  ASSERT_TRUE(tallies.Execute("tally-1", Context("req-1"), Add(3), observe).ok());
  EXPECT_EQ(after, 3);
  ASSERT_TRUE(tallies.Execute("tally-1", Context("req-2"), Add(4), observe).ok());
  EXPECT_EQ(after, 7);
  ASSERT_TRUE(tallies.Execute("tally-1", Context("req-1"), Add(3), observe).ok());
  EXPECT_EQ(after, 7);  // a repeat decides nothing: the state as it stands
  EXPECT_EQ(tallies.Load("tally-1")->state.total, 7);
}

// A cached state reads only what was written since, by anyone, and stays
// exact: another writer's events are folded in before the next decision, and
// a lost race is decided again from a fresh read.
TEST_F(AggregateRepositoryTest, ACachedStateFollowsOtherWritersExactly) {
  AggregateRepository<Tally> cached(*store_, /*max_attempts=*/5, /*cached_streams=*/4);
  AggregateRepository<Tally> other(*store_);
  int total = -1;
  auto observe = [&](const Tally::State& state) { total = state.total; };
  ASSERT_TRUE(cached.Execute("tally-1", Context("a-1"), Add(1), observe).ok());
  ASSERT_TRUE(other.Execute("tally-1", Context("b-1"), Add(10)).ok());
  ASSERT_TRUE(cached.Execute("tally-1", Context("a-2"), Add(100), observe).ok());
  EXPECT_EQ(total, 111);
  // 111 + 890 passes 1,000 only with the other writer's 10.
  EXPECT_EQ(cached.Execute("tally-1", Context("a-3"), Add(890, 1000), observe).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(other.Execute("tally-1", Context("b-2"), Add(5)).ok());
  ASSERT_TRUE(cached.Execute("tally-1", Context("a-3"), Add(5, 1'000'000), observe).ok());
  EXPECT_EQ(total, 121);
  // A repeat is still known, from the cache.
  absl::StatusOr<CommandResult> repeated = cached.Execute("tally-1", Context("a-1"), Add(1));
  ASSERT_TRUE(repeated.ok());
  EXPECT_TRUE(repeated->repeated);
  EXPECT_EQ(cached.Load("tally-1")->state.total, 121);
  // Streams beyond the cache's size push the others out, without harm.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(cached.Execute(absl::StrCat("t-", i), Context("x"), Add(1)).ok());
  }
  ASSERT_TRUE(cached.Execute("tally-1", Context("a-4"), Add(1), observe).ok());
  EXPECT_EQ(total, 122);
}

TEST_F(AggregateRepositoryTest, ARepeatedRequestIdGetsTheFirstResultAndDecidesNothing) {
  AggregateRepository<Tally> tallies(*store_);
  absl::StatusOr<CommandResult> first = tallies.Execute("tally-1", Context("req-1"), Add(3));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(tallies.Execute("tally-1", Context("req-2"), Add(1)).ok());
  bool decided = false;
  absl::StatusOr<CommandResult> retried =
      tallies.Execute("tally-1", Context("req-1"), [&](const Tally::State& state) {
        decided = true;
        return Add(3)(state);
      });
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_FALSE(decided);
  EXPECT_TRUE(retried->repeated);
  EXPECT_EQ(retried->last_version, first->last_version);
  EXPECT_EQ(retried->last_position, first->last_position);
  EXPECT_EQ(tallies.Load("tally-1")->state.total, 4);
}

TEST_F(AggregateRepositoryTest, ARejectedCommandWritesNothing) {
  AggregateRepository<Tally> tallies(*store_);
  ASSERT_TRUE(tallies.Execute("tally-1", Context("req-1"), Add(8, 10)).ok());
  absl::StatusOr<CommandResult> rejected = tallies.Execute("tally-1", Context("req-2"), Add(3, 10));
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kFailedPrecondition) << rejected.status();
  EXPECT_EQ(tallies.Load("tally-1")->version, 0);
}

TEST_F(AggregateRepositoryTest, ACommandThatDecidesNothingLeavesTheStreamAlone) {
  AggregateRepository<Tally> tallies(*store_);
  absl::StatusOr<CommandResult> result =
      tallies.Execute("tally-1", Context("req-1"), [](const Tally::State&) {
        return absl::StatusOr<std::vector<NewEvent>>(std::vector<NewEvent>{});
      });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->last_version, -1);
  EXPECT_EQ(result->events_recorded, 0);
  EXPECT_EQ(store_->Digest()->event_count, 0u);
}

TEST_F(AggregateRepositoryTest, ACommandWithoutActorOrRequestIdIsInvalid) {
  AggregateRepository<Tally> tallies(*store_);
  CommandContext no_actor = Context("req-1");
  no_actor.actor.clear();
  EXPECT_EQ(eventstore::ErrorField(tallies.Execute("tally-1", no_actor, Add(1)).status()), "actor");
  EXPECT_EQ(eventstore::ErrorField(tallies.Execute("tally-1", Context(""), Add(1)).status()),
            "request_id");
}

TEST_F(AggregateRepositoryTest, RacingCommandsAreRetriedFromAFreshReadAndNoneIsLost) {
  AggregateRepository<Tally> tallies(*store_, /*max_attempts=*/100);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::StatusOr<CommandResult> result =
            tallies.Execute("tally-1", Context(absl::StrCat("req-", t, "-", i)), Add(1));
        if (result.ok()) ok.fetch_add(1);
        EXPECT_TRUE(result.ok()) << result.status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  absl::StatusOr<AggregateRepository<Tally>::Loaded> loaded = tallies.Load("tally-1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->state.total, kThreads * kPerThread);
  EXPECT_EQ(loaded->version, kThreads * kPerThread - 1);
}

TEST_F(AggregateRepositoryTest, AStreamThatKeepsChangingEndsInAbortedAfterTheLastAttempt) {
  AggregateRepository<Tally> tallies(*store_, /*max_attempts=*/3);
  int attempts = 0;
  absl::StatusOr<CommandResult> result =
      tallies.Execute("tally-1", Context("req-1"), [&](const Tally::State& state) {
        ++attempts;
        // Another writer gets in between every read and its append.
        EXPECT_TRUE(
            tallies.Execute("tally-1", Context(absl::StrCat("other-", attempts)), Add(1)).ok());
        return Add(1)(state);
      });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(tallies.Load("tally-1")->state.total, 3);
}

}  // namespace
}  // namespace award

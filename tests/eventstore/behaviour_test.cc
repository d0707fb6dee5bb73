// The behaviour every EventStore must show, run twice: against the embedded
// RocksDB store, and through a real eventstore_server process on 127.0.0.1
// with the remote client.
#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/errors.h"
#include "eventstore/event_store.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvent;
using award::testing::NewEvents;
using award::testing::ReadWholeLog;
using award::testing::ServerProcess;
using award::testing::TempDir;

enum class Mode { kEmbedded, kRemote };

class EventStoreBehaviour : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    if (GetParam() == Mode::kEmbedded) {
      absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened =
          OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
      ASSERT_TRUE(opened.ok()) << opened.status();
      store_ = std::move(*opened);
    } else {
      server_ = std::make_unique<ServerProcess>(dir_.Sub("data"));
      ASSERT_FALSE(server_->address.empty()) << "eventstore_server did not start";
      store_ = ConnectRemoteEventStore(server_->address);
    }
  }

  EventStore& store() { return *store_; }

  AppendResult MustAppend(const AppendRequest& request) {
    absl::StatusOr<AppendResult> result = store().Append(request);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : AppendResult{};
  }

  uint64_t EventCount() {
    absl::StatusOr<LogDigest> digest = store().Digest();
    EXPECT_TRUE(digest.ok()) << digest.status();
    return digest.ok() ? digest->event_count : 0;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<EventStore> store_;
};

// ---- Expected versions -------------------------------------------------------

TEST_P(EventStoreBehaviour, FirstAppendStartsAtVersionZeroAndPositionZero) {
  AppendResult result =
      MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(3)));
  ASSERT_EQ(result.streams.size(), 1u);
  EXPECT_EQ(result.streams[0].stream, "nomination-1");
  EXPECT_EQ(result.streams[0].first_version, 0u);
  EXPECT_EQ(result.streams[0].last_version, 2u);
  EXPECT_EQ(result.first_position, 0u);
  EXPECT_EQ(result.last_position, 2u);
}

TEST_P(EventStoreBehaviour, ExpectedNoStreamIsRejectedWhenTheStreamExists) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(2)));
  absl::StatusOr<AppendResult> again =
      store().Append(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(1)));
  ASSERT_EQ(again.status().code(), absl::StatusCode::kAborted) << again.status();
  EXPECT_EQ(ErrorStream(again.status()), "nomination-1");
  EXPECT_EQ(ErrorCurrentVersion(again.status()), 1);
}

TEST_P(EventStoreBehaviour, ExpectedStreamExistsIsRejectedForANewStream) {
  absl::StatusOr<AppendResult> result =
      store().Append(AppendTo("nomination-1", ExpectedVersion::StreamExists(), NewEvents(1)));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(ErrorCurrentVersion(result.status()), -1);
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(1)));
  AppendResult ok =
      MustAppend(AppendTo("nomination-1", ExpectedVersion::StreamExists(), NewEvents(1)));
  EXPECT_EQ(ok.streams[0].first_version, 1u);
}

TEST_P(EventStoreBehaviour, ExactExpectedVersionAppendsAfterThatVersion) {
  MustAppend(AppendTo("meeting-7", ExpectedVersion::NoStream(), NewEvents(2)));
  AppendResult result = MustAppend(AppendTo("meeting-7", ExpectedVersion::Exact(1), NewEvents(2)));
  EXPECT_EQ(result.streams[0].first_version, 2u);
  EXPECT_EQ(result.streams[0].last_version, 3u);
}

TEST_P(EventStoreBehaviour, AppendWithStaleExpectedVersionIsRejectedWithTheCurrentVersion) {
  MustAppend(AppendTo("meeting-7", ExpectedVersion::NoStream(), NewEvents(3)));
  absl::StatusOr<AppendResult> stale =
      store().Append(AppendTo("meeting-7", ExpectedVersion::Exact(0), NewEvents(1)));
  ASSERT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(ErrorCurrentVersion(stale.status()), 2);
  EXPECT_NE(stale.status().message().find("current version 2"), absl::string_view::npos);
  EXPECT_EQ(EventCount(), 3u);
}

TEST_P(EventStoreBehaviour, ExactExpectedVersionOnAMissingStreamIsRejected) {
  absl::StatusOr<AppendResult> result =
      store().Append(AppendTo("meeting-7", ExpectedVersion::Exact(0), NewEvents(1)));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorCurrentVersion(result.status()), -1);
}

TEST_P(EventStoreBehaviour, ExpectedAnyAppendsWhateverTheVersion) {
  MustAppend(AppendTo("decision-1", ExpectedVersion::Any(), NewEvents(1)));
  AppendResult result = MustAppend(AppendTo("decision-1", ExpectedVersion::Any(), NewEvents(1)));
  EXPECT_EQ(result.streams[0].first_version, 1u);
}

// ---- Idempotency ---------------------------------------------------------------

TEST_P(EventStoreBehaviour, RepeatedAppendReturnsTheFirstResultAndWritesNothing) {
  MustAppend(AppendTo("other", ExpectedVersion::Any(), NewEvents(2)));
  const AppendRequest request = AppendTo("nomination-9", ExpectedVersion::NoStream(), NewEvents(3));
  AppendResult first = MustAppend(request);
  AppendResult second = MustAppend(request);
  EXPECT_EQ(first, second);
  EXPECT_EQ(EventCount(), 5u);
}

TEST_P(EventStoreBehaviour, RepeatedAppendIsRecognisedAfterTheStreamMovedOn) {
  const AppendRequest request = AppendTo("nomination-9", ExpectedVersion::Exact(0), NewEvents(2));
  MustAppend(AppendTo("nomination-9", ExpectedVersion::NoStream(), NewEvents(1)));
  AppendResult first = MustAppend(request);
  MustAppend(AppendTo("nomination-9", ExpectedVersion::Any(), NewEvents(1)));
  AppendResult retried = MustAppend(request);
  EXPECT_EQ(first, retried);
  EXPECT_EQ(EventCount(), 4u);
}

TEST_P(EventStoreBehaviour, RepeatedMultiStreamAppendReturnsTheFirstResult) {
  AppendRequest request = AppendTo("decision-3", ExpectedVersion::NoStream(), NewEvents(1));
  request.streams.push_back({"register-ubnd-2025", ExpectedVersion::NoStream(), NewEvents(1)});
  request.streams.push_back({"awardee-5", ExpectedVersion::Any(), NewEvents(2)});
  AppendResult first = MustAppend(request);
  EXPECT_EQ(MustAppend(request), first);
  EXPECT_EQ(EventCount(), 4u);
}

TEST_P(EventStoreBehaviour, AnIdRecordedInAnotherStreamIsAlreadyExists) {
  std::vector<EventData> events = NewEvents(1);
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), events));
  absl::StatusOr<AppendResult> reused =
      store().Append(AppendTo("nomination-2", ExpectedVersion::Any(), events));
  ASSERT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists) << reused.status();
  EXPECT_EQ(ErrorField(reused.status()), "streams[0].events[0].event_id");
  EXPECT_EQ(EventCount(), 1u);
}

TEST_P(EventStoreBehaviour, AnAppendThatRepeatsOnlySomeRecordedIdsIsRejectedWhole) {
  std::vector<EventData> events = NewEvents(2);
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), {events[0]}));
  absl::StatusOr<AppendResult> overlap =
      store().Append(AppendTo("nomination-1", ExpectedVersion::Any(), events));
  ASSERT_EQ(overlap.status().code(), absl::StatusCode::kAlreadyExists) << overlap.status();
  EXPECT_EQ(EventCount(), 1u);
}

TEST_P(EventStoreBehaviour, RecordedIdsInADifferentOrderAreAlreadyExists) {
  std::vector<EventData> events = NewEvents(2);
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), events));
  std::swap(events[0], events[1]);
  absl::StatusOr<AppendResult> swapped =
      store().Append(AppendTo("nomination-1", ExpectedVersion::Any(), events));
  EXPECT_EQ(swapped.status().code(), absl::StatusCode::kAlreadyExists) << swapped.status();
}

// ---- Atomic multi-stream appends ---------------------------------------------------

TEST_P(EventStoreBehaviour, MultiStreamAppendWritesConsecutivePositionsInRequestOrder) {
  MustAppend(AppendTo("register-ubnd-2025", ExpectedVersion::NoStream(), NewEvents(4)));
  AppendRequest request = AppendTo("decision-1", ExpectedVersion::NoStream(), NewEvents(1));
  request.streams.push_back({"register-ubnd-2025", ExpectedVersion::Exact(3), NewEvents(1)});
  request.streams.push_back({"awardee-42", ExpectedVersion::Any(), NewEvents(2)});
  AppendResult result = MustAppend(request);
  EXPECT_EQ(result.first_position, 4u);
  EXPECT_EQ(result.last_position, 7u);
  ASSERT_EQ(result.streams.size(), 3u);
  EXPECT_EQ(result.streams[1].first_version, 4u);
  EXPECT_EQ(result.streams[2].last_version, 1u);
  std::vector<RecordedEvent> log = ReadWholeLog(store());
  ASSERT_EQ(log.size(), 8u);
  EXPECT_EQ(log[4].stream, "decision-1");
  EXPECT_EQ(log[5].stream, "register-ubnd-2025");
  EXPECT_EQ(log[6].stream, "awardee-42");
  EXPECT_EQ(log[7].stream, "awardee-42");
}

TEST_P(EventStoreBehaviour, OneFailingExpectationWritesNothingToAnyStream) {
  MustAppend(AppendTo("register-ubnd-2025", ExpectedVersion::NoStream(), NewEvents(1)));
  const LogDigest before = *store().Digest();
  AppendRequest request = AppendTo("decision-1", ExpectedVersion::NoStream(), NewEvents(1));
  request.streams.push_back({"awardee-42", ExpectedVersion::Any(), NewEvents(1)});
  request.streams.push_back({"register-ubnd-2025", ExpectedVersion::Exact(5), NewEvents(1)});
  absl::StatusOr<AppendResult> result = store().Append(request);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(ErrorStream(result.status()), "register-ubnd-2025");
  EXPECT_EQ(*store().Digest(), before);
  EXPECT_EQ(store().GetStreamInfo("decision-1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store().GetStreamInfo("awardee-42").status().code(), absl::StatusCode::kNotFound);
}

// ---- Conditions: streams an append reads but does not write --------------------

TEST_P(EventStoreBehaviour, AnAppendWhoseConditionsHoldIsWrittenAndLeavesThemUntouched) {
  MustAppend(AppendTo("decision-prior", ExpectedVersion::NoStream(), NewEvents(2)));
  AppendRequest request = AppendTo("decision-next", ExpectedVersion::NoStream(), NewEvents(1));
  request.conditions = {{"decision-prior", ExpectedVersion::Exact(1)},
                        {"nomination-9", ExpectedVersion::NoStream()},
                        {"decision-prior-2", ExpectedVersion::NoStream()}};
  AppendResult result = MustAppend(request);
  ASSERT_EQ(result.streams.size(), 1u);  // conditions write nothing and are not answered
  EXPECT_EQ(result.first_position, 2u);
  EXPECT_EQ(result.last_position, 2u);
  EXPECT_EQ(store().GetStreamInfo("decision-prior")->last_version, 1u);
  EXPECT_EQ(store().GetStreamInfo("nomination-9").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(EventCount(), 3u);
}

TEST_P(EventStoreBehaviour, AFailedConditionIsAbortedNamingItsStreamAndWritesNothing) {
  MustAppend(AppendTo("decision-prior", ExpectedVersion::NoStream(), NewEvents(1)));
  const LogDigest read_at = *store().Digest();
  // Another writer revokes the prior decision after it was read at version 0.
  MustAppend(AppendTo("decision-prior", ExpectedVersion::Exact(0), NewEvents(1)));
  const LogDigest before = *store().Digest();
  ASSERT_NE(before, read_at);
  for (const ExpectedVersion& stale :
       {ExpectedVersion::Exact(0), ExpectedVersion::NoStream(), ExpectedVersion::Exact(7)}) {
    AppendRequest request = AppendTo("decision-next", ExpectedVersion::NoStream(), NewEvents(1));
    request.streams.push_back({"awardee-42", ExpectedVersion::Any(), NewEvents(1)});
    request.conditions = {{"nomination-9", ExpectedVersion::NoStream()}, {"decision-prior", stale}};
    absl::StatusOr<AppendResult> result = store().Append(request);
    ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
    EXPECT_EQ(ErrorStream(result.status()), "decision-prior");
    EXPECT_EQ(ErrorCurrentVersion(result.status()), 1);
    EXPECT_EQ(*store().Digest(), before);
    EXPECT_EQ(store().GetStreamInfo("awardee-42").status().code(), absl::StatusCode::kNotFound);
  }
  // A stream that must still exist, and does not.
  AppendRequest missing = AppendTo("decision-next", ExpectedVersion::NoStream(), NewEvents(1));
  missing.conditions = {{"authority-gone", ExpectedVersion::StreamExists()}};
  absl::StatusOr<AppendResult> result = store().Append(missing);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(ErrorStream(result.status()), "authority-gone");
  EXPECT_EQ(ErrorCurrentVersion(result.status()), -1);
}

// Two commands, each judged on the stream the other writes, race many times:
// never both are written (the write-skew a condition exists to stop).
TEST_P(EventStoreBehaviour, TwoAppendsConditionedOnEachOthersStreamNeverBothSucceed) {
  constexpr int kRounds = 100;
  for (int round = 0; round < kRounds; ++round) {
    const std::string revoke = absl::StrCat("decision-prior-", round);
    const std::string issue = absl::StrCat("decision-next-", round);
    MustAppend(AppendTo(revoke, ExpectedVersion::NoStream(), NewEvents(1)));
    std::atomic<int> written{0};
    auto write = [&](const std::string& own, const std::string& other, int64_t other_version) {
      AppendRequest request = AppendTo(own, ExpectedVersion::Any(), NewEvents(1));
      request.conditions = {{other, other_version < 0
                                        ? ExpectedVersion::NoStream()
                                        : ExpectedVersion::Exact(uint64_t(other_version))}};
      absl::StatusOr<AppendResult> result = store().Append(request);
      if (result.ok()) {
        ++written;
      } else {
        EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
      }
    };
    std::thread a(write, revoke, issue, -1);  // revoke only while nothing was issued on it
    std::thread b(write, issue, revoke, 0);   // issue only while the prior is unrevoked
    a.join();
    b.join();
    EXPECT_EQ(written.load(), 1) << "round " << round;
  }
}

TEST_P(EventStoreBehaviour, BadConditionsAreInvalidArgumentNamingTheField) {
  const LogDigest before = *store().Digest();
  const std::vector<std::pair<std::vector<StreamCondition>, std::string>> cases = {
      {{{"", ExpectedVersion::NoStream()}}, "conditions[0].stream"},
      {{{"nomination-1", ExpectedVersion::NoStream()}, {"bad\xc3", ExpectedVersion::NoStream()}},
       "conditions[1].stream"},
      {{{"nomination-1", ExpectedVersion::Any()}}, "conditions[0].expected_kind"},
      {{{"decision-1", ExpectedVersion::Exact(0)}}, "conditions[0].stream"},  // also written
      {{{"nomination-1", ExpectedVersion::NoStream()}, {"nomination-1", ExpectedVersion::Exact(3)}},
       "conditions[1].stream"},
  };
  for (const auto& [conditions, field] : cases) {
    AppendRequest request = AppendTo("decision-1", ExpectedVersion::Any(), NewEvents(1));
    request.conditions = conditions;
    absl::StatusOr<AppendResult> result = store().Append(request);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
    EXPECT_EQ(ErrorField(result.status()), field) << result.status();
  }
  AppendRequest only_conditions;
  only_conditions.conditions = {{"nomination-1", ExpectedVersion::NoStream()}};
  EXPECT_EQ(ErrorField(store().Append(only_conditions).status()), "streams");
  EXPECT_EQ(*store().Digest(), before);
}

// ---- Reads ---------------------------------------------------------------------------

TEST_P(EventStoreBehaviour, ReadStreamForwardPagesThroughTheStream) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(5)));
  MustAppend(AppendTo("other", ExpectedVersion::NoStream(), NewEvents(2)));
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Exact(4), NewEvents(2)));

  absl::StatusOr<ReadStreamResult> page =
      store().ReadStream({"nomination-1", 0, Direction::kForward, 4});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), 4u);
  EXPECT_EQ(page->next_version, 4u);
  EXPECT_FALSE(page->end_of_stream);
  page = store().ReadStream({"nomination-1", page->next_version, Direction::kForward, 4});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_TRUE(page->end_of_stream);
  EXPECT_EQ(page->events[0].version, 4u);
  EXPECT_EQ(page->events[2].version, 6u);
  EXPECT_EQ(page->events[2].position, 8u);
  EXPECT_EQ(page->next_version, 7u);
}

TEST_P(EventStoreBehaviour, ReadStreamBackwardFromTheEnd) {
  std::vector<EventData> events = NewEvents(5);
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), events));
  absl::StatusOr<ReadStreamResult> page =
      store().ReadStream({"nomination-1", kEnd, Direction::kBackward, 3});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_EQ(page->events[0].version, 4u);
  EXPECT_EQ(page->events[0].event, events[4]);
  EXPECT_EQ(page->events[2].version, 2u);
  EXPECT_FALSE(page->end_of_stream);
  page = store().ReadStream({"nomination-1", page->next_version, Direction::kBackward, 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(page->events[1].version, 0u);
  EXPECT_TRUE(page->end_of_stream);
}

TEST_P(EventStoreBehaviour, ReadsCrossTheAppendsAStreamWasWrittenBy) {
  std::vector<EventData> written;
  uint64_t last = 0;
  for (int size : {2, 3, 1, 4}) {
    std::vector<EventData> events = NewEvents(size);
    written.insert(written.end(), events.begin(), events.end());
    MustAppend(AppendTo("awardee-7",
                        last == 0 ? ExpectedVersion::Any() : ExpectedVersion::Exact(last - 1),
                        events));
    last += size;
    MustAppend(AppendTo("other", ExpectedVersion::Any(), NewEvents(1)));
  }
  absl::StatusOr<ReadStreamResult> middle =
      store().ReadStream({"awardee-7", 3, Direction::kForward, 5});
  ASSERT_TRUE(middle.ok()) << middle.status();
  ASSERT_EQ(middle->events.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(middle->events[i].version, 3 + i);
    EXPECT_EQ(middle->events[i].event, written[3 + i]);
  }
  std::vector<uint64_t> backward;
  uint64_t from = kEnd;
  for (bool end = false; !end;) {
    absl::StatusOr<ReadStreamResult> page =
        store().ReadStream({"awardee-7", from, Direction::kBackward, 4});
    ASSERT_TRUE(page.ok()) << page.status();
    for (const RecordedEvent& event : page->events) {
      EXPECT_EQ(event.event, written[event.version]);
      backward.push_back(event.version);
    }
    from = page->next_version;
    end = page->end_of_stream;
  }
  EXPECT_EQ(backward, (std::vector<uint64_t>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST_P(EventStoreBehaviour, ReadingPastTheEndOfAStreamReturnsNothing) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(2)));
  absl::StatusOr<ReadStreamResult> page =
      store().ReadStream({"nomination-1", 2, Direction::kForward, 5});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->events.empty());
  EXPECT_TRUE(page->end_of_stream);
  EXPECT_EQ(page->next_version, 2u);
}

TEST_P(EventStoreBehaviour, ReadingAMissingStreamIsNotFound) {
  MustAppend(AppendTo("nomination-10", ExpectedVersion::NoStream(), NewEvents(1)));
  // "nomination-1" is a prefix of "nomination-10": the index must not mix them.
  EXPECT_EQ(store().ReadStream({"nomination-1", 0, Direction::kForward, 5}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store().GetStreamInfo("nomination-1").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(EventStoreBehaviour, ReadAllForwardAndBackwardCoversEveryStreamInPositionOrder) {
  MustAppend(AppendTo("a", ExpectedVersion::Any(), NewEvents(3)));
  MustAppend(AppendTo("b", ExpectedVersion::Any(), NewEvents(3)));
  absl::StatusOr<ReadAllResult> forward = store().ReadAll({2, Direction::kForward, 3, {}});
  ASSERT_TRUE(forward.ok()) << forward.status();
  ASSERT_EQ(forward->events.size(), 3u);
  EXPECT_EQ(forward->events[0].position, 2u);
  EXPECT_EQ(forward->events[0].stream, "a");
  EXPECT_EQ(forward->events[1].stream, "b");
  EXPECT_EQ(forward->next_position, 5u);
  EXPECT_FALSE(forward->end_of_log);

  absl::StatusOr<ReadAllResult> backward = store().ReadAll({kEnd, Direction::kBackward, 4, {}});
  ASSERT_TRUE(backward.ok());
  ASSERT_EQ(backward->events.size(), 4u);
  EXPECT_EQ(backward->events[0].position, 5u);
  EXPECT_EQ(backward->events[3].position, 2u);
  EXPECT_EQ(backward->next_position, 1u);
  backward = store().ReadAll({1, Direction::kBackward, 10, {}});
  ASSERT_TRUE(backward.ok());
  ASSERT_EQ(backward->events.size(), 2u);
  EXPECT_TRUE(backward->end_of_log);

  absl::StatusOr<ReadAllResult> past = store().ReadAll({6, Direction::kForward, 10, {}});
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->events.empty());
  EXPECT_TRUE(past->end_of_log);
  EXPECT_EQ(past->next_position, 6u);
}

TEST_P(EventStoreBehaviour, ReadAllFiltersByStreamPrefixAndEventType) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(),
                      {NewEvent("NominationDrafted"), NewEvent("NominationSubmitted")}));
  MustAppend(AppendTo("meeting-1", ExpectedVersion::Any(), {NewEvent("MeetingScheduled")}));
  MustAppend(AppendTo("nomination-2", ExpectedVersion::Any(), {NewEvent("NominationDrafted")}));

  AllFilter by_prefix{{"nomination-"}, {}};
  absl::StatusOr<ReadAllResult> read = store().ReadAll({0, Direction::kForward, 100, by_prefix});
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->events.size(), 3u);
  EXPECT_EQ(read->events[2].stream, "nomination-2");

  AllFilter by_type{{}, {"NominationDrafted", "MeetingScheduled"}};
  read = store().ReadAll({0, Direction::kForward, 100, by_type});
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->events.size(), 3u);
  EXPECT_EQ(read->events[1].event.type, "MeetingScheduled");

  AllFilter both{{"nomination-"}, {"NominationDrafted"}};
  read = store().ReadAll({0, Direction::kForward, 1, both});
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->events.size(), 1u);
  EXPECT_EQ(read->events[0].position, 0u);
  read = store().ReadAll({read->next_position, Direction::kForward, 1, both});
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->events.size(), 1u);
  EXPECT_EQ(read->events[0].position, 3u);
  EXPECT_EQ(read->next_position, 4u);  // moved past the events the filter skipped
}

TEST_P(EventStoreBehaviour, RecordedEventsCarryTheirMetadataTimeAndChainLinks) {
  const absl::Time before = absl::Now() - absl::Seconds(1);
  EventData event = NewEvent("NominationSubmitted", std::string("\x00\x01\xff payload", 11));
  event.metadata.causation_id = "command-17";
  event.metadata.extra = {{"authority", "ubnd-tinh-lang-son"},
                          {"ghi_chú", "Chiến sĩ thi đua cơ sở"}};
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(1)));
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Exact(0), {event}));
  std::vector<RecordedEvent> log = ReadWholeLog(store());
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].event, event);
  EXPECT_EQ(log[1].stream, "nomination-1");
  EXPECT_EQ(log[1].version, 1u);
  EXPECT_EQ(log[1].position, 1u);
  EXPECT_GE(log[1].recorded_time, before);
  EXPECT_LE(log[1].recorded_time, absl::Now() + absl::Seconds(1));
  EXPECT_GE(log[1].recorded_time, log[0].recorded_time);
  EXPECT_EQ(log[0].prev_hash, Hash{});
  EXPECT_EQ(log[1].prev_hash, log[0].hash);
  EXPECT_NE(log[1].hash, log[0].hash);
}

TEST_P(EventStoreBehaviour, StreamInfoGivesLastVersionLastPositionAndCreationTime) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::NoStream(), NewEvents(2)));
  MustAppend(AppendTo("other", ExpectedVersion::NoStream(), NewEvents(1)));
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Exact(1), NewEvents(1)));
  absl::StatusOr<StreamInfo> info = store().GetStreamInfo("nomination-1");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->last_version, 2u);
  EXPECT_EQ(info->last_position, 3u);
  std::vector<RecordedEvent> log = ReadWholeLog(store());
  EXPECT_EQ(info->created_time, log[0].recorded_time);
}

// ---- Audit -----------------------------------------------------------------------------

TEST_P(EventStoreBehaviour, DigestIsTheHashOfTheLastEvent) {
  absl::StatusOr<LogDigest> empty = store().Digest();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->event_count, 0u);
  EXPECT_EQ(empty->head_hash, Hash{});
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(3)));
  std::vector<RecordedEvent> log = ReadWholeLog(store());
  absl::StatusOr<LogDigest> digest = store().Digest();
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->event_count, 3u);
  EXPECT_EQ(digest->head_hash, log.back().hash);
}

TEST_P(EventStoreBehaviour, VerifyAcceptsAnUntouchedLogAndADigestTakenEarlier) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(10)));
  const LogDigest earlier = *store().Digest();
  MustAppend(AppendTo("nomination-2", ExpectedVersion::Any(), NewEvents(10)));

  absl::StatusOr<VerifyReport> report = store().Verify({});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->verified_count, 20u);
  EXPECT_EQ(report->head, *store().Digest());

  report = store().Verify({.expected = earlier});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;

  report = store().Verify({.from_position = 5, .to_position = 12});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->verified_count, 8u);
}

TEST_P(EventStoreBehaviour, VerifyRejectsADigestThatIsNotAPrefixOfTheLog) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(5)));
  LogDigest forged = *store().Digest();
  forged.event_count = 3;
  absl::StatusOr<VerifyReport> report = store().Verify({.expected = forged});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 2u);

  LogDigest longer = *store().Digest();
  longer.event_count = 9;
  report = store().Verify({.expected = longer});
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 5u);
  EXPECT_NE(report->problem.find("missing"), std::string::npos) << report->problem;
}

// ---- Bad input -------------------------------------------------------------------------

struct BadAppend {
  std::string name;
  std::function<void(AppendRequest&)> spoil;
  std::string field;
};

TEST_P(EventStoreBehaviour, BadAppendsAreInvalidArgumentNamingTheFieldAndWriteNothing) {
  MustAppend(AppendTo("nomination-1", ExpectedVersion::Any(), NewEvents(1)));
  const LogDigest before = *store().Digest();
  const std::vector<BadAppend> cases = {
      {"no streams", [](AppendRequest& r) { r.streams.clear(); }, "streams"},
      {"empty stream name", [](AppendRequest& r) { r.streams[0].stream = ""; },
       "streams[0].stream"},
      {"stream name not UTF-8", [](AppendRequest& r) { r.streams[1].stream = "nomination-\xc3"; },
       "streams[1].stream"},
      {"stream name with NUL",
       [](AppendRequest& r) { r.streams[0].stream = std::string("a\0b", 3); }, "streams[0].stream"},
      {"reserved stream name", [](AppendRequest& r) { r.streams[0].stream = "$all"; },
       "streams[0].stream"},
      {"same stream twice", [](AppendRequest& r) { r.streams[1].stream = r.streams[0].stream; },
       "streams[1].stream"},
      {"no events", [](AppendRequest& r) { r.streams[1].events.clear(); }, "streams[1].events"},
      {"empty type", [](AppendRequest& r) { r.streams[1].events[1].type = ""; },
       "streams[1].events[1].type"},
      {"type not UTF-8", [](AppendRequest& r) { r.streams[0].events[0].type = "Bad\xff"; },
       "streams[0].events[0].type"},
      {"actor not UTF-8",
       [](AppendRequest& r) { r.streams[0].events[0].metadata.actor = "\xed\xa0\x80"; },
       "streams[0].events[0].metadata.actor"},
      {"nil event id", [](AppendRequest& r) { r.streams[1].events[0].id = EventId(); },
       "streams[1].events[0].event_id"},
      {"id twice in one append",
       [](AppendRequest& r) { r.streams[1].events[1].id = r.streams[0].events[0].id; },
       "streams[1].events[1].event_id"},
      {"event above 1 MiB",
       [](AppendRequest& r) { r.streams[0].events[0].payload.assign((1 << 20) + 1, 'x'); },
       "streams[0].events[0]"},
      {"append above 8 MiB",
       [](AppendRequest& r) {
         for (int i = 0; i < 9; ++i)
           r.streams[1].events.push_back(NewEvent("Big", std::string(1000 * 1000, 'x')));
       },
       "streams"},
      {"more events than an append may hold",
       [](AppendRequest& r) {
         for (int i = 0; i < 10'000; ++i) r.streams[1].events.push_back(NewEvent("Small"));
       },
       "streams[1].events"},
  };
  for (const BadAppend& bad : cases) {
    AppendRequest request = AppendTo("nomination-2", ExpectedVersion::Any(), NewEvents(1));
    request.streams.push_back({"awardee-3", ExpectedVersion::Any(), NewEvents(2)});
    bad.spoil(request);
    absl::StatusOr<AppendResult> result = store().Append(request);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << bad.name << ": " << result.status();
    EXPECT_EQ(ErrorField(result.status()), bad.field) << bad.name << ": " << result.status();
  }
  EXPECT_EQ(*store().Digest(), before);
}

TEST_P(EventStoreBehaviour, BadReadsAreInvalidArgumentNamingTheField) {
  absl::StatusOr<ReadStreamResult> read_stream =
      store().ReadStream({"nomination-1", 0, Direction::kForward, 0});
  EXPECT_EQ(read_stream.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(read_stream.status()), "max_count");
  read_stream = store().ReadStream({"", 0, Direction::kForward, 1});
  EXPECT_EQ(ErrorField(read_stream.status()), "stream");
  read_stream = store().ReadStream({"x\xc0\xaf", 0, Direction::kForward, 1});
  EXPECT_EQ(read_stream.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(read_stream.status()), "stream");
  absl::StatusOr<ReadAllResult> read_all = store().ReadAll({0, Direction::kForward, 0, {}});
  EXPECT_EQ(read_all.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(read_all.status()), "max_count");
  EXPECT_EQ(ErrorField(store().GetStreamInfo("").status()), "stream");
}

// ---- Subscriptions ---------------------------------------------------------------------

// Collects until `count` events arrived or 30 s passed.
std::vector<RecordedEvent> Collect(Subscription& subscription, size_t count) {
  std::vector<RecordedEvent> events;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (events.size() < count && absl::Now() < deadline) {
    absl::StatusOr<std::vector<RecordedEvent>> batch = subscription.Next(deadline);
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) break;
    for (RecordedEvent& event : *batch) events.push_back(std::move(event));
  }
  return events;
}

TEST_P(EventStoreBehaviour, SubscriptionsCatchUpThenGoLiveWithoutGapOrDuplicate) {
  constexpr int kBefore = 300;
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 150;
  for (int i = 0; i < kBefore / 10; ++i) {
    MustAppend(AppendTo(absl::StrCat("nomination-", i % 7), ExpectedVersion::Any(), NewEvents(10)));
  }
  absl::StatusOr<std::unique_ptr<Subscription>> from_start = store().Subscribe({});
  ASSERT_TRUE(from_start.ok()) << from_start.status();
  absl::StatusOr<std::unique_ptr<Subscription>> one_stream =
      store().Subscribe({.stream = "nomination-3", .from = 2});
  ASSERT_TRUE(one_stream.ok()) << one_stream.status();

  std::vector<std::thread> writers;
  std::atomic<int> stream3_added{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        const std::string stream = absl::StrCat("nomination-", (w + i) % 7);
        if (stream == "nomination-3") stream3_added.fetch_add(1);
        ASSERT_TRUE(store().Append(AppendTo(stream, ExpectedVersion::Any(), NewEvents(1))).ok());
      }
    });
  }
  // Subscribed "from the end" while the writers run: it sees a contiguous tail.
  absl::StatusOr<std::unique_ptr<Subscription>> from_end = store().Subscribe({.from = kEnd});
  ASSERT_TRUE(from_end.ok()) << from_end.status();
  for (std::thread& writer : writers) writer.join();
  const uint64_t total = EventCount();
  ASSERT_EQ(total, static_cast<uint64_t>(kBefore + kWriters * kPerWriter));

  std::vector<RecordedEvent> all = Collect(**from_start, total);
  ASSERT_EQ(all.size(), total);
  for (uint64_t i = 0; i < total; ++i) ASSERT_EQ(all[i].position, i);

  absl::StatusOr<StreamInfo> info3 = store().GetStreamInfo("nomination-3");
  ASSERT_TRUE(info3.ok());
  std::vector<RecordedEvent> stream3 = Collect(**one_stream, info3->last_version - 1);
  ASSERT_EQ(stream3.size(), info3->last_version - 1);
  for (size_t i = 0; i < stream3.size(); ++i) ASSERT_EQ(stream3[i].version, i + 2);

  // The tail: whatever it starts with, it runs without a gap to the last event.
  absl::StatusOr<std::vector<RecordedEvent>> first =
      (*from_end)->Next(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->empty());
  const uint64_t tail_start = first->front().position;
  std::vector<RecordedEvent> tail = std::move(*first);
  std::vector<RecordedEvent> rest = Collect(**from_end, total - tail_start - tail.size());
  tail.insert(tail.end(), rest.begin(), rest.end());
  ASSERT_EQ(tail.size(), total - tail_start);
  for (size_t i = 0; i < tail.size(); ++i) ASSERT_EQ(tail[i].position, tail_start + i);
}

TEST_P(EventStoreBehaviour, FilteredSubscriptionSeesOnlyMatchingEventsInOrder) {
  absl::StatusOr<std::unique_ptr<Subscription>> decisions =
      store().Subscribe({.filter = {{"decision-"}, {"DecisionIssued"}}});
  ASSERT_TRUE(decisions.ok()) << decisions.status();
  for (int i = 0; i < 20; ++i) {
    MustAppend(AppendTo(absl::StrCat("decision-", i), ExpectedVersion::NoStream(),
                        {NewEvent("DecisionDrafted"), NewEvent("DecisionIssued")}));
    MustAppend(AppendTo(absl::StrCat("nomination-", i), ExpectedVersion::NoStream(),
                        {NewEvent("DecisionIssued")}));
  }
  std::vector<RecordedEvent> seen = Collect(**decisions, 20);
  ASSERT_EQ(seen.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(seen[i].stream, absl::StrCat("decision-", i));
    EXPECT_EQ(seen[i].event.type, "DecisionIssued");
  }
  absl::StatusOr<std::vector<RecordedEvent>> none =
      (*decisions)->Next(absl::Now() + absl::Milliseconds(100));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(EventStoreBehaviour, SubscriptionWaitsUntilItsDeadlineAndEndsWhenCancelled) {
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store().Subscribe({.from = kEnd});
  ASSERT_TRUE(subscription.ok());
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<RecordedEvent>> nothing =
      (*subscription)->Next(start + absl::Milliseconds(200));
  ASSERT_TRUE(nothing.ok()) << nothing.status();
  EXPECT_TRUE(nothing->empty());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(190));

  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(100));
    (*subscription)->Cancel();
  });
  absl::StatusOr<std::vector<RecordedEvent>> cancelled =
      (*subscription)->Next(absl::Now() + absl::Seconds(30));
  canceller.join();
  EXPECT_EQ(cancelled.status().code(), absl::StatusCode::kCancelled) << cancelled.status();
}

TEST_P(EventStoreBehaviour, ABadSubscriptionIsInvalidArgument) {
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store().Subscribe({.stream = ""});
  absl::Status status = subscription.status();
  if (subscription.ok()) status = (*subscription)->Next(absl::Now() + absl::Seconds(10)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorField(status), "stream");
}

INSTANTIATE_TEST_SUITE_P(Stores, EventStoreBehaviour,
                         ::testing::Values(Mode::kEmbedded, Mode::kRemote),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return info.param == Mode::kEmbedded ? "Embedded" : "Remote";
                         });

}  // namespace
}  // namespace eventstore

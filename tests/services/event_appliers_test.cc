// The one way readers fold events: by type and version, an older version read
// through its upcaster; recorded in and read back from a real store.
#include "services/common/event_appliers.h"

#include <memory>
#include <string>
#include <vector>

#include "award_test/periods.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "services/common/command.h"
#include "services/common/proto_events.h"
#include "tests/support/events.h"
#include "tests/support/store_fixture.h"

namespace award {
namespace {

using eventstore::RecordedEvent;

struct Period {
  bool opened = false;
  std::string name;
  int first_year = 0;
  int last_year = 0;
  int changes = 0;
};

const EventAppliers<Period>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Period>("period"))
           ->CreatedBy<award_test::Opened>([](const Period& p) { return p.opened; })
           .On<award_test::Opened>(
               [](Period& period, const award_test::Opened& opened, const RecordedEvent&) {
                 period.opened = true;
                 period.name = opened.name();
                 return absl::OkStatus();
               })
           .On<award_test::PeriodSet>(
               [](Period& period, const award_test::PeriodSet& set, const RecordedEvent&) {
                 period.first_year = set.first_year();
                 period.last_year = set.last_year();
                 ++period.changes;
                 return absl::OkStatus();
               })
           .Upcast<award_test::PeriodSetV1, award_test::PeriodSet>(
               [](const award_test::PeriodSetV1& old) {
                 award_test::PeriodSet set;
                 set.set_first_year(old.year());
                 set.set_last_year(old.year());
                 return set;
               });
  return *appliers;
}

eventstore::EventData Stamped(const google::protobuf::Message& message) {
  eventstore::EventData data = UnstampedEvent(ToNewEvent(message));
  data.id = eventstore::EventId::New();
  data.metadata.actor = "clerk:test";
  data.metadata.request_id = data.id.ToString();
  return data;
}

class EventAppliersTest : public testing::EmbeddedStoreFixture {
 protected:
  // `messages` recorded on one stream, then read back as the store holds them.
  std::vector<RecordedEvent> RecordAndRead(
      const std::vector<const google::protobuf::Message*>& messages) {
    std::vector<eventstore::EventData> events;
    for (const google::protobuf::Message* message : messages) events.push_back(Stamped(*message));
    EXPECT_TRUE(store_
                    ->Append(testing::AppendTo("period-1", eventstore::ExpectedVersion::Any(),
                                               std::move(events)))
                    .ok());
    absl::StatusOr<eventstore::ReadStreamResult> read =
        store_->ReadStream({"period-1", 0, eventstore::Direction::kForward, 100});
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? read->events : std::vector<RecordedEvent>{};
  }
};

TEST_F(EventAppliersTest, ARecordedOlderVersionIsReadThroughItsUpcaster) {
  award_test::Opened opened;
  opened.set_name("khen thưởng 2020");
  award_test::PeriodSetV1 old;
  old.set_year(2019);
  award_test::PeriodSet current;
  current.set_first_year(2021);
  current.set_last_year(2025);
  const std::vector<RecordedEvent> events = RecordAndRead({&opened, &old, &current});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].event.content_type, "award_test.PeriodSetV1");

  Period period;
  ASSERT_TRUE(Appliers().Apply(period, events[0]).ok());
  ASSERT_TRUE(Appliers().Apply(period, events[1]).ok());
  EXPECT_EQ(period.first_year, 2019);  // the old single year, as the current range
  EXPECT_EQ(period.last_year, 2019);
  ASSERT_TRUE(Appliers().Apply(period, events[2]).ok());
  EXPECT_EQ(period.first_year, 2021);
  EXPECT_EQ(period.last_year, 2025);
  EXPECT_EQ(period.changes, 2);
  EXPECT_EQ(period.name, "khen thưởng 2020");
}

TEST_F(EventAppliersTest, WhatTheTableDoesNotKnowIsDataLossOrPassedOverByAProjection) {
  award_test::Opened opened;
  const std::vector<RecordedEvent> events = RecordAndRead({&opened});
  ASSERT_EQ(events.size(), 1u);
  RecordedEvent unknown = events[0];
  unknown.event.type = "Stranger";
  unknown.event.content_type = "award_test.Stranger";
  Period period;
  const absl::Status refused = Appliers().Apply(period, unknown);
  EXPECT_EQ(refused.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(refused.message().find("award_test.Stranger"), absl::string_view::npos) << refused;
  EXPECT_TRUE(Appliers().ApplyKnown(period, unknown).ok());
  EXPECT_FALSE(period.opened);
}

TEST_F(EventAppliersTest, ATypeThatDisagreesWithItsContentOrAnEventBeforeTheFirstIsDataLoss) {
  award_test::Opened opened;
  award_test::PeriodSet set;
  const std::vector<RecordedEvent> events = RecordAndRead({&set, &opened});
  ASSERT_EQ(events.size(), 2u);
  Period period;
  EXPECT_EQ(Appliers().Apply(period, events[0]).code(), absl::StatusCode::kDataLoss);
  RecordedEvent mistyped = events[1];
  mistyped.event.type = "PeriodSet";
  EXPECT_EQ(Appliers().Apply(period, mistyped).code(), absl::StatusCode::kDataLoss);
  RecordedEvent unparsable = events[1];
  unparsable.event.payload = "\xff\xff\xff";
  EXPECT_EQ(Appliers().Apply(period, unparsable).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(Appliers().Apply(period, events[1]).ok());
  EXPECT_TRUE(period.opened);
}

}  // namespace
}  // namespace award

// The projections on their own, against a real event store: the statistics
// table for a generated history of four years equals a count table worked out
// by hand; a meeting's audit shows attendance, ballot participation and
// signatures and never a choice; a query_server killed during its catch-up
// resumes and ends with exactly the read models of a clean build; and the
// auditors' award_audit program, run as a separate process, finds a tampered
// record in a copy of a data directory.
#include "services/query/projections.h"

#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "award/v1/authorities.pb.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/council.pb.h"
#include "award/v1/nominations.pb.h"
#include "award/v1/query_service.grpc.pb.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/internal/log_db.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "services/common/proto_events.h"
#include "services/query/audit_trails.h"
#include "services/query/projection_runner.h"
#include "services/query/projections.h"
#include "services/query/statistics.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace award::query {
namespace {

using award::testing::ChildProcess;
using award::testing::TempDir;

// Appends the messages as one write to `stream`, by `actor`.
void Record(eventstore::EventStore& store, const std::string& stream,
            const std::vector<const google::protobuf::Message*>& messages,
            const std::string& actor = "test") {
  eventstore::StreamAppend append{stream, eventstore::ExpectedVersion::Any(), {}};
  for (const google::protobuf::Message* message : messages) {
    eventstore::EventData event = UnstampedEvent(ToNewEvent(*message));
    event.id = eventstore::EventId::New();
    event.metadata.actor = actor;
    event.metadata.request_id = event.id.ToString();
    append.events.push_back(std::move(event));
  }
  absl::StatusOr<eventstore::AppendResult> result = store.Append({.streams = {append}});
  ASSERT_TRUE(result.ok()) << result.status();
}

// One award of `kind` to a new subject, drafted and granted by `authority`'s
// decision of `year`; returns the awardee's stream.
struct Granted {
  std::string nomination_id;
  std::string awardee_stream;
  v1::AwardGranted grant;
};
Granted Grant(eventstore::EventStore& store, const std::string& authority, int year,
              v1::AwardKind kind, v1::SubjectType subject, bool direct_worker, int serial) {
  Granted granted;
  granted.nomination_id = absl::StrCat("n-", authority, "-", year, "-", kind, "-", serial);
  v1::NominationDrafted draft;
  draft.set_nomination_id(granted.nomination_id);
  draft.set_authority_id(authority);
  draft.set_kind(kind);
  draft.mutable_nominee()->set_subject_type(subject);
  draft.mutable_nominee()->set_awardee_id(absl::StrCat("a-", granted.nomination_id));
  draft.mutable_nominee()->set_direct_worker(direct_worker);
  Record(store, "nomination-" + granted.nomination_id, {&draft});
  v1::AwardGranted& grant = granted.grant;
  grant.set_decision_id(absl::StrCat("qd-", authority, "-", year));
  grant.set_decision_number(absl::StrCat("1/QĐ-UBND"));
  grant.mutable_decision_date()->set_year(year);
  grant.mutable_decision_date()->set_month(12);
  grant.mutable_decision_date()->set_day(20);
  grant.set_kind(kind);
  grant.set_first_year(year);
  grant.set_last_year(year);
  grant.set_nomination_id(granted.nomination_id);
  grant.set_authority_id(authority);
  grant.set_subject_type(subject);
  granted.awardee_stream = "awardee-a-" + granted.nomination_id;
  Record(store, granted.awardee_stream, {&grant});
  return granted;
}

void Revoke(eventstore::EventStore& store, const Granted& granted) {
  v1::AwardRevoked revoked;
  revoked.set_decision_id(granted.grant.decision_id());
  revoked.set_kind(granted.grant.kind());
  revoked.set_nomination_id(granted.nomination_id);
  revoked.set_ground("FALSE_DOCS");
  Record(store, granted.awardee_stream, {&revoked});
}

// Builds `projection` from the whole log into a new database in `dir`.
std::unique_ptr<ReadModelDb> Built(eventstore::EventStore& store, Projection& projection,
                                   const std::string& dir) {
  absl::StatusOr<std::unique_ptr<ReadModelDb>> db = OpenReadModel(projection, dir);
  EXPECT_TRUE(db.ok()) << db.status();
  absl::Status caught_up = CatchUp(store, projection, **db);
  EXPECT_TRUE(caught_up.ok()) << caught_up;
  return *std::move(db);
}

class ProjectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = eventstore::OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }
  TempDir dir_;
  std::unique_ptr<eventstore::EmbeddedEventStore> store_;
};

TEST_F(ProjectionsTest, TheStatisticsTableReproducesAKnownCountTable) {
  const std::string a = "ubnd-xa-a";
  // Per year k = 0..3 (2022..2025), worked out by hand below.
  std::vector<Granted> revoke;
  for (int k = 0; k < 4; ++k) {
    const int year = 2022 + k;
    int serial = 0;
    for (int i = 0; i < 10 + 2 * k; ++i) {
      Granted g = Grant(*store_, a, year, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN,
                        v1::SUBJECT_TYPE_INDIVIDUAL, /*direct_worker=*/i < 4 + k, ++serial);
      if (year == 2024 && i == 0) revoke.push_back(g);  // a direct worker's
    }
    for (int i = 0; i < 5 + k; ++i) {
      Grant(*store_, a, year, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, i < 2,
            ++serial);
    }
    for (int i = 0; i < 2 + k % 2; ++i) {
      Grant(*store_, a, year, v1::AWARD_KIND_CSTD_CO_SO, v1::SUBJECT_TYPE_INDIVIDUAL, i < 1,
            ++serial);
    }
    for (int i = 0; i < 3 + k; ++i) {
      Grant(*store_, a, year, v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, v1::SUBJECT_TYPE_COLLECTIVE,
            false, ++serial);
    }
    for (int i = 0; i < 1 + k; ++i) {
      Granted g = Grant(*store_, a, year, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_COLLECTIVE,
                        false, ++serial);
      if (year == 2024 && i == 0) revoke.push_back(g);
    }
    for (int i = 0; i < 6; ++i) {
      Grant(*store_, a, year, v1::AWARD_KIND_GIA_DINH_VAN_HOA, v1::SUBJECT_TYPE_HOUSEHOLD, false,
            ++serial);
    }
  }
  for (const Granted& g : revoke) Revoke(*store_, g);
  // Noise the table must leave out: another authority, and years outside the range.
  Grant(*store_, "ubnd-xa-b", 2023, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::SUBJECT_TYPE_INDIVIDUAL,
        true, 1);
  Grant(*store_, a, 2021, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::SUBJECT_TYPE_INDIVIDUAL, true,
        1000);
  Grant(*store_, a, 2026, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_COLLECTIVE, false, 1000);

  Statistics statistics;
  std::unique_ptr<ReadModelDb> db = Built(*store_, statistics, dir_.Sub("statistics"));
  absl::StatusOr<v1::StatisticsTable> table = ReadStatisticsTable(*db->Snapshot(), a, 2022, 2025);
  ASSERT_TRUE(table.ok()) << table.status();

  struct Row {
    v1::AwardKind kind;
    v1::SubjectType subject;
    std::vector<int64_t> counts;
  };
  const std::vector<Row> expected = {
      {v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::SUBJECT_TYPE_INDIVIDUAL, {10, 12, 13, 16}},
      {v1::AWARD_KIND_CSTD_CO_SO, v1::SUBJECT_TYPE_INDIVIDUAL, {2, 3, 2, 3}},
      {v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, v1::SUBJECT_TYPE_COLLECTIVE, {3, 4, 5, 6}},
      {v1::AWARD_KIND_GIA_DINH_VAN_HOA, v1::SUBJECT_TYPE_HOUSEHOLD, {6, 6, 6, 6}},
      {v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, {5, 6, 7, 8}},
      {v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_COLLECTIVE, {1, 2, 2, 4}},
  };
  EXPECT_EQ(std::vector<int>(table->years().begin(), table->years().end()),
            (std::vector<int>{2022, 2023, 2024, 2025}));
  ASSERT_EQ(table->rows_size(), static_cast<int>(expected.size())) << table->DebugString();
  for (size_t r = 0; r < expected.size(); ++r) {
    const v1::StatisticsRow& row = table->rows(static_cast<int>(r));
    EXPECT_EQ(row.kind(), expected[r].kind) << r;
    EXPECT_EQ(row.subject_type(), expected[r].subject) << r;
    EXPECT_EQ(std::vector<int64_t>(row.counts().begin(), row.counts().end()), expected[r].counts)
        << row.label();
  }
  auto list = [](const auto& field) { return std::vector<int64_t>(field.begin(), field.end()); };
  EXPECT_EQ(list(table->totals()), (std::vector<int64_t>{27, 33, 35, 43}));
  EXPECT_EQ(list(table->individual_counts()), (std::vector<int64_t>{17, 21, 22, 27}));
  EXPECT_EQ(list(table->direct_worker_counts()), (std::vector<int64_t>{7, 8, 8, 10}));
  EXPECT_EQ(list(table->revoked_counts()), (std::vector<int64_t>{0, 0, 2, 0}));
  EXPECT_EQ(std::vector<std::string>(table->direct_worker_shares().begin(),
                                     table->direct_worker_shares().end()),
            (std::vector<std::string>{"7/17 (41,18 %)", "8/21 (38,10 %)", "8/22 (36,36 %)",
                                      "10/27 (37,04 %)"}));

  const std::string csv = StatisticsTableCsv(*table);
  EXPECT_TRUE(absl::StartsWith(csv, "Hình thức / danh hiệu - đối tượng,2022,2023,2024,2025\n"))
      << csv;
  EXPECT_TRUE(absl::StrContains(csv, "\nLao động tiên tiến - cá nhân,10,12,13,16\n")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "\nGiấy khen - tập thể,1,2,2,4\n")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "\nTỷ lệ trực tiếp lao động, sản xuất") == false);
  EXPECT_TRUE(absl::StrContains(csv, "\n\"Tỷ lệ trực tiếp lao động, sản xuất\",")) << csv;
  const std::string text = RenderStatisticsTable(*table);
  EXPECT_TRUE(absl::StrContains(text, "Tổng cộng")) << text;
}

void Register(eventstore::EventStore& store, const std::string& id, const std::string& name,
              const std::string& parent, int established_year) {
  v1::AuthorityRegistered registered;
  registered.set_authority_id(id);
  registered.set_name(name);
  registered.set_parent_id(parent);
  registered.mutable_established_on()->set_year(established_year);
  registered.mutable_established_on()->set_month(1);
  registered.mutable_established_on()->set_day(1);
  Record(store, "authority-" + id, {&registered});
}

std::vector<int64_t> CountsOf(const v1::StatisticsTable& table, v1::AwardKind kind,
                              v1::SubjectType subject) {
  for (const v1::StatisticsRow& row : table.rows()) {
    if (row.kind() == kind && row.subject_type() == subject) {
      return std::vector<int64_t>(row.counts().begin(), row.counts().end());
    }
  }
  return {};
}

// A district's 2016-2020 table in one call: the district itself, its agency,
// its communes (one merged into another in 2019, one established in 2021, so
// outside the range) and a police unit under it, whose collective titles are
// counted under the armed forces' names. Worked out by hand below.
TEST_F(ProjectionsTest, OneCallCountsAnAuthorityAndEveryUnitUnderItAsTheTreeStood) {
  const std::string district = "ubnd-huyen-cao-loc";
  Register(*store_, "ubnd-tinh", "Ủy ban nhân dân tỉnh Lạng Sơn", "", 2000);
  Register(*store_, district, "Ủy ban nhân dân huyện Cao Lộc", "ubnd-tinh", 2000);
  Register(*store_, "phong-gd-cao-loc", "Phòng Giáo dục huyện Cao Lộc", district, 2000);
  Register(*store_, "ubnd-xa-a", "Ủy ban nhân dân xã A", district, 2000);
  Register(*store_, "ubnd-xa-b", "Ủy ban nhân dân xã B", district, 2000);
  Register(*store_, "truong-th-xa-a", "Trường Tiểu học xã A", "ubnd-xa-a", 2000);
  Register(*store_, "cong-an-cao-loc", "Công an huyện Cao Lộc", district, 2000);
  Register(*store_, "ubnd-xa-moi", "Ủy ban nhân dân xã Mới", district, 2021);
  Register(*store_, "ubnd-huyen-khac", "Ủy ban nhân dân huyện khác", "ubnd-tinh", 2000);
  v1::AuthorityMerged merged;
  merged.set_into_authority_id("ubnd-xa-a");
  merged.mutable_effective_on()->set_year(2019);
  merged.mutable_effective_on()->set_month(7);
  merged.mutable_effective_on()->set_day(1);
  Record(*store_, "authority-ubnd-xa-b", {&merged});

  int serial = 0;
  const auto grant = [&](const std::string& by, int year, v1::AwardKind kind,
                         v1::SubjectType subject, int count) {
    for (int i = 0; i < count; ++i) Grant(*store_, by, year, kind, subject, false, ++serial);
  };
  const v1::SubjectType person = v1::SUBJECT_TYPE_INDIVIDUAL;
  const v1::SubjectType unit = v1::SUBJECT_TYPE_COLLECTIVE;
  grant(district, 2016, v1::AWARD_KIND_GIAY_KHEN, person, 4);
  grant(district, 2020, v1::AWARD_KIND_GIAY_KHEN, unit, 2);
  grant("phong-gd-cao-loc", 2017, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 10);
  grant("ubnd-xa-a", 2018, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 3);
  grant("truong-th-xa-a", 2019, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 5);
  grant("ubnd-xa-b", 2018, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 2);  // before its merger
  grant("cong-an-cao-loc", 2020, v1::AWARD_KIND_CHIEN_SI_TIEN_TIEN, person, 7);
  grant("cong-an-cao-loc", 2020, v1::AWARD_KIND_DON_VI_TIEN_TIEN, unit, 2);
  grant("cong-an-cao-loc", 2020, v1::AWARD_KIND_DON_VI_QUYET_THANG, unit, 1);
  grant("ubnd-xa-moi", 2021, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 9);       // after the range
  grant("ubnd-huyen-khac", 2018, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person, 50);  // not under it

  Statistics statistics;
  std::unique_ptr<ReadModelDb> db = Built(*store_, statistics, dir_.Sub("statistics"));
  v1::GetStatisticsRequest request;
  request.set_authority_id(district);
  request.set_from_year(2016);
  request.set_to_year(2020);
  request.set_include_subordinates(true);
  absl::StatusOr<v1::GetStatisticsResponse> response = ReadStatistics(*db->Snapshot(), request);
  ASSERT_TRUE(response.ok()) << response.status();

  const v1::StatisticsTable& total = response->table();
  EXPECT_EQ(total.authority_id(), district);
  EXPECT_EQ(total.authority_name(), "Ủy ban nhân dân huyện Cao Lộc");
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person),
            (std::vector<int64_t>{0, 10, 5, 5, 0}));
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_CHIEN_SI_TIEN_TIEN, person),
            (std::vector<int64_t>{0, 0, 0, 0, 7}));
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_DON_VI_TIEN_TIEN, unit),
            (std::vector<int64_t>{0, 0, 0, 0, 2}));
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_DON_VI_QUYET_THANG, unit),
            (std::vector<int64_t>{0, 0, 0, 0, 1}));
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_GIAY_KHEN, person),
            (std::vector<int64_t>{4, 0, 0, 0, 0}));
  EXPECT_EQ(CountsOf(total, v1::AWARD_KIND_GIAY_KHEN, unit), (std::vector<int64_t>{0, 0, 0, 0, 2}));
  EXPECT_EQ(std::vector<int64_t>(total.totals().begin(), total.totals().end()),
            (std::vector<int64_t>{4, 10, 5, 5, 12}));
  EXPECT_EQ(
      std::vector<int64_t>(total.individual_counts().begin(), total.individual_counts().end()),
      (std::vector<int64_t>{4, 10, 5, 5, 7}));

  // The units, depth first in the order of their ids: the district, then
  // under it the police, the agency, commune A with its school, commune B
  // (merged in 2019, so it stood in the range); not commune Mới (from 2021)
  // nor the other district.
  std::vector<std::string> ids;
  for (const v1::StatisticsTable& table : response->units()) ids.push_back(table.authority_id());
  EXPECT_EQ(ids, (std::vector<std::string>{district, "cong-an-cao-loc", "phong-gd-cao-loc",
                                           "ubnd-xa-a", "truong-th-xa-a", "ubnd-xa-b"}));
  EXPECT_EQ(response->units(3).authority_name(), "Ủy ban nhân dân xã A");
  EXPECT_EQ(CountsOf(response->units(3), v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person),
            (std::vector<int64_t>{0, 0, 3, 0, 0}));
  EXPECT_EQ(CountsOf(response->units(4), v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, person),
            (std::vector<int64_t>{0, 0, 0, 5, 0}));
  // The units' tables add up to the total, year by year.
  std::vector<int64_t> sum(5);
  for (const v1::StatisticsTable& table : response->units()) {
    for (int i = 0; i < 5; ++i) sum[static_cast<size_t>(i)] += table.totals(i);
  }
  EXPECT_EQ(sum, std::vector<int64_t>(total.totals().begin(), total.totals().end()));

  // Without subordinates: the district's own decisions only.
  request.set_include_subordinates(false);
  absl::StatusOr<v1::GetStatisticsResponse> own = ReadStatistics(*db->Snapshot(), request);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(std::vector<int64_t>(own->table().totals().begin(), own->table().totals().end()),
            (std::vector<int64_t>{4, 0, 0, 0, 2}));
  EXPECT_TRUE(own->units().empty());
}

// Awards recorded from paper decisions are counted with the others, and the
// table says how many of them came from paper.
TEST_F(ProjectionsTest, TheStatisticsSayWhichAwardsCameFromPaper) {
  Grant(*store_, "ubnd-xa-a", 2018, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, false,
        1);
  for (int serial = 2; serial <= 4; ++serial) {
    v1::AwardGranted paper;
    paper.set_decision_id("giay-2018");
    paper.mutable_decision_date()->set_year(2018);
    paper.mutable_decision_date()->set_month(12);
    paper.mutable_decision_date()->set_day(20);
    paper.set_kind(v1::AWARD_KIND_GIAY_KHEN);
    paper.set_authority_id("ubnd-xa-a");
    paper.set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    paper.set_from_paper(true);
    Record(*store_, absl::StrCat("awardee-giay-", serial), {&paper});
  }
  Statistics statistics;
  std::unique_ptr<ReadModelDb> db = Built(*store_, statistics, dir_.Sub("statistics"));
  absl::StatusOr<v1::StatisticsTable> table =
      ReadStatisticsTable(*db->Snapshot(), "ubnd-xa-a", 2018, 2019);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(std::vector<int64_t>(table->totals().begin(), table->totals().end()),
            (std::vector<int64_t>{4, 0}));
  EXPECT_EQ(
      std::vector<int64_t>(table->from_paper_counts().begin(), table->from_paper_counts().end()),
      (std::vector<int64_t>{3, 0}));
  EXPECT_NE(RenderStatisticsTable(*table).find("Trong đó ghi nhận từ quyết định giấy"),
            std::string::npos);
}

// A read model built by an older version of its projection is dropped and
// built again at start; one built by the same version is kept.
TEST_F(ProjectionsTest, AReadModelOfAnOlderProjectionVersionIsBuiltAgain) {
  Grant(*store_, "ubnd-xa-a", 2024, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, false,
        1);
  Statistics statistics;
  const std::string dir = dir_.Sub("statistics");
  {
    std::unique_ptr<ReadModelDb> db = Built(*store_, statistics, dir);
    EXPECT_GT(db->checkpoint(), 0u);
    // As a read model from before versions were kept: no mark, so version 1.
    ReadModelBatch unmark(*db);
    unmark.Put("#version", "1");
    ASSERT_TRUE(db->Commit(unmark, db->checkpoint()).ok());
  }
  {
    absl::StatusOr<std::unique_ptr<ReadModelDb>> reopened = OpenReadModel(statistics, dir);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    EXPECT_EQ((*reopened)->checkpoint(), 0u);  // dropped: to be caught up from position 0
    ASSERT_TRUE(CatchUp(*store_, statistics, **reopened).ok());
  }
  absl::StatusOr<std::unique_ptr<ReadModelDb>> kept = OpenReadModel(statistics, dir);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_GT((*kept)->checkpoint(), 0u);
}

TEST_F(ProjectionsTest, AMeetingsAuditShowsWhoAttendedVotedAndSignedButNoChoice) {
  v1::MeetingScheduled scheduled;
  scheduled.set_meeting_id("m-1");
  scheduled.set_authority_id("ubnd-xa-a");
  scheduled.mutable_meeting_date()->set_year(2025);
  v1::MeetingConvened convened;
  for (const char* member : {"chu-tich", "pho-chu-tich", "thu-ky", "uy-vien"}) {
    convened.add_present_member_ids(member);
    convened.add_voting_member_ids(member);
  }
  convened.add_voting_member_ids("vang-mat");
  convened.set_presiding_member_id("chu-tich");
  convened.set_secretary_id("thu-ky");
  v1::VotingOpened opened;
  opened.add_nomination_ids("n-1");
  Record(*store_, "meeting-m-1", {&scheduled, &convened, &opened}, "thu-ky");
  for (const char* member : {"uy-vien", "chu-tich", "vang-mat"}) {
    v1::BallotCast cast;
    cast.set_nomination_id("n-1");
    cast.set_member_id(member);
    cast.set_written_opinion(std::string(member) == "vang-mat");
    cast.set_sealed_choice(absl::StrCat("SEALED-CHOICE-OF-", member));
    Record(*store_, "meeting-m-1", {&cast}, member);
  }
  v1::VotingClosed closed;
  closed.add_tallies()->set_nomination_id("n-1");
  v1::MinutesSigned presiding;
  presiding.set_signer_id("chu-tich");
  presiding.set_signatory(v1::MINUTES_SIGNATORY_PRESIDING);
  Record(*store_, "meeting-m-1", {&closed, &presiding}, "chu-tich");
  v1::MinutesSigned secretary;
  secretary.set_signer_id("thu-ky");
  secretary.set_signatory(v1::MINUTES_SIGNATORY_SECRETARY);
  Record(*store_, "meeting-m-1", {&secretary}, "thu-ky");

  AuditTrails audit;
  std::unique_ptr<ReadModelDb> db = Built(*store_, audit, dir_.Sub("audit"));
  absl::StatusOr<std::optional<v1::MeetingAudit>> meeting =
      ReadMeetingAudit(*db->Snapshot(), "m-1");
  ASSERT_TRUE(meeting.ok() && meeting->has_value());
  const v1::MeetingAudit& m = **meeting;
  EXPECT_EQ(m.state(), "CONCLUDED");
  EXPECT_EQ(m.present_member_ids_size(), 4);
  EXPECT_EQ(m.presiding_member_id(), "chu-tich");
  ASSERT_EQ(m.ballots_size(), 1);
  EXPECT_EQ(
      std::vector<std::string>(m.ballots(0).member_ids().begin(), m.ballots(0).member_ids().end()),
      (std::vector<std::string>{"uy-vien", "chu-tich", "vang-mat"}));
  EXPECT_EQ(m.ballots(0).written_opinion_member_ids(0), "vang-mat");
  ASSERT_EQ(m.signatures_size(), 2);
  EXPECT_EQ(m.signatures(1).signatory(), v1::MINUTES_SIGNATORY_SECRETARY);
  // Nothing of a sealed choice anywhere in the audit read model.
  bool leaked = false;
  ASSERT_TRUE(db->Snapshot()
                  ->Scan("", "",
                         [&](absl::string_view, absl::string_view value) {
                           leaked = leaked || absl::StrContains(value, "SEALED-CHOICE");
                           return true;
                         })
                  .ok());
  EXPECT_FALSE(leaked);
  // Each member's act is in the trail under the member's name.
  v1::GetAuditTrailRequest by_actor;
  by_actor.set_actor("uy-vien");
  absl::StatusOr<AuditPage> page = ReadAuditTrail(*db->Snapshot(), by_actor);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].event_type(), "BallotCast");
}

TEST_F(ProjectionsTest, AnEventTheLogDoesNotSupportStopsItsProjectionAndSaysWhere) {
  Grant(*store_, "ubnd-xa-a", 2025, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, false,
        1);
  v1::AwardRevoked revoked;  // of an award no decision granted
  revoked.set_decision_id("qd-none");
  revoked.set_kind(v1::AWARD_KIND_GIAY_KHEN);
  revoked.set_nomination_id("n-none");
  Record(*store_, "awardee-a-none", {&revoked});
  Grant(*store_, "ubnd-xa-a", 2025, v1::AWARD_KIND_GIAY_KHEN, v1::SUBJECT_TYPE_INDIVIDUAL, false,
        2);

  absl::StatusOr<std::unique_ptr<Projections>> projections =
      Projections::Open(*store_, dir_.Sub("query"), {});
  ASSERT_TRUE(projections.ok()) << projections.status();
  (*projections)->Start();
  absl::StatusOr<ProjectionRunner*> statistics = (*projections)->Find("statistics");
  ASSERT_TRUE(statistics.ok());
  const absl::Status waited = (*statistics)->WaitFor(4, absl::Now() + absl::Seconds(10));
  EXPECT_TRUE(absl::IsDataLoss(waited)) << waited;
  EXPECT_TRUE(absl::StrContains(waited.message(), "position 2 (AwardRevoked on awardee-a-none)"))
      << waited;
  // Nothing of the run that held it was written (the events before it came in
  // the same run); the other projections go on.
  EXPECT_LE((*statistics)->checkpoint(), 2u);
  absl::StatusOr<ProjectionRunner*> audit = (*projections)->Find("audit");
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE((*audit)->WaitFor(4, absl::Now() + absl::Seconds(10)).ok());
  (*projections)->Stop();
}

// A log big enough that catching up takes a while: awards of many kinds, 100
// at a time in one append.
void FillLog(eventstore::EventStore& store, int awards) {
  for (int first = 0; first < awards; first += 100) {
    eventstore::AppendRequest request;
    for (int i = first; i < std::min(awards, first + 100); ++i) {
      const std::string id = absl::StrCat("n-", i);
      v1::NominationDrafted draft;
      draft.set_nomination_id(id);
      draft.set_authority_id(i % 3 == 0 ? "ubnd-xa-b" : "ubnd-xa-a");
      draft.set_kind(i % 2 == 0 ? v1::AWARD_KIND_LAO_DONG_TIEN_TIEN : v1::AWARD_KIND_GIAY_KHEN);
      draft.mutable_nominee()->set_subject_type(i % 5 == 0 ? v1::SUBJECT_TYPE_COLLECTIVE
                                                           : v1::SUBJECT_TYPE_INDIVIDUAL);
      draft.mutable_nominee()->set_direct_worker(i % 4 == 0);
      v1::AwardGranted grant;
      grant.set_decision_id(absl::StrCat("qd-", i / 100));
      grant.mutable_decision_date()->set_year(2020 + i % 6);
      grant.set_kind(draft.kind());
      grant.set_nomination_id(id);
      grant.set_authority_id(draft.authority_id());
      grant.set_subject_type(draft.nominee().subject_type());
      for (auto [stream, message] :
           {std::pair<std::string, const google::protobuf::Message*>{"nomination-" + id, &draft},
            {"awardee-a-" + id, &grant}}) {
        eventstore::EventData event = UnstampedEvent(ToNewEvent(*message));
        event.id = eventstore::EventId::New();
        event.metadata.actor = "test";
        event.metadata.request_id = event.id.ToString();
        request.streams.push_back({stream, eventstore::ExpectedVersion::NoStream(), {event}});
      }
    }
    absl::StatusOr<eventstore::AppendResult> result = store.Append(request);
    ASSERT_TRUE(result.ok()) << result.status();
  }
}

// Starts query_server on a free loopback port; its address.
std::string StartQueryServer(std::unique_ptr<ChildProcess>& process, const std::string& store,
                             const std::string& data_dir) {
  award::testing::AnnouncedServer server(
      "query_server", {AWARD_QUERY_SERVER_PATH, "--event_store=" + store, "--listen=127.0.0.1:0",
                       "--data_dir=" + data_dir, "--insecure"});
  process = std::move(server.process);
  return server.address;
}

TEST(QueryServerProcessTest, AKillDuringCatchUpLosesAndDoublesNothing) {
  TempDir dir;
  constexpr int kAwards = 10'000;  // 20,000 events
  {
    auto store = eventstore::OpenRocksDbEventStore({.data_dir = dir.Sub("data")});
    ASSERT_TRUE(store.ok()) << store.status();
    FillLog(**store, kAwards);
  }
  award::testing::ServerProcess eventstore_server(dir.Sub("data"));
  ASSERT_FALSE(eventstore_server.address.empty());
  std::unique_ptr<eventstore::EventStore> remote =
      eventstore::ConnectRemoteEventStore(eventstore_server.address);

  // The read models a clean build makes: the reference.
  std::map<std::string, std::string> reference;
  for (std::unique_ptr<Projection>& projection : AllProjections()) {
    std::unique_ptr<ReadModelDb> db =
        Built(*remote, *projection, dir.Sub(absl::StrCat("reference-", projection->name())));
    const auto snapshot = db->Snapshot();
    reference[std::string(projection->name())] =
        absl::StrCat(snapshot->checkpoint(), " ", snapshot->Digest().value_or("?"));
  }

  // Killed while it catches up, once the statistics have taken in a quarter
  // of the log: some projection stands part-way.
  std::unique_ptr<ChildProcess> server;
  const std::string first = StartQueryServer(server, eventstore_server.address, dir.Sub("query"));
  ASSERT_FALSE(first.empty());
  {
    auto stub = v1::Query::NewStub(grpc::CreateChannel(first, grpc::InsecureChannelCredentials()));
    v1::GetStatisticsRequest request;
    request.set_authority_id("ubnd-xa-a");
    request.set_from_year(2020);
    request.set_to_year(2025);
    request.set_min_position(2 * kAwards / 4);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::GetStatisticsResponse response;
    ASSERT_TRUE(stub->GetStatistics(&context, request, &response).ok());
  }
  server->Signal(SIGKILL);
  ASSERT_TRUE(server->Wait(absl::Seconds(10)).has_value());
  server.reset();
  bool part_way = false;
  for (std::unique_ptr<Projection>& projection : AllProjections()) {
    absl::StatusOr<std::unique_ptr<ReadModelDb>> db =
        ReadModelDb::Open(dir.Sub(absl::StrCat("query/", projection->name())));
    ASSERT_TRUE(db.ok()) << db.status();
    const uint64_t checkpoint = (*db)->checkpoint();
    const std::string& done = reference[std::string(projection->name())];
    if (checkpoint > 0 && absl::StrCat(checkpoint) != done.substr(0, done.find(' '))) {
      part_way = true;
    }
  }
  EXPECT_TRUE(part_way) << "the kill came after the catch-up; the test proved less than it says";

  // Restarted, it resumes from its checkpoints and ends where a clean build does.
  const std::string address = StartQueryServer(server, eventstore_server.address, dir.Sub("query"));
  ASSERT_FALSE(address.empty());
  auto stub = v1::Query::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  std::map<std::string, std::string> resumed;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    v1::GetProjectionsRequest request;
    request.set_with_digests(true);
    v1::GetProjectionsResponse response;
    resumed.clear();
    if (stub->GetProjections(&context, request, &response).ok()) {
      for (const v1::ProjectionStatus& p : response.projections()) {
        EXPECT_TRUE(p.error().empty()) << p.error();
        resumed[p.name()] = absl::StrCat(p.checkpoint(), " ", p.digest());
      }
    }
    if (resumed == reference) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(resumed, reference);
  server->Signal(SIGTERM);
  const std::optional<int> status = server->Wait(absl::Seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
}

// Runs award_audit with `args`; every line of its output and its exit code.
std::pair<std::vector<std::string>, int> AwardAuditLines(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {AWARD_AUDIT_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess process(argv);
  std::vector<std::string> lines;
  while (std::optional<std::string> line = process.ReadLine(absl::Seconds(30))) {
    lines.push_back(*std::move(line));
  }
  const std::optional<int> status = process.Wait(absl::Seconds(30));
  const int code = status.has_value() && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
  return {std::move(lines), code};
}

// Its first line of output and its exit code.
std::pair<std::string, int> AwardAudit(const std::vector<std::string>& args) {
  auto [lines, code] = AwardAuditLines(args);
  return {lines.empty() ? "" : lines.front(), code};
}

TEST(AwardAuditProcessTest, ItReadsARunningEventStoreServer) {
  TempDir dir;
  {
    auto store = eventstore::OpenRocksDbEventStore({.data_dir = dir.Sub("data")});
    ASSERT_TRUE(store.ok());
    FillLog(**store, 30);  // 60 events
  }
  award::testing::ServerProcess server(dir.Sub("data"));
  ASSERT_FALSE(server.address.empty());
  const std::string at = "--event_store=" + server.address;
  const auto [verified, verify_code] = AwardAudit({"verify", at});
  EXPECT_EQ(verify_code, 0);
  EXPECT_TRUE(absl::StartsWith(verified, "ok 60:")) << verified;

  const auto [exported, export_code] = AwardAuditLines({"export", at, "--type=AwardGranted"});
  EXPECT_EQ(export_code, 0);
  ASSERT_EQ(exported.size(), 30u);
  EXPECT_TRUE(
      absl::StrContains(exported[0], "\"@type\":\"type.googleapis.com/award.v1.AwardGranted\""))
      << exported[0];

  // ubnd-xa-a has the awards i % 3 != 0 of FillLog: 20, in the years 2020 + i % 6.
  const auto [csv, report_code] = AwardAuditLines(
      {"report", at, "--authority=ubnd-xa-a", "--from_year=2020", "--to_year=2025", "--csv"});
  EXPECT_EQ(report_code, 0);
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv[0], "Hình thức / danh hiệu - đối tượng,2020,2021,2022,2023,2024,2025");
  int64_t total = -1;
  for (const std::string& line : csv) {
    if (absl::StartsWith(line, "Tổng cộng,")) {
      total = 0;
      for (absl::string_view cell : absl::StrSplit(line.substr(line.find(',') + 1), ',')) {
        int64_t count = 0;
        ASSERT_TRUE(absl::SimpleAtoi(cell, &count)) << line;
        total += count;
      }
    }
  }
  EXPECT_EQ(total, 20);

  const auto [bad, bad_code] = AwardAudit({"replay", at, "--as_of=yesterday", "nomination", "n-1"});
  EXPECT_EQ(bad_code, 2);
}

// Every file of a directory with its size and time of last change.
std::map<std::string, std::string> Fingerprint(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    files[entry.path().filename().string()] =
        absl::StrCat(entry.is_regular_file() ? entry.file_size() : 0, "@",
                     entry.last_write_time().time_since_epoch().count());
  }
  return files;
}

TEST(AwardAuditProcessTest, VerifyFindsATamperedRecordInACopyOfTheDataDirectory) {
  TempDir dir;
  {
    auto store = eventstore::OpenRocksDbEventStore({.data_dir = dir.Sub("data")});
    ASSERT_TRUE(store.ok());
    FillLog(**store, 10);  // 20 events
  }
  // The auditor's program reads the copy without changing a byte of it, and
  // the store it opens takes no append.
  const std::map<std::string, std::string> untouched = Fingerprint(dir.Sub("data"));
  const auto [ok_line, ok_code] = AwardAudit({"verify", "--data_dir=" + dir.Sub("data")});
  EXPECT_EQ(Fingerprint(dir.Sub("data")), untouched);
  {
    auto read_only =
        eventstore::OpenRocksDbEventStore({.data_dir = dir.Sub("data"), .read_only = true});
    ASSERT_TRUE(read_only.ok()) << read_only.status();
    absl::StatusOr<eventstore::AppendResult> refused =
        (*read_only)
            ->Append({.streams = {{"nomination-x",
                                   eventstore::ExpectedVersion::Any(),
                                   {UnstampedEvent(ToNewEvent(v1::NominationDrafted()))}}}});
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  }
  EXPECT_EQ(Fingerprint(dir.Sub("data")), untouched);
  EXPECT_EQ(ok_code, 0) << ok_line;
  ASSERT_TRUE(absl::StartsWith(ok_line, "ok 20:")) << ok_line;
  const std::string digest = ok_line.substr(3, ok_line.find(' ', 3) - 3);
  EXPECT_EQ(AwardAudit({"verify", "--data_dir=" + dir.Sub("data"), "--digest=" + digest}).second,
            0);

  // One byte of record 7 changed behind the store's back.
  {
    absl::StatusOr<std::unique_ptr<eventstore::internal::LogDb>> db =
        eventstore::internal::LogDb::Open(dir.Sub("data"));
    ASSERT_TRUE(db.ok()) << db.status();
    absl::StatusOr<std::optional<std::string>> record = (*db)->GetRecord(7);
    ASSERT_TRUE(record.ok() && record->has_value());
    std::string altered = **record;
    altered[altered.size() - 40] ^= 0x01;  // in the payload, before the stored hash
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(
        batch.Put((*db)->cf(eventstore::ColumnFamily::kEvents), eventstore::EncodeU64(7), altered)
            .ok());
    ASSERT_TRUE((*db)->WriteDurably(batch).ok());
  }
  const auto [bad_line, bad_code] =
      AwardAudit({"verify", "--data_dir=" + dir.Sub("data"), "--digest=" + digest});
  EXPECT_EQ(bad_code, 1);
  EXPECT_TRUE(absl::StartsWith(bad_line, "bad at position 7")) << bad_line;
}

TEST(AwardAuditProcessTest, VerifyNamesAnIndexEntryThatDisagreesWithTheChain) {
  TempDir dir;
  {
    auto store = eventstore::OpenRocksDbEventStore({.data_dir = dir.Sub("data")});
    ASSERT_TRUE(store.ok());
    FillLog(**store, 10);
  }
  std::string stream;
  {
    absl::StatusOr<std::unique_ptr<eventstore::internal::LogDb>> db =
        eventstore::internal::LogDb::Open(dir.Sub("data"));
    ASSERT_TRUE(db.ok()) << db.status();
    absl::StatusOr<std::optional<std::string>> record = (*db)->GetRecord(9);
    ASSERT_TRUE(record.ok() && record->has_value());
    stream = std::string(eventstore::ParseRecord(**record)->stream);
    // The stream's head set back behind the store's back.
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch
                    .Put((*db)->cf(eventstore::ColumnFamily::kStreamHeads), stream,
                         eventstore::EncodeStreamHead(0, 0))
                    .ok());
    ASSERT_TRUE((*db)->WriteDurably(batch).ok());
  }
  const auto [line, code] = AwardAudit({"verify", "--data_dir=" + dir.Sub("data")});
  EXPECT_EQ(code, 1);
  EXPECT_NE(line.find("stream_heads[" + stream + "]"), std::string::npos) << line;
}

}  // namespace
}  // namespace award::query

// award.v1.Query over gRPC on 127.0.0.1, beside award.v1.Nominations and
// award.v1.Decisions on the same server, against a real embedded event store
// and the shipped rule sets: a scripted history (nominations, a decision, a
// revocation) read back through every read model; read-your-writes with the
// positions the commands return; a rebuild from position 0 with the same
// digests; and the auditors' replay and export over the same history.
#include "services/query/query_service.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "award/v1/decisions_service.grpc.pb.h"
#include "award/v1/nominations_service.grpc.pb.h"
#include "award/v1/query_service.grpc.pb.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocksdb_event_store.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/working_days.h"
#include "services/decisions/decisions_service.h"
#include "services/nominations/domain/awardee_id.h"
#include "services/nominations/nominations_service.h"
#include "services/query/projections.h"
#include "tests/support/api_values.h"
#include "tests/support/events.h"
#include "tests/support/nomination_flow.h"
#include "tests/support/revocation_request.h"
#include "tests/support/temp_dir.h"
#include "tools/audit/audit_commands.h"
#include "tools/audit/export_format.h"

namespace award::query {
namespace {

constexpr char kCommune[] = "ubnd-xa-tan-lap";
constexpr char kProvince[] = "ubnd-tinh-lang-son";
constexpr char kClerk[] = "clerk:van.thu@ubnd-xa-tan-lap";

using award::testing::Meta;

using award::testing::Day;

std::string AwardeeOf(const std::string& person) {
  return *nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "0010850" + person);
}

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = eventstore::OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    calendar_ = std::make_unique<WorkingDayCalendar>(rules_->CalendarOptions());
    nominations_ = std::make_unique<nominations::NominationsService>(*store_, *rules_, *calendar_);
    decisions_ = std::make_unique<decisions::DecisionsService>(*store_, *rules_, *calendar_);
    StartQuery({});
    RegisterAuthority(kProvince, "Ủy ban nhân dân tỉnh Lạng Sơn", v1::AUTHORITY_LEVEL_PROVINCE, "");
    RegisterAuthority(kCommune, "Ủy ban nhân dân xã Tân Lập", v1::AUTHORITY_LEVEL_COMMUNE,
                      kProvince);
  }

  void TearDown() override { StopQuery(); }

  // The projections under the test's query directory, served with the other
  // services on one loopback server.
  void StartQuery(const std::vector<std::string>& rebuild) {
    absl::StatusOr<std::unique_ptr<Projections>> projections =
        Projections::Open(*store_, dir_.Sub("query"), rebuild);
    ASSERT_TRUE(projections.ok()) << projections.status();
    projections_ = *std::move(projections);
    projections_->Start();
    query_ = std::make_unique<QueryService>(*projections_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(nominations_.get());
    builder.RegisterService(decisions_.get());
    builder.RegisterService(query_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    nominations_stub_ = v1::Nominations::NewStub(channel);
    decisions_stub_ = v1::Decisions::NewStub(channel);
    query_stub_ = v1::Query::NewStub(channel);
  }

  void StopQuery() {
    if (server_) server_->Shutdown();
    server_.reset();
    if (projections_) projections_->Stop();
    projections_.reset();
  }

  void RegisterAuthority(const std::string& id, const std::string& name, v1::AuthorityLevel level,
                         const std::string& parent) {
    testing::RegisterAuthority(*nominations_stub_, Meta("", kClerk), id, name, level, parent);
  }

  // Drafted; returns the position of its last event.
  uint64_t Draft(const std::string& id, const std::string& person, const std::string& full_name,
                 bool direct_worker) {
    v1::DraftNominationRequest request;
    *request.mutable_meta() = Meta("draft-" + id, kClerk);
    v1::NominationDrafted& draft = *request.mutable_draft();
    draft.set_nomination_id(id);
    draft.set_authority_id(kCommune);
    draft.set_proposer_unit("truong-tieu-hoc-tan-lap");
    draft.set_campaign_id("");
    draft.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    draft.mutable_nominee()->set_awardee_id(AwardeeOf(person));
    draft.mutable_nominee()->set_full_name(full_name);
    draft.mutable_nominee()->set_organisation_unit("Trường Tiểu học Tân Lập");
    draft.mutable_nominee()->set_direct_worker(direct_worker);
    draft.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
    draft.mutable_period()->set_year(2025);
    draft.set_basis(v1::BASIS_MERIT);
    v1::YearRecord& record = *draft.add_years();
    record.set_year(2025);
    record.set_rating(v1::RATING_EXCELLENT);
    grpc::ClientContext context;
    v1::DraftNominationResponse response;
    grpc::Status status = nominations_stub_->DraftNomination(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.outcome().recorded().position();
  }

  // Drafted with its dossier, submitted and appraised.
  void Nominate(const std::string& id, const std::string& person, const std::string& full_name,
                bool direct_worker) {
    Draft(id, person, full_name, direct_worker);
    testing::AttachSubmitAndAppraise(
        *nominations_stub_, Meta("", kClerk), id,
        {v1::DOCUMENT_KIND_SUBMISSION_MEMO, v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
         v1::DOCUMENT_KIND_REVIEW_MINUTES},
        Day(2025, 12, 1));
  }

  // qd-1 of the commune grants both nominations; returns the issue's position.
  uint64_t DecideBoth() {
    v1::DraftDecisionRequest request;
    *request.mutable_meta() = Meta("draft-qd-1", kClerk);
    request.set_decision_id("qd-1");
    request.set_authority_id(kCommune);
    v1::Signer& signer = *request.mutable_signer();
    signer.set_person_id("chu-tich-xa");
    signer.set_full_name("Hoàng Văn Bình");
    signer.set_title("Chủ tịch");
    signer.set_capacity(v1::SIGNER_CAPACITY_HEAD);
    *request.mutable_decision_date() = Day(2025, 12, 22);
    request.set_subject("Về việc tặng danh hiệu Lao động tiên tiến năm 2025");
    request.add_nomination_ids("n-an");
    request.add_nomination_ids("n-binh");
    {
      grpc::ClientContext context;
      v1::DraftDecisionResponse response;
      grpc::Status status = decisions_stub_->DraftDecision(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    v1::IssueDecisionRequest issue;
    *issue.mutable_meta() = Meta("issue-qd-1", kClerk);
    issue.set_decision_id("qd-1");
    *issue.mutable_numbered_on() = Day(2025, 12, 22);
    grpc::ClientContext context;
    v1::IssueDecisionResponse response;
    grpc::Status status = decisions_stub_->IssueDecision(&context, issue, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.outcome().recorded().position();
  }

  // Binh's award revoked; returns the revocation's position.
  uint64_t RevokeBinh() {
    const v1::RevokeDecisionRequest revoke = award::testing::FalseDocumentsRevocation(
        Meta("revoke-binh", kClerk), "qd-1", kCommune, "n-binh", "Hồ sơ kê khai sai");
    grpc::ClientContext context;
    v1::RevokeDecisionResponse response;
    grpc::Status status = decisions_stub_->RevokeDecision(&context, revoke, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.outcome().recorded().position();
  }

  // The whole scripted history; the positions of the issue and the revocation.
  std::pair<uint64_t, uint64_t> ScriptedHistory() {
    Nominate("n-an", "an", "Nguyễn Thị An", /*direct_worker=*/false);
    Nominate("n-binh", "binh", "Đặng Văn Bình", /*direct_worker=*/true);
    Draft("n-cuong", "cuong", "Trần Văn Cường", true);
    const uint64_t issued = DecideBoth();
    return {issued, RevokeBinh()};
  }

  v1::NominationView View(const std::string& id, uint64_t min_position) {
    v1::GetNominationViewRequest request;
    request.set_nomination_id(id);
    request.set_min_position(min_position);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::GetNominationViewResponse response;
    grpc::Status status = query_stub_->GetNominationView(&context, request, &response);
    EXPECT_TRUE(status.ok()) << id << ": " << status.error_message();
    return response.view();
  }

  std::vector<std::string> Listed(v1::ListNominationsRequest request) {
    std::vector<std::string> ids;
    do {
      grpc::ClientContext context;
      v1::ListNominationsResponse response;
      grpc::Status status = query_stub_->ListNominations(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::NominationView& view : response.views()) ids.push_back(view.nomination_id());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return ids;
  }

  std::map<std::string, std::string> Digests() {
    grpc::ClientContext context;
    v1::GetProjectionsRequest request;
    request.set_with_digests(true);
    v1::GetProjectionsResponse response;
    EXPECT_TRUE(query_stub_->GetProjections(&context, request, &response).ok());
    std::map<std::string, std::string> digests;
    for (const v1::ProjectionStatus& p : response.projections()) {
      EXPECT_TRUE(p.error().empty()) << p.name() << ": " << p.error();
      digests[p.name()] = absl::StrCat(p.checkpoint(), " ", p.digest());
    }
    return digests;
  }

  // Waits until every projection has taken in the whole log.
  void CaughtUp() {
    absl::StatusOr<eventstore::LogDigest> head = store_->Digest();
    ASSERT_TRUE(head.ok());
    for (const auto& runner : projections_->runners()) {
      ASSERT_TRUE(runner->WaitFor(head->event_count - 1, absl::Now() + absl::Seconds(20)).ok());
    }
  }

  award::testing::TempDir dir_;
  std::unique_ptr<eventstore::EmbeddedEventStore> store_;
  std::unique_ptr<RuleBook> rules_;
  std::unique_ptr<WorkingDayCalendar> calendar_;
  std::unique_ptr<nominations::NominationsService> nominations_;
  std::unique_ptr<decisions::DecisionsService> decisions_;
  std::unique_ptr<Projections> projections_;
  std::unique_ptr<QueryService> query_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Nominations::Stub> nominations_stub_;
  std::unique_ptr<v1::Decisions::Stub> decisions_stub_;
  std::unique_ptr<v1::Query::Stub> query_stub_;
};

TEST_F(QueryServiceTest, AScriptedHistoryReadsBackThroughEveryReadModel) {
  const auto [issued, revoked] = ScriptedHistory();
  ASSERT_LT(issued, revoked);

  // The view of a nomination is what the nominations service answers, with the money.
  const v1::NominationView an = View("n-an", revoked);
  v1::GetNominationRequest get;
  get.set_nomination_id("n-an");
  v1::GetNominationResponse own;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(nominations_stub_->GetNomination(&context, get, &own).ok());
  }
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(an.nomination(), own))
      << an.nomination().DebugString() << "\nversus\n"
      << own.DebugString();
  EXPECT_EQ(an.nomination().state(), v1::NOMINATION_STATE_DECIDED);
  EXPECT_EQ(an.nomination().decided().number_text(), "1/QĐ-UBND");
  EXPECT_EQ(an.amount_vnd(), 710'000);  // E11
  ASSERT_GE(an.nomination().history_size(), 6);
  EXPECT_EQ(an.nomination().history(0).event_type(), "NominationDrafted");
  EXPECT_EQ(an.nomination().history(0).actor(), kClerk);
  EXPECT_EQ(an.nomination().history(0).request_id(), "draft-n-an");

  const v1::NominationView binh = View("n-binh", revoked);
  EXPECT_EQ(binh.nomination().state(), v1::NOMINATION_STATE_REVOKED);
  EXPECT_EQ(binh.amount_vnd(), 710'000);
  EXPECT_EQ(binh.recovery_vnd(), 710'000);

  // Lists: by authority, state, kind, year, and names exact or loose.
  v1::ListNominationsRequest list;
  list.set_min_position(revoked);
  list.set_authority_id(kCommune);
  EXPECT_EQ(Listed(list), (std::vector<std::string>{"n-an", "n-binh", "n-cuong"}));
  list.set_page_size(1);
  EXPECT_EQ(Listed(list), (std::vector<std::string>{"n-an", "n-binh", "n-cuong"}));
  list.set_state(v1::NOMINATION_STATE_DRAFT);
  EXPECT_EQ(Listed(list), (std::vector<std::string>{"n-cuong"}));
  list.clear_state();
  list.set_year(2024);
  EXPECT_TRUE(Listed(list).empty());
  list.set_year(2025);
  list.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  EXPECT_EQ(Listed(list).size(), 3u);
  v1::ListNominationsRequest by_name;
  by_name.set_nominee_name("Đặng Văn");
  EXPECT_EQ(Listed(by_name), (std::vector<std::string>{"n-binh"}));
  by_name.set_nominee_name("Dang Van");
  EXPECT_TRUE(Listed(by_name).empty());  // exact means exact
  by_name.clear_nominee_name();
  by_name.set_nominee_name_loose("dang van binh");
  EXPECT_EQ(Listed(by_name), (std::vector<std::string>{"n-binh"}));
  by_name.set_nominee_name_loose("NGUYEN THI");
  EXPECT_EQ(Listed(by_name), (std::vector<std::string>{"n-an"}));
  // A name typed in decomposed form (base letters plus marks) is found after NFC.
  by_name.clear_nominee_name_loose();
  by_name.set_nominee_name("Tra\xCC\x82\xCC\x80n");  // "Trần" as a + U+0302 + U+0300
  EXPECT_EQ(Listed(by_name), (std::vector<std::string>{"n-cuong"}));

  // Awardee history: the grant, then its revocation, with the decision number.
  {
    v1::GetAwardeeHistoryRequest request;
    request.set_awardee_id(AwardeeOf("binh"));
    request.set_min_position(revoked);
    grpc::ClientContext context;
    v1::GetAwardeeHistoryResponse response;
    ASSERT_TRUE(query_stub_->GetAwardeeHistory(&context, request, &response).ok());
    ASSERT_EQ(response.entries_size(), 2);
    EXPECT_EQ(response.entries(0).entry(), v1::AWARDEE_ENTRY_KIND_GRANTED);
    EXPECT_EQ(response.entries(0).decision_number(), "1/QĐ-UBND");
    EXPECT_EQ(response.entries(0).revoked_at_position(), response.entries(1).position());
    EXPECT_EQ(response.entries(1).entry(), v1::AWARDEE_ENTRY_KIND_REVOKED);
    EXPECT_EQ(response.entries(1).decision_number(), "1/QĐ-UBND");
    EXPECT_EQ(response.entries(1).ground(), "FALSE_DOCS");
    EXPECT_EQ(response.entries(1).recovery_vnd(), 710'000);
  }

  // The register of 2025: qd-1, number 1, partly revoked.
  {
    v1::ListDecisionsRequest request;
    request.set_authority_id(kCommune);
    request.set_year(2025);
    request.set_min_position(revoked);
    grpc::ClientContext context;
    v1::ListDecisionsResponse response;
    ASSERT_TRUE(query_stub_->ListDecisions(&context, request, &response).ok());
    ASSERT_EQ(response.decisions_size(), 1);
    EXPECT_EQ(response.decisions(0).decision_id(), "qd-1");
    EXPECT_EQ(response.decisions(0).number(), 1u);
    EXPECT_EQ(response.decisions(0).number_text(), "1/QĐ-UBND");
    EXPECT_EQ(response.decisions(0).state(), v1::REGISTER_STATE_PARTLY_REVOKED);
    EXPECT_EQ(response.decisions(0).total_vnd(), 1'420'000);
    EXPECT_EQ(response.decisions(0).revoked_nomination_ids(0), "n-binh");
  }

  // Statistics: one LĐTT in force, none of it to a direct worker; one revoked.
  {
    v1::GetStatisticsRequest request;
    request.set_authority_id(kCommune);
    request.set_from_year(2025);
    request.set_to_year(2026);
    request.set_min_position(revoked);
    grpc::ClientContext context;
    v1::GetStatisticsResponse response;
    ASSERT_TRUE(query_stub_->GetStatistics(&context, request, &response).ok());
    ASSERT_EQ(response.table().rows_size(), 1);
    EXPECT_EQ(response.table().rows(0).label(), "Lao động tiên tiến - cá nhân");
    EXPECT_EQ(response.table().rows(0).counts(0), 1);
    EXPECT_EQ(response.table().rows(0).counts(1), 0);
    EXPECT_EQ(response.table().direct_worker_shares(0), "0/1 (0,00 %)");
    EXPECT_EQ(response.table().revoked_counts(0), 1);
  }

  // Audit trail of one nomination (its three streams) and of one actor.
  {
    v1::GetAuditTrailRequest request;
    request.set_entity("nomination-n-binh");
    request.set_min_position(revoked);
    request.set_page_size(3);
    std::vector<v1::AuditEntry> entries;
    do {
      grpc::ClientContext context;
      v1::GetAuditTrailResponse response;
      ASSERT_TRUE(query_stub_->GetAuditTrail(&context, request, &response).ok());
      entries.insert(entries.end(), response.entries().begin(), response.entries().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    ASSERT_EQ(static_cast<int>(entries.size()), binh.nomination().history_size());
    for (size_t i = 0; i < entries.size(); ++i) {
      EXPECT_EQ(entries[i].position(), binh.nomination().history(static_cast<int>(i)).position());
      EXPECT_EQ(entries[i].actor(), kClerk);
      EXPECT_FALSE(entries[i].request_id().empty());
      EXPECT_FALSE(entries[i].correlation_id().empty());
    }
    EXPECT_EQ(entries.back().event_type(), "NominationAwardRevoked");
    EXPECT_EQ(entries.back().stream(), "resolution-n-binh");

    v1::GetAuditTrailRequest by_actor;
    by_actor.set_actor(kClerk);
    by_actor.set_min_position(revoked);
    by_actor.set_page_size(500);
    grpc::ClientContext context;
    v1::GetAuditTrailResponse response;
    ASSERT_TRUE(query_stub_->GetAuditTrail(&context, by_actor, &response).ok());
    EXPECT_EQ(response.entries_size(), static_cast<int>(testing::ReadWholeLog(*store_).size()));
  }
}

TEST_F(QueryServiceTest, AQueryWithTheCommandsPositionAlwaysSeesIt) {
  for (int i = 0; i < 40; ++i) {
    const std::string id = absl::StrCat("n-", i);
    const uint64_t position = Draft(id, absl::StrCat("p", i), absl::StrCat("Lê Văn ", i), false);
    const v1::NominationView view = View(id, position);
    EXPECT_EQ(view.nomination_id(), id);
    EXPECT_EQ(view.nomination().state(), v1::NOMINATION_STATE_DRAFT);
  }
  // A position the log has not reached: the wait ends at the deadline and says so.
  v1::GetNominationViewRequest request;
  request.set_nomination_id("n-0");
  request.set_min_position(1'000'000);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  v1::GetNominationViewResponse response;
  grpc::Status status = query_stub_->GetNominationView(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(QueryServiceTest, BadQueriesNameTheField) {
  auto code_of = [&](auto call) { return call().error_code(); };
  EXPECT_EQ(code_of([&] {
              grpc::ClientContext context;
              v1::GetNominationViewResponse response;
              return query_stub_->GetNominationView(&context, {}, &response);
            }),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(code_of([&] {
              grpc::ClientContext context;
              v1::GetNominationViewRequest request;
              request.set_nomination_id("n-none");
              v1::GetNominationViewResponse response;
              return query_stub_->GetNominationView(&context, request, &response);
            }),
            grpc::StatusCode::NOT_FOUND);
  v1::GetStatisticsRequest statistics;
  statistics.set_authority_id(kCommune);
  statistics.set_from_year(2025);
  statistics.set_to_year(2024);
  grpc::ClientContext context;
  v1::GetStatisticsResponse response;
  grpc::Status status = query_stub_->GetStatistics(&context, statistics, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("to_year"), std::string::npos) << status.error_message();
  v1::GetAuditTrailRequest trail;
  trail.set_entity("nomination-n-an");
  trail.set_page_token("not-a-token");
  grpc::ClientContext trail_context;
  v1::GetAuditTrailResponse trail_response;
  EXPECT_EQ(query_stub_->GetAuditTrail(&trail_context, trail, &trail_response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueryServiceTest, ARebuildFromPositionZeroGivesTheSameDigests) {
  ScriptedHistory();
  CaughtUp();
  const std::map<std::string, std::string> before = Digests();
  ASSERT_EQ(before.size(), 5u);
  StopQuery();
  StartQuery({"all"});
  CaughtUp();
  EXPECT_EQ(Digests(), before);
  // A rebuild of one projection alone, too.
  StopQuery();
  StartQuery({"statistics"});
  CaughtUp();
  EXPECT_EQ(Digests(), before);
}

TEST_F(QueryServiceTest, ReplayAsOfBeforeTheRevocationShowsTheAwardAfterItShowsItRevoked) {
  const auto [issued, revoked] = ScriptedHistory();
  const std::string scratch = dir_.Sub("scratch");
  auto replay = [&](absl::string_view kind, absl::string_view id, audit::AsOf as_of) {
    absl::StatusOr<std::string> json = audit::Replay(*store_, kind, id, as_of, scratch);
    EXPECT_TRUE(json.ok()) << json.status();
    return json.value_or("");
  };
  // By position.
  EXPECT_NE(replay("nomination", "n-binh", {.position = revoked - 1, .time = std::nullopt})
                .find("NOMINATION_STATE_DECIDED"),
            std::string::npos);
  EXPECT_NE(replay("nomination", "n-binh", {.position = revoked, .time = std::nullopt})
                .find("NOMINATION_STATE_REVOKED"),
            std::string::npos);
  // By time: just before the revocation was recorded, and at it.
  absl::StatusOr<eventstore::ReadAllResult> at =
      store_->ReadAll({.from_position = revoked, .max_count = 1});
  ASSERT_TRUE(at.ok() && !at->events.empty());
  const absl::Time revoked_at = at->events[0].recorded_time;
  const std::string before =
      replay("awardee", AwardeeOf("binh"),
             {.position = std::nullopt, .time = revoked_at - absl::Microseconds(1)});
  EXPECT_NE(before.find("AWARDEE_ENTRY_KIND_GRANTED"), std::string::npos);
  EXPECT_EQ(before.find("AWARDEE_ENTRY_KIND_REVOKED"), std::string::npos);
  const std::string after =
      replay("awardee", AwardeeOf("binh"), {.position = std::nullopt, .time = revoked_at});
  EXPECT_NE(after.find("AWARDEE_ENTRY_KIND_REVOKED"), std::string::npos);
  EXPECT_NE(replay("decision", "qd-1", {.position = issued, .time = std::nullopt})
                .find("REGISTER_STATE_ISSUED"),
            std::string::npos);
  // Before it existed, the decision is not found.
  absl::StatusOr<std::string> early =
      audit::Replay(*store_, "decision", "qd-1", {.position = 3, .time = std::nullopt}, scratch);
  EXPECT_TRUE(absl::IsNotFound(early.status())) << early.status();
  // The report over the same log prints the table.
  absl::StatusOr<std::string> report = audit::Report(*store_, kCommune, 2025, 2025, false, scratch);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_NE(report->find("Lao động tiên tiến - cá nhân"), std::string::npos) << *report;
}

TEST_F(QueryServiceTest, AnExportReadsBackToTheSameRecordsAndTheirHashes) {
  ScriptedHistory();
  std::stringstream out;
  absl::StatusOr<uint64_t> written = audit::Export(*store_, {}, out);
  ASSERT_TRUE(written.ok()) << written.status();
  const std::vector<eventstore::RecordedEvent> log = testing::ReadWholeLog(*store_);
  ASSERT_EQ(*written, log.size());
  std::string line;
  size_t i = 0;
  size_t decoded = 0;
  while (std::getline(out, line)) {
    ASSERT_LT(i, log.size());
    if (line.find("\"payload\":{\"@type\"") != std::string::npos) ++decoded;
    absl::StatusOr<eventstore::RecordedEvent> back = audit::FromJsonLine(line);
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << line;
    EXPECT_EQ(*back, log[i]) << line;
    // The hash recomputed from the export alone is the stored one.
    std::string stored;
    const eventstore::Hash hash = eventstore::EncodeRecord(*back, stored);
    EXPECT_EQ(hash, log[i].hash);
    ++i;
  }
  EXPECT_EQ(i, log.size());
  EXPECT_EQ(decoded, log.size());  // every payload is one of the platform's messages
  // Filters: one stream prefix, one type, a range of positions.
  std::stringstream filtered;
  absl::StatusOr<uint64_t> resolutions = audit::Export(
      *store_, {.stream_prefix = "resolution-", .type = "NominationAwardRevoked"}, filtered);
  ASSERT_TRUE(resolutions.ok());
  EXPECT_EQ(*resolutions, 1u);
  std::stringstream ranged;
  absl::StatusOr<uint64_t> range =
      audit::Export(*store_, {.from_position = 2, .to_position = 4}, ranged);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, 3u);
  // A range of recorded times: [time of event 5, time of the last event).
  const absl::Time since = log[5].recorded_time;
  const absl::Time until = log.back().recorded_time;
  size_t in_range = 0;
  for (const eventstore::RecordedEvent& event : log) {
    if (event.recorded_time >= since && event.recorded_time < until) ++in_range;
  }
  std::stringstream timed;
  absl::StatusOr<uint64_t> by_time =
      audit::Export(*store_, {.since = since, .until = until}, timed);
  ASSERT_TRUE(by_time.ok());
  EXPECT_EQ(*by_time, in_range);
  EXPECT_GT(in_range, 0u);
}

}  // namespace
}  // namespace award::query

// award.v1.Decisions over gRPC on 127.0.0.1, with award.v1.Nominations on the
// same server, against a real embedded event store in a temporary directory
// and the shipped rule sets: drafts priced, numbers given under concurrency
// and across a year boundary, a failed multi-stream issue writing nothing,
// forwarding between two authorities, revocation with its review cascade.
#include "services/decisions/decisions_service.h"

#include <atomic>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "award/v1/nominations_service.grpc.pb.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/common/public_record.h"
#include "services/nominations/domain/awardee_id.h"
#include "services/nominations/nominations_service.h"
#include "tests/support/api_values.h"
#include "tests/support/events.h"
#include "tests/support/nomination_flow.h"
#include "tests/support/revocation_request.h"
#include "tests/support/temp_dir.h"

namespace award::decisions {
namespace {

constexpr char kCommune[] = "ubnd-xa-tan-lap";
constexpr char kProvince[] = "ubnd-tinh-lang-son";

constexpr char kClerk[] = "clerk:van.thu@ubnd-xa-tan-lap";
using award::testing::Meta;

using award::testing::Day;

// Forwards to the real store; while `conflict_stream` is set, every append
// that writes to it is preceded by another writer's event on that stream, so
// the store itself refuses the append for its stale expected version.
class ConflictingStore final : public eventstore::EventStore {
 public:
  explicit ConflictingStore(eventstore::EventStore& store) : store_(store) {}
  std::string conflict_stream;

  absl::StatusOr<eventstore::AppendResult> Append(
      const eventstore::AppendRequest& request) override {
    for (const eventstore::StreamAppend& append : request.streams) {
      if (!conflict_stream.empty() && append.stream == conflict_stream) {
        absl::StatusOr<eventstore::AppendResult> wrote = store_.Append(
            award::testing::AppendTo(conflict_stream, eventstore::ExpectedVersion::Any(),
                                     {award::testing::NewEvent("OtherWriterNote")}));
        if (!wrote.ok()) {
          return wrote.status();
        }
      }
    }
    return store_.Append(request);
  }
  absl::StatusOr<eventstore::ReadStreamResult> ReadStream(
      const eventstore::ReadStreamRequest& request) override {
    return store_.ReadStream(request);
  }
  absl::StatusOr<eventstore::ReadAllResult> ReadAll(
      const eventstore::ReadAllRequest& request) override {
    return store_.ReadAll(request);
  }
  absl::StatusOr<eventstore::StreamInfo> GetStreamInfo(absl::string_view stream) override {
    return store_.GetStreamInfo(stream);
  }
  absl::StatusOr<std::unique_ptr<eventstore::Subscription>> Subscribe(
      const eventstore::SubscribeRequest& request) override {
    return store_.Subscribe(request);
  }
  absl::StatusOr<eventstore::LogDigest> Digest() override { return store_.Digest(); }
  absl::StatusOr<eventstore::VerifyReport> Verify(
      const eventstore::VerifyRequest& request) override {
    return store_.Verify(request);
  }

 private:
  eventstore::EventStore& store_;
};

class DecisionsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = eventstore::OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
    ASSERT_TRUE(opened.ok()) << opened.status();
    real_store_ = std::move(*opened);
    store_ = std::make_unique<ConflictingStore>(*real_store_);
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    calendar_ = std::make_unique<WorkingDayCalendar>(rules_->CalendarOptions());
    nominations_ =
        std::make_unique<nominations::NominationsService>(*real_store_, *rules_, *calendar_);
    decisions_ = std::make_unique<DecisionsService>(*store_, *rules_, *calendar_,
                                                    DecisionsServiceOptions{.max_attempts = 3});
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(nominations_.get());
    builder.RegisterService(decisions_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    nominations_stub_ = v1::Nominations::NewStub(channel);
    stub_ = v1::Decisions::NewStub(channel);
    RegisterAuthority(kProvince, "Ủy ban nhân dân tỉnh Lạng Sơn", v1::AUTHORITY_LEVEL_PROVINCE, "");
    RegisterAuthority(kCommune, "Ủy ban nhân dân xã Tân Lập", v1::AUTHORITY_LEVEL_COMMUNE,
                      kProvince);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  void RegisterAuthority(const std::string& id, const std::string& name, v1::AuthorityLevel level,
                         const std::string& parent) {
    testing::RegisterAuthority(*nominations_stub_, Meta("", kClerk), id, name, level, parent);
  }

  // A nomination drafted, with its dossier, submitted on 2025-12-01 and
  // appraised; the nominee rated excellent in every year of `years`, with a
  // province-wide initiative in the last.
  void Nominate(const std::string& id, const std::string& person, v1::AwardKind kind,
                int first_year, int last_year, const std::vector<std::string>& achievements = {}) {
    v1::DraftNominationRequest draft_request;
    *draft_request.mutable_meta() = Meta("draft-" + id, kClerk);
    v1::NominationDrafted& draft = *draft_request.mutable_draft();
    draft.set_nomination_id(id);
    draft.set_authority_id(kCommune);
    draft.set_proposer_unit("truong-tieu-hoc-tan-lap");
    draft.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    draft.mutable_nominee()->set_awardee_id(
        *nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "0010850" + person));
    draft.mutable_nominee()->set_full_name("Nguyễn Thị " + person);
    draft.mutable_nominee()->set_organisation_unit("Trường Tiểu học Tân Lập");
    draft.set_kind(kind);
    if (first_year == last_year) {
      draft.mutable_period()->set_year(last_year);
    } else {
      *draft.mutable_period()->mutable_range()->mutable_from() = Day(first_year, 1, 1);
      *draft.mutable_period()->mutable_range()->mutable_to() = Day(last_year, 12, 31);
    }
    draft.set_basis(v1::BASIS_MERIT);
    for (const std::string& achievement : achievements) draft.add_achievement_ids(achievement);
    for (int year = first_year - 2; year <= last_year; ++year) {
      v1::YearRecord& record = *draft.add_years();
      record.set_year(year);
      record.set_rating(v1::RATING_EXCELLENT);
      if (year == last_year) record.add_initiatives(v1::INITIATIVE_SCOPE_PROVINCE);
    }
    {
      grpc::ClientContext context;
      v1::DraftNominationResponse response;
      grpc::Status status = nominations_stub_->DraftNomination(&context, draft_request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    testing::AttachSubmitAndAppraise(
        *nominations_stub_, Meta("", kClerk), id,
        {v1::DOCUMENT_KIND_SUBMISSION_MEMO, v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
         v1::DOCUMENT_KIND_REVIEW_MINUTES, v1::DOCUMENT_KIND_INITIATIVE_CERTIFICATION},
        Day(2025, 12, 1));
  }

  void Appraise(const std::string& id) {
    testing::Appraise(*nominations_stub_, Meta("", kClerk), id);
  }

  grpc::Status Draft(const std::string& decision_id, const std::string& authority,
                     const v1::Date& date, const std::vector<std::string>& nominations,
                     v1::DraftDecisionResponse* response = nullptr) {
    v1::DraftDecisionRequest request;
    *request.mutable_meta() = Meta("draft-" + decision_id, kClerk);
    request.set_decision_id(decision_id);
    request.set_authority_id(authority);
    v1::Signer& signer = *request.mutable_signer();
    signer.set_person_id("chu-tich-" + authority);
    signer.set_full_name("Hoàng Văn Bình");
    signer.set_title("Chủ tịch");
    signer.set_capacity(v1::SIGNER_CAPACITY_HEAD);
    *request.mutable_decision_date() = date;
    request.set_subject("Về việc tặng danh hiệu thi đua năm 2025");
    for (const std::string& id : nominations) request.add_nomination_ids(id);
    grpc::ClientContext context;
    v1::DraftDecisionResponse ignored;
    return stub_->DraftDecision(&context, request, response ? response : &ignored);
  }

  grpc::Status Issue(const std::string& decision_id, const v1::Date& numbered_on,
                     v1::IssueDecisionResponse* response = nullptr,
                     const std::string& request_id = "") {
    v1::IssueDecisionRequest request;
    *request.mutable_meta() =
        Meta(request_id.empty() ? "issue-" + decision_id : request_id, kClerk);
    request.set_decision_id(decision_id);
    *request.mutable_numbered_on() = numbered_on;
    grpc::ClientContext context;
    v1::IssueDecisionResponse ignored;
    return stub_->IssueDecision(&context, request, response ? response : &ignored);
  }

  grpc::Status Discard(const std::string& decision_id, const std::string& reason,
                       v1::DiscardDecisionResponse* response = nullptr) {
    v1::DiscardDecisionRequest request;
    *request.mutable_meta() = Meta("discard-" + decision_id, kClerk);
    request.set_decision_id(decision_id);
    request.set_reason(reason);
    grpc::ClientContext context;
    v1::DiscardDecisionResponse ignored;
    return stub_->DiscardDecision(&context, request, response ? response : &ignored);
  }

  // One line of the archive: `person` given `kind` for `first`..`last` by the
  // commune's paper decision `decision_id`, numbered `number_text`, of `date`.
  v1::RecordPriorAwardRequest PriorLine(const std::string& decision_id,
                                        const std::string& number_text, const v1::Date& date,
                                        const std::string& person, v1::AwardKind kind, int first,
                                        int last, int64_t paid) {
    v1::RecordPriorAwardRequest request;
    *request.mutable_meta() =
        Meta(absl::StrCat("prior-", decision_id, "-", person, "-", kind), kClerk);
    request.set_decision_id(decision_id);
    v1::PriorDecision& decision = *request.mutable_decision();
    decision.set_authority_id(kCommune);
    decision.set_number_text(number_text);
    *decision.mutable_decision_date() = date;
    decision.mutable_signer()->set_full_name("Lò Văn Thắng");
    decision.mutable_signer()->set_title("Chủ tịch");
    decision.set_scan_sha256(std::string(32, static_cast<char>(date.year() % 256)));
    v1::PriorAward& award = *request.mutable_award();
    award.set_awardee_id(AwardeeOf(person));
    award.set_nominee_name("Nguyễn Thị " + person);
    award.set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    award.set_kind(kind);
    award.set_first_year(first);
    award.set_last_year(last);
    award.set_basis(v1::BASIS_MERIT);
    award.set_amount_paid_vnd(paid);
    return request;
  }

  grpc::Status RecordPrior(const v1::RecordPriorAwardRequest& request,
                           v1::RecordPriorAwardResponse* response = nullptr) {
    grpc::ClientContext context;
    v1::RecordPriorAwardResponse ignored;
    return stub_->RecordPriorAward(&context, request, response ? response : &ignored);
  }

  grpc::Status Suspend(const std::string& nomination_id) {
    v1::SuspendNominationRequest request;
    *request.mutable_meta() = Meta("suspend-" + nomination_id, kClerk);
    request.set_nomination_id(nomination_id);
    request.set_proceeding("Quyết định thanh tra số 12/QĐ-TTr");
    grpc::ClientContext context;
    v1::SuspendNominationResponse response;
    return nominations_stub_->SuspendNomination(&context, request, &response);
  }

  v1::GetNominationResponse Nomination(const std::string& id) {
    v1::GetNominationRequest request;
    request.set_nomination_id(id);
    grpc::ClientContext context;
    v1::GetNominationResponse response;
    EXPECT_TRUE(nominations_stub_->GetNomination(&context, request, &response).ok());
    return response;
  }

  v1::GetDecisionResponse GetDecision(const std::string& id) {
    v1::GetDecisionRequest request;
    request.set_decision_id(id);
    grpc::ClientContext context;
    v1::GetDecisionResponse response;
    grpc::Status status = stub_->GetDecision(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<eventstore::RecordedEvent> Events(const std::string& stream) {
    absl::StatusOr<eventstore::ReadStreamResult> read =
        real_store_->ReadStream({stream, 0, eventstore::Direction::kForward, 1000});
    if (!read.ok()) return {};
    return read->events;
  }

  std::string AwardeeOf(const std::string& person) {
    return *nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "0010850" + person);
  }

  // What the commune's council service records when a concluded meeting
  // recommends the nomination (agenda_record.h), written here directly.
  // Forwarded by the commune to the province on 2025-12-16, to arrive there as `forwarded_id`.
  v1::ForwardNominationRequest ForwardRequest(const std::string& id,
                                              const std::string& forwarded_id) {
    v1::ForwardNominationRequest forward;
    *forward.mutable_meta() = Meta("forward-" + id, kClerk);
    forward.set_nomination_id(id);
    forward.set_to_authority_id(kProvince);
    forward.set_forwarded_nomination_id(forwarded_id);
    *forward.mutable_forwarded_on() = Day(2025, 12, 16);
    return forward;
  }

  grpc::Status Forward(const v1::ForwardNominationRequest& request) {
    grpc::ClientContext context;
    v1::ForwardNominationResponse response;
    return stub_->ForwardNomination(&context, request, &response);
  }

  // `person`'s three CSTĐ cơ sở (2023-2025) granted by the commune in
  // decision qd-cstd-<suffix>, then a CSTĐ tỉnh built on them, forwarded to the
  // province and drafted there as qd-tinh-<suffix> (nomination tinh-<suffix>).
  void DraftProvincialFighter(const std::string& person, const std::string& suffix) {
    std::vector<std::string> fighters;
    for (int year : {2023, 2024, 2025}) {
      fighters.push_back(absl::StrCat("n-cstd-", year, "-", suffix));
      Nominate(fighters.back(), person, v1::AWARD_KIND_CSTD_CO_SO, year, year);
    }
    ASSERT_TRUE(Draft("qd-cstd-" + suffix, kCommune, Day(2025, 12, 10), fighters).ok());
    ASSERT_TRUE(Issue("qd-cstd-" + suffix, Day(2025, 12, 10)).ok());
    const std::string proposed = "n-tinh-" + suffix;
    Nominate(proposed, person, v1::AWARD_KIND_CSTD_TINH, 2023, 2025);
    CouncilRecommends(proposed);
    ASSERT_TRUE(Forward(ForwardRequest(proposed, "tinh-" + suffix)).ok());
    Appraise("tinh-" + suffix);
    ASSERT_TRUE(Draft("qd-tinh-" + suffix, kProvince, Day(2025, 12, 25), {"tinh-" + suffix}).ok());
  }

  // The commune revokes the 2024 CSTĐ cơ sở of DraftProvincialFighter(…, suffix).
  grpc::Status RevokeThe2024Fighter(const std::string& suffix) {
    const v1::RevokeDecisionRequest revoke = award::testing::FalseDocumentsRevocation(
        Meta("revoke-2024-" + suffix, kClerk), "qd-cstd-" + suffix, kCommune,
        "n-cstd-2024-" + suffix, "Hồ sơ năm 2024 kê khai sai");
    grpc::ClientContext context;
    v1::RevokeDecisionResponse response;
    return stub_->RevokeDecision(&context, revoke, &response);
  }

  void CouncilRecommends(const std::string& id) {
    v1::NominationPlacedOnAgenda placed;
    placed.set_nomination_id(id);
    placed.set_agenda_kind(v1::AGENDA_KIND_MEETING);
    placed.set_agenda_id("phien-hop-12-2025");
    placed.set_authority_id(kCommune);
    v1::CouncilOutcomeRecorded outcome;
    outcome.set_nomination_id(id);
    outcome.set_agenda_kind(v1::AGENDA_KIND_MEETING);
    outcome.set_agenda_id("phien-hop-12-2025");
    outcome.set_authority_id(kCommune);
    *outcome.mutable_held_on() = Day(2025, 12, 15);
    outcome.mutable_tally()->set_nomination_id(id);
    outcome.mutable_tally()->set_agree(13);
    outcome.mutable_tally()->set_voting_members(14);
    outcome.mutable_tally()->set_result(v1::COUNCIL_RESULT_RECOMMENDED);
    eventstore::AppendRequest request =
        BuildAppend(nominations::AgendaStream(id), -1,
                    CommandContext{"council-secretary", "council-" + id, "", ""},
                    Effects{{ToNewEvent(placed), ToNewEvent(outcome)}, {}});
    ASSERT_TRUE(real_store_->Append(request).ok());
  }

  award::testing::TempDir dir_;
  std::unique_ptr<eventstore::EmbeddedEventStore> real_store_;
  std::unique_ptr<ConflictingStore> store_;
  std::unique_ptr<RuleBook> rules_;
  std::unique_ptr<WorkingDayCalendar> calendar_;
  std::unique_ptr<nominations::NominationsService> nominations_;
  std::unique_ptr<DecisionsService> decisions_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Nominations::Stub> nominations_stub_;
  std::unique_ptr<v1::Decisions::Stub> stub_;
};

TEST_F(DecisionsServiceTest, AnIssuedDecisionIsNumberedPaidGrantedAndPublished) {
  Nominate("n-ldtt-an", "an", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  Nominate("n-cstd-an", "an", v1::AWARD_KIND_CSTD_CO_SO, 2025, 2025);
  Nominate("n-ldtt-binh", "binh", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  v1::DraftDecisionResponse drafted;
  grpc::Status status = Draft("qd-1", kCommune, Day(2025, 12, 20),
                              {"n-ldtt-an", "n-cstd-an", "n-ldtt-binh"}, &drafted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(drafted.drafted().awards_size(), 3);
  // E12: the same person's LĐTT and CSTĐ cơ sở of 2025: only the higher is paid.
  EXPECT_EQ(drafted.drafted().awards(0).amount_vnd(), 0);
  EXPECT_NE(drafted.drafted().awards(0).unpaid_reason().find("R18"), std::string::npos);
  EXPECT_EQ(drafted.drafted().awards(1).amount_vnd(), 2'340'000);
  EXPECT_EQ(drafted.drafted().awards(2).amount_vnd(), 710'000);  // E11
  EXPECT_EQ(drafted.drafted().total_vnd(), 3'050'000);
  EXPECT_EQ(drafted.drafted().awards(1).rule_set_version(), "D152-2025");
  EXPECT_EQ(drafted.outcome().state(), v1::DECISION_STATE_DRAFTED);
  EXPECT_EQ(Draft("qd-1", kCommune, Day(2025, 12, 20), {"n-ldtt-binh"}).error_code(),
            grpc::StatusCode::OK);  // the same request id: the first answer

  v1::IssueDecisionResponse issued;
  status = Issue("qd-1", Day(2025, 12, 22), &issued);  // the next working day after a Saturday
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.number(), 1u);
  EXPECT_EQ(issued.number_text(), "1/QĐ-UBND");
  v1::IssueDecisionResponse again;
  ASSERT_TRUE(Issue("qd-1", Day(2025, 12, 22), &again).ok());
  EXPECT_TRUE(again.outcome().recorded().repeated());
  EXPECT_EQ(again.number(), 1u);
  EXPECT_EQ(Issue("qd-1", Day(2025, 12, 22), nullptr, "another-request").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  const v1::GetNominationResponse decided = Nomination("n-cstd-an");
  EXPECT_EQ(decided.state(), v1::NOMINATION_STATE_DECIDED);
  EXPECT_EQ(decided.decided().number_text(), "1/QĐ-UBND");
  std::vector<eventstore::RecordedEvent> granted = Events(AwardeeStream(AwardeeOf("an")));
  ASSERT_EQ(granted.size(), 2u);
  EXPECT_EQ(granted[1].event.type, "AwardGranted");

  const v1::GetDecisionResponse decision = GetDecision("qd-1");
  EXPECT_EQ(decision.state(), v1::DECISION_STATE_ISSUED);
  EXPECT_EQ(decision.document_sha256(), issued.document_sha256());
  EXPECT_EQ(Sha256Of(decision.document()), issued.document_sha256());
  EXPECT_NE(decision.document().find("Số: 1/QĐ-UBND"), std::string::npos);
  EXPECT_NE(decision.document().find("Nguyễn Thị binh"), std::string::npos);
  EXPECT_NE(decision.document().find("3.050.000"), std::string::npos);

  // A nomination decided once is granted by no second decision.
  EXPECT_EQ(Draft("qd-2", kCommune, Day(2025, 12, 22), {"n-ldtt-binh"}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // The province decides no commune's nominations; a district decides nothing from 2025-07-01.
  EXPECT_EQ(Draft("qd-3", kProvince, Day(2025, 12, 22), {"n-ldtt-binh"}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DecisionsServiceTest, FiftyClerksIssuingAtOnceGetNumbersOneToFiftyWithoutAGap) {
  constexpr int kDecisions = 50;
  for (int i = 0; i < kDecisions; ++i) {
    const std::string id = absl::StrCat("n-", i);
    Nominate(id, absl::StrCat("p", i), v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
    ASSERT_TRUE(Draft(absl::StrCat("qd-", i), kCommune, Day(2025, 12, 22), {id}).ok());
  }
  std::vector<uint32_t> numbers(kDecisions, 0);
  std::vector<std::thread> clerks;
  for (int i = 0; i < kDecisions; ++i) {
    clerks.emplace_back([&, i] {
      v1::IssueDecisionResponse response;
      grpc::Status status = Issue(absl::StrCat("qd-", i), Day(2025, 12, 22), &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      numbers[i] = response.number();
    });
  }
  for (std::thread& clerk : clerks) clerk.join();
  EXPECT_EQ(std::set<uint32_t>(numbers.begin(), numbers.end()).size(), kDecisions + 0u);
  EXPECT_EQ(*std::min_element(numbers.begin(), numbers.end()), 1u);
  EXPECT_EQ(*std::max_element(numbers.begin(), numbers.end()), kDecisions + 0u);

  v1::GetRegisterRequest request;
  request.set_authority_id(kCommune);
  request.set_year(2025);
  grpc::ClientContext context;
  v1::GetRegisterResponse book;
  ASSERT_TRUE(stub_->GetRegister(&context, request, &book).ok());
  ASSERT_EQ(book.entries_size(), kDecisions);
  for (int i = 0; i < kDecisions; ++i) {
    EXPECT_EQ(book.entries(i).number(), static_cast<uint32_t>(i + 1));
    const int decision = std::stoi(book.entries(i).decision_id().substr(3));
    EXPECT_EQ(numbers[decision], static_cast<uint32_t>(i + 1));
  }
}

TEST_F(DecisionsServiceTest, E18TheFirstDecisionOfANewYearIsNumberOne) {
  Nominate("n-a", "a", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  Nominate("n-b", "b", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  Nominate("n-c", "c", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  Nominate("n-d", "d", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  ASSERT_TRUE(Draft("qd-cuoi-nam", kCommune, Day(2025, 12, 30), {"n-a"}).ok());
  ASSERT_TRUE(Draft("qd-som", kCommune, Day(2025, 12, 29), {"n-b"}).ok());
  ASSERT_TRUE(Draft("qd-dau-nam", kCommune, Day(2026, 1, 2), {"n-c"}).ok());
  ASSERT_TRUE(Draft("qd-muon", kCommune, Day(2026, 1, 2), {"n-d"}).ok());
  v1::IssueDecisionResponse last;
  ASSERT_TRUE(Issue("qd-cuoi-nam", Day(2025, 12, 31), &last).ok());
  EXPECT_EQ(last.number_text(), "1/QĐ-UBND");
  // Numbers follow the signing dates: an older decision cannot come after.
  grpc::Status older = Issue("qd-som", Day(2025, 12, 30));
  EXPECT_EQ(older.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(older.error_message().find("R21"), std::string::npos) << older.error_message();
  v1::IssueDecisionResponse first;
  ASSERT_TRUE(Issue("qd-dau-nam", Day(2026, 1, 2), &first).ok());
  EXPECT_EQ(first.number_text(), "1/QĐ-UBND");
  // R21: numbered at the latest the next working day after signing.
  grpc::Status late = Issue("qd-muon", Day(2026, 1, 6));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("R21"), std::string::npos) << late.error_message();
  EXPECT_EQ(Issue("qd-muon", Day(2026, 1, 1)).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::IssueDecisionResponse second;
  ASSERT_TRUE(Issue("qd-muon", Day(2026, 1, 5), &second).ok());
  EXPECT_EQ(second.number_text(), "2/QĐ-UBND");
}

// A decision cannot be dated before the dossier it decides was received: its
// date would precede what it decides, and it picks the base salary (R17).
TEST_F(DecisionsServiceTest, ADecisionIsNeverDatedBeforeTheDossierItDecides) {
  Nominate("n-early", "e", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);  // received 2025-12-01
  grpc::Status early = Draft("qd-early", kCommune, Day(2025, 11, 28), {"n-early"});
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const char* words : {"R17", "n-early", "2025-12-01"}) {
    EXPECT_NE(early.error_message().find(words), std::string::npos) << early.error_message();
  }
  EXPECT_TRUE(Draft("qd-on-receipt", kCommune, Day(2025, 12, 1), {"n-early"}).ok());
}

// R15 within one decision: two of its awards cannot rest on one achievement.
TEST_F(DecisionsServiceTest, R15TwoAwardsOfOneDecisionCannotRestOnOneAchievement) {
  Nominate("n-lao-dong", "f", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025, {"cuu-ho-lu-2025"});
  Nominate("n-giay-khen", "f", v1::AWARD_KIND_GIAY_KHEN, 2025, 2025, {"cuu-ho-lu-2025"});
  grpc::Status both = Draft("qd-both", kCommune, Day(2025, 12, 22), {"n-lao-dong", "n-giay-khen"});
  EXPECT_EQ(both.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const char* words : {"R15", "cuu-ho-lu-2025", "n-giay-khen"}) {
    EXPECT_NE(both.error_message().find(words), std::string::npos) << both.error_message();
  }
}

// R15 across live drafts: an achievement a draft holds cannot back an award of
// another draft; once the first draft is discarded, the second may hold it,
// and it is granted once.
TEST_F(DecisionsServiceTest, R15AnAchievementHeldByALiveDraftIsRefusedToAnotherUntilDiscarded) {
  Nominate("n-lao-dong", "g", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025, {"cuu-ho-lu-2025"});
  Nominate("n-giay-khen", "g", v1::AWARD_KIND_GIAY_KHEN, 2025, 2025, {"cuu-ho-lu-2025"});
  ASSERT_TRUE(Draft("qd-a", kCommune, Day(2025, 12, 22), {"n-lao-dong"}).ok());
  grpc::Status second = Draft("qd-b", kCommune, Day(2025, 12, 22), {"n-giay-khen"});
  EXPECT_EQ(second.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const char* words : {"R15", "cuu-ho-lu-2025", "n-giay-khen", "qd-a"}) {
    EXPECT_NE(second.error_message().find(words), std::string::npos) << second.error_message();
  }
  EXPECT_EQ(Discard("qd-a", "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::DiscardDecisionResponse discarded;
  grpc::Status status =
      Discard("qd-a", "Chủ tịch không ký; đề nghị xét hình thức khác", &discarded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(discarded.outcome().state(), v1::DECISION_STATE_DISCARDED);
  EXPECT_EQ(GetDecision("qd-a").state(), v1::DECISION_STATE_DISCARDED);
  // A discarded draft is never numbered, nor discarded twice to another effect.
  EXPECT_EQ(Issue("qd-a", Day(2025, 12, 22)).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Draft("qd-b", kCommune, Day(2025, 12, 22), {"n-giay-khen"}).ok());
  ASSERT_TRUE(Issue("qd-b", Day(2025, 12, 22)).ok());
  // The grant holds the achievement now: a new draft on it is refused (R15).
  grpc::Status third = Draft("qd-c", kCommune, Day(2025, 12, 23), {"n-lao-dong"});
  EXPECT_EQ(third.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(third.error_message().find("R15"), std::string::npos) << third.error_message();

  // What the awardee's stream holds: the hold, its release, the second hold, the grant.
  std::vector<std::string> types;
  for (const eventstore::RecordedEvent& event : Events(AwardeeStream(AwardeeOf("g")))) {
    types.push_back(event.event.type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"AchievementsReserved", "AchievementsReleased",
                                             "AchievementsReserved", "AwardGranted"}));
  EXPECT_EQ(Discard("qd-b", "muộn").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Discard("qd-none", "không có").error_code(), grpc::StatusCode::NOT_FOUND);
}

// Two drafts resting on one achievement, at the same moment, 50 times: both
// write the awardee's stream with the version they read, so one loses, is
// judged again, and is refused (R15). Never two live drafts on it.
TEST_F(DecisionsServiceTest, TwoDraftsRacingForOneAchievementNeverBothHoldIt) {
  constexpr int kRaces = 50;
  for (int race = 0; race < kRaces; ++race) {
    const std::string suffix = absl::StrCat("d", race);
    const std::string achievement = "sang-kien-" + suffix;
    Nominate("n-ldtt-" + suffix, suffix, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025,
             {achievement});
    Nominate("n-gk-" + suffix, suffix, v1::AWARD_KIND_GIAY_KHEN, 2025, 2025, {achievement});
    if (HasFatalFailure()) return;
    grpc::Status first;
    grpc::Status second;
    std::thread a([&] {
      first = Draft("qd-a-" + suffix, kCommune, Day(2025, 12, 22), {"n-ldtt-" + suffix});
    });
    std::thread b(
        [&] { second = Draft("qd-b-" + suffix, kCommune, Day(2025, 12, 22), {"n-gk-" + suffix}); });
    a.join();
    b.join();
    ASSERT_NE(first.ok(), second.ok())
        << suffix << ": " << first.error_message() << " / " << second.error_message();
    const grpc::Status& refused = first.ok() ? second : first;
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << suffix;
    EXPECT_NE(refused.error_message().find("R15"), std::string::npos) << refused.error_message();
  }
}

// A decision drafted while its prerequisites stood is judged again when it is
// issued: one of them revoked meanwhile, it is refused (R4) and grants nothing.
TEST_F(DecisionsServiceTest, APrerequisiteRevokedBetweenDraftAndIssueStopsTheIssue) {
  DraftProvincialFighter("h", "h");
  ASSERT_TRUE(RevokeThe2024Fighter("h").ok());
  grpc::Status issued = Issue("qd-tinh-h", Day(2025, 12, 26));
  EXPECT_EQ(issued.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const char* words : {"R4", "tinh-h"}) {
    EXPECT_NE(issued.error_message().find(words), std::string::npos) << issued.error_message();
  }
  EXPECT_EQ(GetDecision("qd-tinh-h").state(), v1::DECISION_STATE_DRAFTED);
  EXPECT_NE(Nomination("tinh-h").state(), v1::NOMINATION_STATE_DECIDED);
}

// Revoking a prerequisite and issuing the decision that stands on it, at the
// same moment, many times over: both write the nominee's awardee stream with
// the version they read, so one of them is decided again after the other.
// Either the issue is refused (R4), or it came first and the revocation sent
// the new award for review (R20): never an award that stands on a revoked one.
TEST_F(DecisionsServiceTest, ARevocationRacingTheIssueOfADependentNeverLeavesItStanding) {
  constexpr int kRaces = 200;
  int issued_first = 0;
  for (int race = 0; race < kRaces; ++race) {
    const std::string suffix = absl::StrCat("r", race);
    DraftProvincialFighter("race-" + suffix, suffix);
    if (HasFatalFailure()) return;
    grpc::Status revoked;
    grpc::Status issued;
    std::thread revoker([&] { revoked = RevokeThe2024Fighter(suffix); });
    std::thread issuer([&] { issued = Issue("qd-tinh-" + suffix, Day(2025, 12, 26)); });
    revoker.join();
    issuer.join();
    ASSERT_TRUE(revoked.ok()) << revoked.error_message();
    const v1::NominationState state = Nomination("tinh-" + suffix).state();
    if (issued.ok()) {
      ++issued_first;
      EXPECT_EQ(state, v1::NOMINATION_STATE_NEEDS_REVIEW) << suffix;
    } else {
      EXPECT_EQ(issued.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
          << suffix << ": " << issued.error_message();
      EXPECT_NE(state, v1::NOMINATION_STATE_DECIDED) << suffix;
    }
  }
  std::cout << "issued before the revocation in " << issued_first << " of " << kRaces << " races"
            << std::endl;
}

// R14 judged at issue against a suspension recorded at the same moment, 100
// times: the issue is conditioned on the nomination's own stream, where the
// suspension is written, and the suspension on the resolution record the
// issue writes, so exactly one of them is recorded. A decided nomination is
// not suspended (revocation is the way back), and a suspended one is not
// decided.
TEST_F(DecisionsServiceTest, ASuspensionRacingTheIssueOfItsDecisionNeverLetsBothStand) {
  constexpr int kRaces = 100;
  int issued_first = 0;
  for (int race = 0; race < kRaces; ++race) {
    const std::string suffix = absl::StrCat("s", race);
    const std::string nomination = "n-" + suffix;
    Nominate(nomination, suffix, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
    if (HasFatalFailure()) return;
    ASSERT_TRUE(Draft("qd-" + suffix, kCommune, Day(2025, 12, 22), {nomination}).ok());
    grpc::Status suspended;
    grpc::Status issued;
    std::thread suspender([&] { suspended = Suspend(nomination); });
    std::thread issuer([&] { issued = Issue("qd-" + suffix, Day(2025, 12, 22)); });
    suspender.join();
    issuer.join();
    ASSERT_NE(suspended.ok(), issued.ok()) << suffix << ": suspension " << suspended.error_message()
                                           << ", issue " << issued.error_message();
    const v1::NominationState state = Nomination(nomination).state();
    if (issued.ok()) {
      ++issued_first;
      EXPECT_EQ(suspended.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << suffix;
      EXPECT_NE(suspended.error_message().find("DECIDED"), std::string::npos)
          << suspended.error_message();
      EXPECT_EQ(state, v1::NOMINATION_STATE_DECIDED) << suffix;
    } else {
      EXPECT_EQ(issued.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
          << suffix << ": " << issued.error_message();
      EXPECT_NE(issued.error_message().find("SUSPENDED"), std::string::npos)
          << issued.error_message();
      EXPECT_EQ(state, v1::NOMINATION_STATE_SUSPENDED) << suffix;
      EXPECT_EQ(GetDecision("qd-" + suffix).state(), v1::DECISION_STATE_DRAFTED) << suffix;
    }
  }
  std::cout << "issued before the suspension in " << issued_first << " of " << kRaces << " races"
            << std::endl;
}

// R2 judged at issue: the authority dissolved after the draft, with effect
// before the decision's date, signs nothing, and nothing is granted.
TEST_F(DecisionsServiceTest, AnAuthorityDissolvedBetweenDraftAndIssueIssuesNothing) {
  Nominate("n-r2", "r2", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  ASSERT_TRUE(Draft("qd-r2", kCommune, Day(2025, 12, 22), {"n-r2"}).ok());
  {
    v1::DissolveAuthorityRequest dissolve;
    *dissolve.mutable_meta() = Meta("dissolve-commune", kClerk);
    dissolve.set_authority_id(kCommune);
    *dissolve.mutable_dissolved()->mutable_effective_on() = Day(2025, 12, 22);
    dissolve.mutable_dissolved()->set_legal_basis("Nghị quyết sắp xếp đơn vị hành chính cấp xã");
    grpc::ClientContext context;
    v1::DissolveAuthorityResponse dissolved;
    grpc::Status status = nominations_stub_->DissolveAuthority(&context, dissolve, &dissolved);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  grpc::Status issued = Issue("qd-r2", Day(2025, 12, 22));
  EXPECT_EQ(issued.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const char* words : {"R2", kCommune, "2025-12-22"}) {
    EXPECT_NE(issued.error_message().find(words), std::string::npos) << issued.error_message();
  }
  EXPECT_EQ(GetDecision("qd-r2").state(), v1::DECISION_STATE_DRAFTED);
  EXPECT_EQ(Nomination("n-r2").state(), v1::NOMINATION_STATE_APPRAISED);
  EXPECT_TRUE(Events(AwardeeStream(AwardeeOf("r2"))).empty());
}

// A nominee's CSTĐ cơ sở of 2023 and 2024 were given on paper, before the
// platform: recorded from the archive, they count as the prerequisites they
// are, and the CSTĐ tỉnh of 2023-2025 is drafted standing on them.
TEST_F(DecisionsServiceTest, AwardsRecordedFromPaperDecisionsCountAsPrerequisites) {
  for (int year : {2023, 2024}) {
    v1::RecordPriorAwardResponse recorded;
    grpc::Status status = RecordPrior(
        PriorLine(absl::StrCat("giay-", year), absl::StrCat(100 + year, "/QĐ-UBND"),
                  Day(year, 12, 20), "p", v1::AWARD_KIND_CSTD_CO_SO, year, year, 1'490'000),
        &recorded);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(recorded.outcome().state(), v1::DECISION_STATE_RECORDED_FROM_PAPER);
    EXPECT_EQ(recorded.number(), static_cast<uint32_t>(100 + year));
    EXPECT_FALSE(recorded.already_recorded());
  }
  Nominate("n-cstd-2025-p", "p", v1::AWARD_KIND_CSTD_CO_SO, 2025, 2025);
  ASSERT_TRUE(Draft("qd-cstd-2025-p", kCommune, Day(2025, 12, 10), {"n-cstd-2025-p"}).ok());
  v1::IssueDecisionResponse issued;
  ASSERT_TRUE(Issue("qd-cstd-2025-p", Day(2025, 12, 10), &issued).ok());
  EXPECT_EQ(issued.number(), 1u);  // the paper numbers were of 2023 and 2024

  Nominate("n-tinh-p", "p", v1::AWARD_KIND_CSTD_TINH, 2023, 2025);
  CouncilRecommends("n-tinh-p");
  ASSERT_TRUE(Forward(ForwardRequest("n-tinh-p", "tinh-p")).ok());
  Appraise("tinh-p");
  v1::DraftDecisionResponse drafted;
  grpc::Status status = Draft("qd-tinh-p", kProvince, Day(2025, 12, 25), {"tinh-p"}, &drafted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> stood_on;
  for (const v1::AwardRef& ref : drafted.drafted().awards(0).prerequisites()) {
    stood_on.insert(ref.decision_id());
  }
  EXPECT_TRUE(stood_on.contains("giay-2023") && stood_on.contains("giay-2024"))
      << drafted.drafted().DebugString();

  // Every view says it came from paper.
  const v1::GetDecisionResponse paper = GetDecision("giay-2024");
  EXPECT_EQ(paper.state(), v1::DECISION_STATE_RECORDED_FROM_PAPER);
  EXPECT_EQ(paper.prior().number(), 2124u);
  EXPECT_EQ(paper.prior().decision().number_text(), "2124/QĐ-UBND");
  EXPECT_EQ(paper.prior().legal_regime(), "Luật TĐKT 2022; NĐ 98/2023/NĐ-CP");
  EXPECT_EQ(GetDecision("giay-2023").prior().legal_regime(),
            "Luật TĐKT 2003 (sửa đổi 2005, 2013); NĐ 91/2017/NĐ-CP");
  ASSERT_EQ(paper.prior_awards_size(), 1);
  EXPECT_EQ(paper.prior_awards(0).amount_paid_vnd(), 1'490'000);
  EXPECT_TRUE(paper.document().empty());
  bool from_paper = false;
  for (const eventstore::RecordedEvent& event : Events(AwardeeStream(AwardeeOf("p")))) {
    auto granted = ParseEvent<v1::AwardGranted>(event);
    if (granted.ok() && granted->decision_id() == "giay-2023") from_paper = granted->from_paper();
  }
  EXPECT_TRUE(from_paper);
}

// A paper decision is checked against its own time and the register, never
// against today's rules: each inconsistency names its field or rule, and
// nothing is written.
TEST_F(DecisionsServiceTest, APaperDecisionIsCheckedForConsistencyWithItsTime) {
  const v1::RecordPriorAwardRequest first =
      PriorLine("giay-a", "15/QĐ-UBND", Day(2019, 12, 20), "q", v1::AWARD_KIND_GIAY_KHEN, 2019,
                2019, 745'000);
  ASSERT_TRUE(RecordPrior(first).ok());
  const size_t head = award::testing::ReadWholeLog(*real_store_).size();

  // The same line again: answered as recorded, nothing written, whatever its request id.
  v1::RecordPriorAwardRequest again = first;
  again.mutable_meta()->set_request_id("prior-giay-a-again");
  v1::RecordPriorAwardResponse repeated;
  ASSERT_TRUE(RecordPrior(again, &repeated).ok());
  EXPECT_TRUE(repeated.already_recorded());
  EXPECT_EQ(award::testing::ReadWholeLog(*real_store_).size(), head);

  struct Bad {
    std::string name;
    std::function<void(v1::RecordPriorAwardRequest&)> spoil;
    grpc::StatusCode code;
    std::string words;
  };
  const std::vector<Bad> cases = {
      {"a kind the regime of 2019 does not name",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-b");
         r.mutable_decision()->set_number_text("16/QĐ-UBND");
         r.mutable_award()->set_kind(v1::AWARD_KIND_XA_TIEU_BIEU);
         r.mutable_award()->set_subject_type(v1::SUBJECT_TYPE_COLLECTIVE);
       },
       grpc::StatusCode::FAILED_PRECONDITION, "NĐ 91/2017"},
      {"a number already taken that year",
       [](v1::RecordPriorAwardRequest& r) { r.set_decision_id("giay-c"); },
       grpc::StatusCode::ALREADY_EXISTS, "giay-a"},
      {"a header that differs from the one recorded",
       [](v1::RecordPriorAwardRequest& r) {
         *r.mutable_decision()->mutable_decision_date() = Day(2019, 12, 21);
         r.mutable_award()->set_awardee_id("other");
       },
       grpc::StatusCode::FAILED_PRECONDITION, "decision.decision_date"},
      {"the same award with another amount",
       [](v1::RecordPriorAwardRequest& r) { r.mutable_award()->set_amount_paid_vnd(1); },
       grpc::StatusCode::ALREADY_EXISTS, "other values"},
      {"a period after the decision",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-d");
         r.mutable_decision()->set_number_text("17/QĐ-UBND");
         r.mutable_award()->set_last_year(2020);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "award.last_year"},
      {"no number",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-e");
         r.mutable_decision()->set_number_text("QĐ-UBND");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "number_text"},
      {"before any regime entered",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-f");
         *r.mutable_decision()->mutable_decision_date() = Day(2009, 12, 20);
         r.mutable_award()->set_first_year(2009);
         r.mutable_award()->set_last_year(2009);
       },
       grpc::StatusCode::FAILED_PRECONDITION, "no legal regime"},
      {"a day still to come",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-g");
         *r.mutable_decision()->mutable_decision_date() = Day(2099, 1, 5);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "after today"},
      {"no scan",
       [](v1::RecordPriorAwardRequest& r) {
         r.set_decision_id("giay-h");
         r.mutable_decision()->clear_scan_sha256();
       },
       grpc::StatusCode::INVALID_ARGUMENT, "scan_sha256"},
  };
  for (const Bad& bad : cases) {
    v1::RecordPriorAwardRequest request = first;
    request.mutable_meta()->set_request_id("bad-" + bad.name);
    bad.spoil(request);
    grpc::Status status = RecordPrior(request);
    EXPECT_EQ(status.error_code(), bad.code) << bad.name << ": " << status.error_message();
    EXPECT_NE(status.error_message().find(bad.words), std::string::npos)
        << bad.name << ": " << status.error_message();
  }
  EXPECT_EQ(award::testing::ReadWholeLog(*real_store_).size(), head);
}

// A paper decision of this year keeps the number it bears; the platform's
// numbers go on after the highest one taken.
TEST_F(DecisionsServiceTest, ThePlatformNumbersAfterThePaperNumbersOfTheYear) {
  ASSERT_TRUE(RecordPrior(PriorLine("giay-2025", "40/QĐ-UBND", Day(2025, 3, 2), "r",
                                    v1::AWARD_KIND_GIAY_KHEN, 2024, 2024, 1'170'000))
                  .ok());
  Nominate("n-after", "s", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  ASSERT_TRUE(Draft("qd-after", kCommune, Day(2025, 12, 22), {"n-after"}).ok());
  v1::IssueDecisionResponse issued;
  ASSERT_TRUE(Issue("qd-after", Day(2025, 12, 22), &issued).ok());
  EXPECT_EQ(issued.number(), 41u);
  EXPECT_EQ(issued.number_text(), "41/QĐ-UBND");
}

TEST_F(DecisionsServiceTest, AnIssueThatFailsOnOneAwardeeStreamWritesNothingAnywhere) {
  Nominate("n-a", "a", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  Nominate("n-b", "b", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  ASSERT_TRUE(Draft("qd-1", kCommune, Day(2025, 12, 22), {"n-a", "n-b"}).ok());
  const size_t head = award::testing::ReadWholeLog(*real_store_).size();
  store_->conflict_stream = AwardeeStream(AwardeeOf("b"));
  grpc::Status failed = Issue("qd-1", Day(2025, 12, 22));
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::ABORTED) << failed.error_message();
  store_->conflict_stream.clear();
  // Only the other writer's three notes were added: no number, no grant, no resolution.
  const std::vector<eventstore::RecordedEvent> all = award::testing::ReadWholeLog(*real_store_);
  ASSERT_EQ(all.size(), head + 3);
  for (size_t i = head; i < all.size(); ++i) EXPECT_EQ(all[i].event.type, "OtherWriterNote");
  EXPECT_TRUE(Events(RegisterStream(kCommune, 2025)).empty());
  EXPECT_EQ(Nomination("n-a").state(), v1::NOMINATION_STATE_APPRAISED);
  EXPECT_EQ(GetDecision("qd-1").state(), v1::DECISION_STATE_DRAFTED);

  v1::IssueDecisionResponse issued;
  ASSERT_TRUE(Issue("qd-1", Day(2025, 12, 22), &issued).ok());
  EXPECT_EQ(issued.number(), 1u);  // the failure took no number
}

TEST_F(DecisionsServiceTest, ForwardedDecidedAboveAndSentForReviewWhenItsGroundIsRevoked) {
  // Three years of Chiến sĩ thi đua cơ sở, granted by the commune in one decision.
  for (int year : {2023, 2024, 2025}) {
    Nominate(absl::StrCat("n-cstd-", year), "chi", v1::AWARD_KIND_CSTD_CO_SO, year, year);
  }
  ASSERT_TRUE(
      Draft("qd-cstd", kCommune, Day(2025, 12, 10), {"n-cstd-2023", "n-cstd-2024", "n-cstd-2025"})
          .ok());
  ASSERT_TRUE(Issue("qd-cstd", Day(2025, 12, 10)).ok());

  // CSTĐ tỉnh: proposed to the commune, recommended by its council, decided by the province.
  Nominate("n-tinh", "chi", v1::AWARD_KIND_CSTD_TINH, 2023, 2025);
  EXPECT_EQ(Draft("qd-x", kCommune, Day(2025, 12, 20), {"n-tinh"}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // R1: not the commune's to decide
  CouncilRecommends("n-tinh");
  v1::ForwardNominationRequest forward = ForwardRequest("n-tinh", "tinh-n-tinh");
  {
    grpc::Status status = Forward(forward);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  const v1::GetNominationResponse sent = Nomination("n-tinh");
  EXPECT_EQ(sent.state(), v1::NOMINATION_STATE_FORWARDED);
  EXPECT_EQ(sent.forwarded().forwarded_nomination_id(), "tinh-n-tinh");
  v1::GetNominationResponse arrived = Nomination("tinh-n-tinh");
  EXPECT_EQ(arrived.state(), v1::NOMINATION_STATE_SUBMITTED);
  EXPECT_EQ(arrived.draft().authority_id(), kProvince);
  EXPECT_EQ(arrived.draft().forwarded_from().nomination_id(), "n-tinh");
  EXPECT_EQ(arrived.draft().forwarded_from().council_outcome().tally().agree(), 13u);
  EXPECT_EQ(arrived.documents_size(), 4);
  {
    *forward.mutable_meta() = Meta("forward-again", kClerk);
    forward.set_forwarded_nomination_id("tinh-n-tinh-2");
    EXPECT_EQ(Forward(forward).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  }

  Appraise("tinh-n-tinh");
  v1::DraftDecisionResponse provincial;
  grpc::Status drafted =
      Draft("qd-tinh", kProvince, Day(2025, 12, 25), {"tinh-n-tinh"}, &provincial);
  ASSERT_TRUE(drafted.ok()) << drafted.error_message();
  EXPECT_EQ(provincial.drafted().awards(0).amount_vnd(), 7'020'000);
  // One decision granted all three: the reference is by decision and kind.
  EXPECT_EQ(provincial.drafted().awards(0).prerequisites_size(), 1);
  ASSERT_TRUE(Issue("qd-tinh", Day(2025, 12, 26)).ok());
  EXPECT_EQ(Nomination("tinh-n-tinh").state(), v1::NOMINATION_STATE_DECIDED);

  // E7: the 2024 CSTĐ cơ sở is revoked, by the commune that issued it.
  v1::RevokeDecisionRequest revoke =
      award::testing::FalseDocumentsRevocation(Meta("revoke-2024", kClerk), "qd-cstd", kProvince,
                                               "n-cstd-2024", "Hồ sơ năm 2024 kê khai sai");
  {
    grpc::ClientContext context;
    v1::RevokeDecisionResponse response;
    EXPECT_EQ(stub_->RevokeDecision(&context, revoke, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  revoke.set_authority_id(kCommune);
  v1::RevokeDecisionResponse revoked;
  {
    grpc::ClientContext context;
    grpc::Status status = stub_->RevokeDecision(&context, revoke, &revoked);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(revoked.recovery_total_vnd(), 2'340'000);
  // Revoked on Monday 2 March 2026: fifteen working days end on Monday 23 March.
  EXPECT_EQ(ToCivilDay(revoked.recovery_due_on()), absl::CivilDay(2026, 3, 23));
  ASSERT_EQ(revoked.needs_review_size(), 1);
  EXPECT_EQ(revoked.needs_review(0).decision_id(), "qd-tinh");
  EXPECT_EQ(revoked.outcome().state(), v1::DECISION_STATE_ISSUED);  // two awards stand

  EXPECT_EQ(Nomination("n-cstd-2024").state(), v1::NOMINATION_STATE_REVOKED);
  EXPECT_EQ(Nomination("n-cstd-2023").state(), v1::NOMINATION_STATE_DECIDED);
  const v1::GetNominationResponse review = Nomination("tinh-n-tinh");
  EXPECT_EQ(review.state(), v1::NOMINATION_STATE_NEEDS_REVIEW);  // flagged, never revoked
  EXPECT_EQ(review.revoked_prerequisite().decision_id(), "qd-cstd");
  std::vector<std::string> awardee_types;
  for (const auto& event : Events(AwardeeStream(AwardeeOf("chi")))) {
    awardee_types.push_back(event.event.type);
  }
  EXPECT_EQ(awardee_types,
            (std::vector<std::string>{"AwardGranted", "AwardGranted", "AwardGranted",
                                      "AwardGranted", "AwardRevoked", "AwardNeedsReview"}));

  // The rest of it: the decision is then revoked as a whole.
  *revoke.mutable_meta() = Meta("revoke-rest", kClerk);
  revoke.clear_nomination_ids();
  v1::RevokeDecisionResponse rest;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->RevokeDecision(&context, revoke, &rest).ok());
  }
  EXPECT_EQ(rest.outcome().state(), v1::DECISION_STATE_REVOKED);
  EXPECT_EQ(rest.recovery_total_vnd(), 4'680'000);
  EXPECT_EQ(GetDecision("qd-cstd").revoked_nomination_ids_size(), 3);
}

TEST_F(DecisionsServiceTest, BadInputNamesTheField) {
  Nominate("n-a", "a", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, 2025, 2025);
  EXPECT_EQ(Draft("", kCommune, Day(2025, 12, 22), {"n-a"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::Date no_day;
  no_day.set_year(2025);
  no_day.set_month(13);
  no_day.set_day(22);
  EXPECT_EQ(Draft("qd-1", kCommune, no_day, {"n-a"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Draft("qd-2", kCommune, Day(2025, 12, 22), {}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Draft("qd-3", kCommune, Day(2025, 12, 22), {"n-a", "n-a"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Draft("qd-4", kCommune, Day(2025, 12, 22), {"n-none"}).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Issue("qd-none", Day(2025, 12, 22)).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Events(DecisionStream("qd-1")).empty());
}

}  // namespace
}  // namespace award::decisions

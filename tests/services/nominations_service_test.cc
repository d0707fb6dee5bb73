// award.v1.Nominations over gRPC on 127.0.0.1, against a real eventstore_server
// process, with the remote client and the shipped rule sets.
#include "services/nominations/nominations_service.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "award/v1/awardees.pb.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/v1/eventstore.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/nominations/domain/awardee_id.h"
#include "services/nominations/domain/cluster.h"
#include "tests/support/api_values.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace award::nominations {
namespace {

constexpr char kClerk[] = "clerk:pham.van.d@truong-th-tan-lap";
using award::testing::Meta;

using award::testing::Day;

class NominationsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    event_store_ = std::make_unique<award::testing::ServerProcess>(dir_.Sub("data"));
    ASSERT_FALSE(event_store_->address.empty());
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    store_ = eventstore::ConnectRemoteEventStore(event_store_->address);
    service_ = std::make_unique<NominationsService>(*store_, *rules_, calendar_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = v1::Nominations::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                         grpc::InsecureChannelCredentials()));
    ASSERT_TRUE(RegisterAuthority("ubnd-xa-tan-lap", "Ủy ban nhân dân xã Tân Lập",
                                  v1::AUTHORITY_LEVEL_COMMUNE)
                    .ok());
  }

  grpc::Status RegisterAuthority(const std::string& id, const std::string& name,
                                 v1::AuthorityLevel level) {
    v1::RegisterAuthorityRequest request;
    *request.mutable_meta() = Meta("register-" + id, kClerk);
    v1::AuthorityRegistered& authority = *request.mutable_authority();
    authority.set_authority_id(id);
    authority.set_name(name);
    authority.set_level(level);
    authority.set_parent_id("ubnd-tinh-lang-son");
    authority.set_decision_symbol("QĐ-UBND");
    *authority.mutable_established_on() = Day(2000, 1, 1);
    grpc::ClientContext context;
    v1::RegisterAuthorityResponse response;
    return stub_->RegisterAuthority(&context, request, &response);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  v1::DraftNominationRequest DraftRequest(const std::string& id, const std::string& name,
                                          const std::string& identity = "") {
    v1::DraftNominationRequest request;
    *request.mutable_meta() = Meta("draft-" + id, kClerk);
    v1::NominationDrafted& draft = *request.mutable_draft();
    draft.set_nomination_id(id);
    draft.set_authority_id("ubnd-xa-tan-lap");
    draft.set_proposer_unit("truong-tieu-hoc-tan-lap");
    draft.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    draft.mutable_nominee()->set_awardee_id(
        *AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, identity.empty() ? "001085000" + id : identity));
    draft.mutable_nominee()->set_full_name(name);
    draft.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
    draft.mutable_period()->set_year(2025);
    draft.set_basis(v1::BASIS_MERIT);
    return request;
  }

  grpc::Status Draft(const v1::DraftNominationRequest& request,
                     v1::NominationOutcome* outcome = nullptr) {
    grpc::ClientContext context;
    v1::DraftNominationResponse response;
    grpc::Status status = stub_->DraftNomination(&context, request, &response);
    if (outcome != nullptr) *outcome = response.outcome();
    return status;
  }

  void AttachDossier(const std::string& id) {
    char fill = 'a';
    for (v1::DocumentKind kind :
         {v1::DOCUMENT_KIND_SUBMISSION_MEMO, v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
          v1::DOCUMENT_KIND_REVIEW_MINUTES}) {
      v1::AttachDocumentRequest request;
      *request.mutable_meta() = Meta(id + "-attach-" + fill, kClerk);
      request.set_nomination_id(id);
      request.mutable_document()->set_kind(kind);
      request.mutable_document()->set_title(v1::DocumentKind_Name(kind));
      request.mutable_document()->set_sha256(std::string(32, fill++));
      grpc::ClientContext context;
      v1::AttachDocumentResponse response;
      ASSERT_TRUE(stub_->AttachDocument(&context, request, &response).ok());
    }
  }

  grpc::Status Submit(const std::string& id, const std::string& request_id) {
    v1::SubmitNominationRequest request;
    *request.mutable_meta() = Meta(request_id, kClerk);
    request.set_nomination_id(id);
    *request.mutable_received_on() = Day(2025, 12, 1);
    grpc::ClientContext context;
    v1::SubmitNominationResponse response;
    return stub_->SubmitNomination(&context, request, &response);
  }

  v1::GetNominationResponse Get(const std::string& id) {
    v1::GetNominationRequest request;
    request.set_nomination_id(id);
    grpc::ClientContext context;
    v1::GetNominationResponse response;
    EXPECT_TRUE(stub_->GetNomination(&context, request, &response).ok());
    return response;
  }

  award::testing::TempDir dir_;
  std::unique_ptr<award::testing::ServerProcess> event_store_;
  std::unique_ptr<RuleBook> rules_;
  const WorkingDayCalendar calendar_{{}};
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<NominationsService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Nominations::Stub> stub_;
};

TEST_F(NominationsServiceTest, ANominationGoesFromDraftToAppraised) {
  ASSERT_TRUE(Draft(DraftRequest("0001", "Trần Văn Minh")).ok());
  AttachDossier("0001");
  ASSERT_TRUE(Submit("0001", "submit-1").ok());
  v1::AppraiseNominationRequest appraise;
  *appraise.mutable_meta() = Meta("appraise-1", kClerk);
  appraise.mutable_meta()->set_actor("appraiser:phong-noi-vu");
  appraise.set_nomination_id("0001");
  appraise.set_pass(true);
  grpc::ClientContext context;
  v1::AppraiseNominationResponse appraised;
  grpc::Status status = stub_->AppraiseNomination(&context, appraise, &appraised);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(appraised.outcome().state(), v1::NOMINATION_STATE_APPRAISED);

  const v1::GetNominationResponse nomination = Get("0001");
  EXPECT_EQ(nomination.state(), v1::NOMINATION_STATE_APPRAISED);
  EXPECT_EQ(nomination.rule_set_version(), "D152-2025");
  ASSERT_EQ(nomination.history_size(), 6);
  EXPECT_EQ(nomination.history(0).event_type(), "NominationDrafted");
  EXPECT_EQ(nomination.history(5).event_type(), "AppraisalPassed");
  EXPECT_EQ(nomination.history(5).actor(), "appraiser:phong-noi-vu");
  EXPECT_EQ(nomination.history(5).position(), appraised.outcome().recorded().position());
}

TEST_F(NominationsServiceTest, OfTwoClientsSubmittingAtOnceExactlyOneWins) {
  ASSERT_TRUE(Draft(DraftRequest("0002", "Lê Thị Lan")).ok());
  AttachDossier("0002");
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&, c] {
      grpc::Status status = Submit("0002", "submit-client-" + std::to_string(c));
      if (status.ok()) won.fetch_add(1);
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) refused.fetch_add(1);
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 1);
  EXPECT_EQ(Get("0002").history_size(), 5);
}

TEST_F(NominationsServiceTest, ARetriedRequestIsAnsweredOnce) {
  const v1::DraftNominationRequest request = DraftRequest("0003", "Hoàng Văn Nam");
  v1::NominationOutcome first;
  v1::NominationOutcome again;
  ASSERT_TRUE(Draft(request, &first).ok());
  ASSERT_TRUE(Draft(request, &again).ok());
  EXPECT_FALSE(first.recorded().repeated());
  EXPECT_TRUE(again.recorded().repeated());
  EXPECT_EQ(again.recorded().version(), first.recorded().version());
  EXPECT_EQ(again.recorded().position(), first.recorded().position());
  EXPECT_EQ(Get("0003").history_size(), 1);
}

TEST_F(NominationsServiceTest, NamesInNfdAndNfcAreStoredAsOne) {
  const std::string nfc = "Nguy\u1ec5n Th\u1ecb \u00c1nh";
  const std::string nfd = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh";
  ASSERT_TRUE(Draft(DraftRequest("0004", nfd)).ok());
  ASSERT_TRUE(Draft(DraftRequest("0005", nfc)).ok());
  EXPECT_EQ(Get("0004").draft().nominee().full_name(), nfc);
  EXPECT_EQ(Get("0004").draft().nominee().full_name(), Get("0005").draft().nominee().full_name());
}

TEST_F(NominationsServiceTest, ANomineeHasOneLiveNominationPerKindAndPeriod) {
  ASSERT_TRUE(Draft(DraftRequest("0010", "Vũ Thị Mai", "036190001234")).ok());
  grpc::Status second = Draft(DraftRequest("0011", "Vũ Thị Mai", "036190001234"));
  EXPECT_EQ(second.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(second.error_message().find("0010"), std::string::npos) << second.error_message();

  v1::WithdrawNominationRequest withdraw;
  *withdraw.mutable_meta() = Meta("withdraw-0010", kClerk);
  withdraw.set_nomination_id("0010");
  withdraw.set_reason("đề nghị nhầm đơn vị");
  grpc::ClientContext context;
  v1::WithdrawNominationResponse withdrawn;
  ASSERT_TRUE(stub_->WithdrawNomination(&context, withdraw, &withdrawn).ok());
  v1::DraftNominationRequest again = DraftRequest("0011", "Vũ Thị Mai", "036190001234");
  again.mutable_meta()->set_request_id("draft-0011-after-withdrawal");
  grpc::Status third = Draft(again);
  EXPECT_TRUE(third.ok()) << third.error_message();
}

TEST_F(NominationsServiceTest, OfTwoDraftsRacingForOneNomineeExactlyOneWins) {
  std::atomic<int> won{0};
  std::atomic<int> duplicate{0};
  std::vector<std::thread> clients;
  for (const std::string id : {"0020", "0021"}) {
    clients.emplace_back([&, id] {
      grpc::Status status = Draft(DraftRequest(id, "Bùi Văn Tâm", "025088004321"));
      if (status.ok()) won.fetch_add(1);
      if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) duplicate.fetch_add(1);
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(duplicate.load(), 1);
}

TEST_F(NominationsServiceTest, ADraftToADissolvedAuthorityIsRefused) {
  ASSERT_TRUE(
      RegisterAuthority("ubnd-huyen-cao-loc", "UBND huyện Cao Lộc", v1::AUTHORITY_LEVEL_DISTRICT)
          .ok());
  v1::DissolveAuthorityRequest dissolve;
  *dissolve.mutable_meta() = Meta("dissolve-cao-loc", kClerk);
  dissolve.set_authority_id("ubnd-huyen-cao-loc");
  *dissolve.mutable_dissolved()->mutable_effective_on() = Day(2025, 7, 1);
  grpc::ClientContext context;
  v1::DissolveAuthorityResponse dissolved;
  ASSERT_TRUE(stub_->DissolveAuthority(&context, dissolve, &dissolved).ok());

  v1::DraftNominationRequest request = DraftRequest("0030", "Lý Văn Sơn");
  request.mutable_draft()->set_authority_id("ubnd-huyen-cao-loc");
  grpc::Status status = Draft(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("R2"), std::string::npos) << status.error_message();

  v1::GetAuthorityRequest get;
  get.set_authority_id("ubnd-huyen-cao-loc");
  grpc::ClientContext get_context;
  v1::GetAuthorityResponse authority;
  ASSERT_TRUE(stub_->GetAuthority(&get_context, get, &authority).ok());
  EXPECT_EQ(authority.status(), v1::AUTHORITY_STATUS_DISSOLVED);
  EXPECT_EQ(authority.ended_on().year(), 2025);
}

TEST_F(NominationsServiceTest, ACampaignTakesNominationsOfItsKindsWhileOpen) {
  v1::LaunchCampaignRequest launch;
  *launch.mutable_meta() = Meta("launch-2025", kClerk);
  v1::CampaignLaunched& campaign = *launch.mutable_campaign();
  campaign.set_campaign_id("thi-dua-2025");
  campaign.set_authority_id("ubnd-xa-tan-lap");
  campaign.set_name("Phong trào thi đua năm 2025");
  campaign.set_type(v1::CAMPAIGN_TYPE_REGULAR);
  *campaign.mutable_starts_on() = Day(2025, 1, 1);
  *campaign.mutable_ends_on() = Day(2025, 12, 31);
  campaign.add_eligible_kinds(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  grpc::ClientContext launch_context;
  v1::LaunchCampaignResponse launched;
  grpc::Status status = stub_->LaunchCampaign(&launch_context, launch, &launched);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::DraftNominationRequest within = DraftRequest("0040", "Mai Văn Phúc");
  within.mutable_draft()->set_campaign_id("thi-dua-2025");
  EXPECT_TRUE(Draft(within).ok());
  v1::DraftNominationRequest other_kind = DraftRequest("0041", "Mai Thị Quế");
  other_kind.mutable_draft()->set_campaign_id("thi-dua-2025");
  other_kind.mutable_draft()->set_kind(v1::AWARD_KIND_GIAY_KHEN);
  EXPECT_EQ(Draft(other_kind).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::CloseCampaignRequest close;
  *close.mutable_meta() = Meta("close-2025", kClerk);
  close.set_campaign_id("thi-dua-2025");
  *close.mutable_closed()->mutable_closed_on() = Day(2025, 12, 31);
  grpc::ClientContext close_context;
  v1::CloseCampaignResponse closed;
  ASSERT_TRUE(stub_->CloseCampaign(&close_context, close, &closed).ok());
  v1::DraftNominationRequest late = DraftRequest("0042", "Mai Văn Quang");
  late.mutable_draft()->set_campaign_id("thi-dua-2025");
  grpc::Status refused = Draft(late);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("closed"), std::string::npos);
}

TEST_F(NominationsServiceTest, E6TheNomineesAwardsComeFromItsAwardeeStream) {
  v1::DraftNominationRequest request = DraftRequest("0050", "Đinh Văn Lực", "019077000111");
  request.mutable_draft()->set_kind(v1::AWARD_KIND_CSTD_TINH);
  v1::YearRecord* year = request.mutable_draft()->add_years();
  year->set_year(2025);
  year->set_rating(v1::RATING_EXCELLENT);
  year->add_initiatives(v1::INITIATIVE_SCOPE_PROVINCE);
  ASSERT_TRUE(Draft(request).ok());
  AttachDossier("0050");
  v1::AttachDocumentRequest certification;
  *certification.mutable_meta() = Meta("0050-attach-initiative", kClerk);
  certification.set_nomination_id("0050");
  certification.mutable_document()->set_kind(v1::DOCUMENT_KIND_INITIATIVE_CERTIFICATION);
  certification.mutable_document()->set_title("Xác nhận sáng kiến cấp tỉnh");
  certification.mutable_document()->set_sha256(std::string(32, 'i'));
  grpc::ClientContext context;
  v1::AttachDocumentResponse attached;
  ASSERT_TRUE(stub_->AttachDocument(&context, certification, &attached).ok());

  // What the decisions service records: grassroots fighter in 2022, 2024 and 2025.
  const std::string awardee = "awardee-" + request.draft().nominee().awardee_id();
  auto grant = [&](int year) {
    v1::AwardGranted granted;
    granted.set_decision_id("qd-" + std::to_string(year));
    *granted.mutable_decision_date() = Day(year, 12, 20);
    granted.set_kind(v1::AWARD_KIND_CSTD_CO_SO);
    granted.set_first_year(year);
    granted.set_last_year(year);
    granted.set_basis(v1::BASIS_MERIT);
    eventstore::EventData event;
    event.id = eventstore::EventId::New();
    event.type = "AwardGranted";
    event.content_type = "award.v1.AwardGranted";
    event.payload = granted.SerializeAsString();
    eventstore::AppendRequest append;
    append.streams.push_back({awardee, eventstore::ExpectedVersion::Any(), {event}});
    ASSERT_TRUE(store_->Append(append).ok());
  };
  for (int y : {2022, 2024, 2025}) grant(y);
  grpc::Status gap = Submit("0050", "submit-0050");
  EXPECT_EQ(gap.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(gap.error_message().find("R4: no Chiến sĩ thi đua cơ sở for 2023"), std::string::npos)
      << gap.error_message();
  grant(2023);
  grpc::Status submitted = Submit("0050", "submit-0050-again");
  EXPECT_TRUE(submitted.ok()) << submitted.error_message();
}

TEST_F(NominationsServiceTest, ACommandWithoutItsActorIsRefusedNamingTheField) {
  v1::DraftNominationRequest request = DraftRequest("0006", "Đỗ Văn Hùng");
  request.mutable_meta()->clear_actor();
  grpc::Status status = Draft(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  eventstore::v1::ErrorDetails details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.field(), "actor");
}

}  // namespace
}  // namespace award::nominations

namespace award::nominations {
namespace {

// A province's emulation clusters of `year`: constituted, pledged, scored and
// ranked, and proposing their leaders under R10.
class ClusterTest : public NominationsServiceTest {
 protected:
  static constexpr char kProvince[] = "ubnd-tinh-lang-son";

  void SetUp() override {
    NominationsServiceTest::SetUp();
    v1::RegisterAuthorityRequest request;
    *request.mutable_meta() = Meta("register-province", kClerk);
    *request.mutable_authority() =
        testing::AuthorityEntry(kProvince, "Ủy ban nhân dân tỉnh Lạng Sơn",
                                v1::AUTHORITY_LEVEL_PROVINCE, "", Day(2000, 1, 1));
    grpc::ClientContext context;
    v1::RegisterAuthorityResponse response;
    ASSERT_TRUE(stub_->RegisterAuthority(&context, request, &response).ok());
  }

  static std::string Unit(const std::string& cluster, int i) {
    return absl::StrCat(cluster, "-dv-", i);
  }

  v1::ConstituteClusterRequest Constitution(const std::string& id, int year, int members = 6) {
    v1::ConstituteClusterRequest request;
    *request.mutable_meta() = Meta("constitute-" + id, kClerk);
    v1::ClusterConstituted& cluster = *request.mutable_cluster();
    cluster.set_cluster_id(id);
    cluster.set_authority_id(kProvince);
    cluster.set_year(year);
    cluster.set_grouping(v1::CLUSTER_GROUPING_TERRITORY);
    cluster.set_name("Cụm thi đua các xã biên giới " + id);
    for (int i = 1; i <= members; ++i) {
      v1::ClusterMember& member = *cluster.add_members();
      member.set_unit_id(Unit(id, i));
      member.set_name(absl::StrCat("Ủy ban nhân dân xã ", i));
    }
    cluster.set_head_unit_id(Unit(id, 1));
    cluster.set_deputy_unit_id(Unit(id, 2));
    *cluster.mutable_constituted_on() = Day(year, 1, 10);
    return request;
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::Nominations::Stub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*),
                    const Request& request, Response* response = nullptr) {
    grpc::ClientContext context;
    Response ignored;
    return ((*stub_).*method)(&context, request, response ? response : &ignored);
  }

  grpc::Status Pledge(const std::string& id, int year) {
    v1::SignClusterPledgeRequest request;
    *request.mutable_meta() = Meta("pledge-" + id, kClerk);
    request.set_cluster_id(id);
    *request.mutable_pledge()->mutable_signed_on() = Day(year, 1, 15);
    request.mutable_pledge()->set_title("Giao ước thi đua năm " + std::to_string(year));
    request.mutable_pledge()->set_document_sha256(std::string(32, 'p'));
    return Call(&v1::Nominations::Stub::SignClusterPledge, request);
  }

  // Unit i scores 1000 - 10 i, so unit 1 leads.
  grpc::Status Score(const std::string& id, int year, int members = 6,
                     v1::RecordClusterScoresResponse* response = nullptr) {
    v1::RecordClusterScoresRequest request;
    *request.mutable_meta() = Meta("score-" + id, kClerk);
    request.set_cluster_id(id);
    *request.mutable_scored_on() = Day(year, 12, 10);
    for (int i = 1; i <= members; ++i) {
      v1::UnitScore& score = *request.add_scores();
      score.set_unit_id(Unit(id, i));
      score.set_score_tenths(1000 - 10 * i);
    }
    return Call(&v1::Nominations::Stub::RecordClusterScores, request, response);
  }

  grpc::Status Propose(const std::string& id, int year, v1::AwardKind leader_kind,
                       const std::string& request_id,
                       v1::ProposeClusterLeadersResponse* response = nullptr) {
    v1::ProposeClusterLeadersRequest request;
    *request.mutable_meta() = Meta(request_id, kClerk);
    request.set_cluster_id(id);
    *request.mutable_proposed()->mutable_proposed_on() = Day(year, 12, 15);
    v1::ClusterProposal& leader = *request.mutable_proposed()->add_proposals();
    leader.set_unit_id(Unit(id, 1));
    leader.set_kind(leader_kind);
    leader.set_meets_provincial_flag_standard(true);
    v1::ClusterProposal& second = *request.mutable_proposed()->add_proposals();
    second.set_unit_id(Unit(id, 2));
    second.set_kind(v1::AWARD_KIND_BANG_KHEN_TINH);
    return Call(&v1::Nominations::Stub::ProposeClusterLeaders, request, response);
  }

  // Constituted, pledged and scored.
  void Scored(const std::string& id, int year) {
    grpc::Status constituted =
        Call(&v1::Nominations::Stub::ConstituteCluster, Constitution(id, year));
    ASSERT_TRUE(constituted.ok()) << constituted.error_message();
    ASSERT_TRUE(Pledge(id, year).ok());
    ASSERT_TRUE(Score(id, year).ok());
  }
};

TEST_F(ClusterTest, AClusterYearFromConstitutionToItsProposedLeaders) {
  for (const auto& [spoil, field] :
       std::vector<std::pair<std::function<void(v1::ConstituteClusterRequest&)>, std::string>>{
           {[](v1::ConstituteClusterRequest& r) { r.mutable_cluster()->set_head_unit_id("x"); },
            "cluster.head_unit_id"},
           {[](v1::ConstituteClusterRequest& r) {
              r.mutable_cluster()->set_deputy_unit_id(r.cluster().head_unit_id());
            },
            "cluster.deputy_unit_id"},
           {[](v1::ConstituteClusterRequest& r) {
              *r.mutable_cluster()->add_members() = r.cluster().members(0);
            },
            "cluster.members[6].unit_id"},
           {[](v1::ConstituteClusterRequest& r) {
              *r.mutable_cluster()->mutable_constituted_on() = Day(2023, 12, 1);
            },
            "cluster.constituted_on"}}) {
    v1::ConstituteClusterRequest request = Constitution("cum-1", 2025);
    spoil(request);
    grpc::Status status = Call(&v1::Nominations::Stub::ConstituteCluster, request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_NE(status.error_message().find(field), std::string::npos) << status.error_message();
  }
  ASSERT_TRUE(Call(&v1::Nominations::Stub::ConstituteCluster, Constitution("cum-1", 2025)).ok());
  EXPECT_EQ(Score("cum-1", 2025).error_code(), grpc::StatusCode::FAILED_PRECONDITION);  // no pledge
  ASSERT_TRUE(Pledge("cum-1", 2025).ok());
  EXPECT_EQ(Score("cum-1", 2025, 5).error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // one short
  v1::RecordClusterScoresResponse scored;
  ASSERT_TRUE(Score("cum-1", 2025, 6, &scored).ok());
  ASSERT_EQ(scored.ranking_size(), 6);
  EXPECT_EQ(scored.ranking(0).unit_id(), Unit("cum-1", 1));
  EXPECT_EQ(scored.ranking(5).rank(), 6u);

  // The flag goes to the leading unit; Cờ CP needs R10's room, which one leader lacks.
  grpc::Status low = Propose("cum-1", 2025, v1::AWARD_KIND_CO_THI_DUA_TINH, "p-low");
  EXPECT_TRUE(low.ok()) << low.error_message();
  grpc::Status government = Propose("cum-1", 2025, v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU, "p-cp");
  EXPECT_EQ(government.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(government.error_message().find("R10"), std::string::npos)
      << government.error_message();

  v1::GetClusterRequest get;
  get.set_cluster_id("cum-1");
  v1::GetClusterResponse cluster;
  ASSERT_TRUE(Call(&v1::Nominations::Stub::GetCluster, get, &cluster).ok());
  EXPECT_EQ(cluster.cluster().head_unit_id(), Unit("cum-1", 1));
  EXPECT_EQ(cluster.pledge().title(), "Giao ước thi đua năm 2025");
  EXPECT_EQ(cluster.scores().scores_size(), 6);
  ASSERT_EQ(cluster.proposed().proposals_size(), 2);
  EXPECT_EQ(cluster.proposed().proposals(0).kind(), v1::AWARD_KIND_CO_THI_DUA_TINH);

  // A Cờ thi đua is nominated from its cluster's proposals only.
  v1::DraftNominationRequest flag = DraftRequest("n-co-1", "Ủy ban nhân dân xã 1");
  flag.mutable_draft()->set_kind(v1::AWARD_KIND_CO_THI_DUA_TINH);
  flag.mutable_draft()->mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_COLLECTIVE);
  flag.mutable_draft()->mutable_nominee()->set_awardee_id(*UnitAwardeeId(Unit("cum-1", 2)));
  grpc::Status without = Draft(flag);
  EXPECT_EQ(without.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(without.error_message().find("draft.cluster_id"), std::string::npos)
      << without.error_message();
  flag.mutable_draft()->set_cluster_id("cum-1");
  grpc::Status not_proposed = Draft(flag);
  EXPECT_EQ(not_proposed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(not_proposed.error_message().find("did not propose"), std::string::npos)
      << not_proposed.error_message();
  flag.mutable_draft()->mutable_nominee()->set_awardee_id(*UnitAwardeeId(Unit("cum-1", 1)));
  grpc::Status proposed = Draft(flag);
  EXPECT_EQ(proposed.error_message().find("cluster"), std::string::npos)
      << proposed.error_message();
}

// R10 across the province's clusters of a year: with five leaders that met
// the provincial flag's standard there is room for one Cờ CP proposal. Two
// clusters asking for it at the same moment, ten times: exactly one gets it.
TEST_F(ClusterTest, TwoClustersRacingForTheLastGovernmentFlagNeverBothGetIt) {
  for (int round = 0; round < 10; ++round) {
    const int year = 2015 + round;
    std::vector<std::string> clusters;
    for (int c = 0; c < 5; ++c) {
      clusters.push_back(absl::StrCat("cum-", year, "-", c));
      Scored(clusters.back(), year);
      if (HasFatalFailure()) return;
      ASSERT_TRUE(
          Propose(clusters.back(), year, v1::AWARD_KIND_CO_THI_DUA_TINH, "flag-" + clusters.back())
              .ok());
    }
    grpc::Status first, second;
    std::thread a([&] {
      first = Propose(clusters[0], year, v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU, "cp-" + clusters[0]);
    });
    std::thread b([&] {
      second = Propose(clusters[1], year, v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU, "cp-" + clusters[1]);
    });
    a.join();
    b.join();
    ASSERT_NE(first.ok(), second.ok())
        << year << ": " << first.error_message() << " / " << second.error_message();
    const grpc::Status& refused = first.ok() ? second : first;
    EXPECT_NE(refused.error_message().find("R10"), std::string::npos) << refused.error_message();
    v1::ListClustersRequest list;
    list.set_authority_id(kProvince);
    list.set_year(year);
    v1::ListClustersResponse listed;
    ASSERT_TRUE(Call(&v1::Nominations::Stub::ListClusters, list, &listed).ok());
    EXPECT_EQ(listed.clusters_size(), 5);
    EXPECT_EQ(listed.leaders_meeting_flag_standard(), 5u);
    EXPECT_EQ(listed.government_flag_proposals(), 1u);
  }
}

}  // namespace
}  // namespace award::nominations

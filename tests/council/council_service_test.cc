// award.v1.Council over gRPC on 127.0.0.1, beside award.v1.Nominations,
// against a real eventstore_server process, with the shipped rule sets and an
// override for the city's own council.
#include "services/council/council_service.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/proto_events.h"
#include "services/nominations/domain/awardee_id.h"
#include "services/nominations/nominations_service.h"
#include "tests/support/api_values.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace award::council {
namespace {

constexpr char kCity[] = "ubnd-thanh-pho";

// The city's council ballots Lao động tiên tiến at a simple majority of all
// members and allows an open vote on it; Giấy khen needs 60 % by secret ballot.
constexpr char kCityOverride[] = R"pb(
  authority_id: "ubnd-thanh-pho"
  rule_set_version: "D152-2025"
  ballots {
    kind: AWARD_KIND_LAO_DONG_TIEN_TIEN
    ballot {
      threshold_percent: 50
      open_vote_allowed: true
      quorum { numerator: 2 denominator: 3 }
    }
  }
  ballots {
    kind: AWARD_KIND_GIAY_KHEN
    ballot {
      threshold_percent: 60
      written_opinions_allowed: true
      quorum { numerator: 2 denominator: 3 }
    }
  }
)pb";

using award::testing::Day;

constexpr char kClerk[] = "clerk:ban-tdkt";
using award::testing::Meta;

std::string MemberId(int i) { return absl::StrCat("hd-", i); }

// Who chooses what in the concurrent test: a pattern every item differs in.
v1::BallotChoice ChoiceOf(int member, int item) {
  const int r = (member * 7 + item * 3) % 10;
  return r < 6   ? v1::BALLOT_CHOICE_AGREE
         : r < 9 ? v1::BALLOT_CHOICE_DISAGREE
                 : v1::BALLOT_CHOICE_ABSTAIN;
}

class CouncilServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    event_store_ = std::make_unique<award::testing::ServerProcess>(dir_.Sub("data"));
    ASSERT_FALSE(event_store_->address.empty());
    const std::string rules_dir = dir_.Sub("rules");
    std::filesystem::create_directory(rules_dir);
    for (const auto& entry : std::filesystem::directory_iterator(AWARD_RULES_DIR)) {
      std::filesystem::copy(entry.path(), rules_dir + "/" + entry.path().filename().string());
    }
    std::ofstream(rules_dir + "/ubnd-thanh-pho.override.textproto") << kCityOverride;
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(rules_dir);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    store_ = eventstore::ConnectRemoteEventStore(event_store_->address);
    nominations_ = std::make_unique<nominations::NominationsService>(*store_, *rules_, calendar_);
    council_ = std::make_unique<CouncilService>(
        *store_, *rules_, calendar_, seal_,
        CouncilServiceOptions{.today = [this] { return today_.load(); }});
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(nominations_.get());
    builder.RegisterService(council_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    noms_ = v1::Nominations::NewStub(channel);
    stub_ = v1::Council::NewStub(channel);

    v1::RegisterAuthorityRequest authority;
    *authority.mutable_meta() = Meta("register-city", kClerk);
    authority.mutable_authority()->set_authority_id(kCity);
    authority.mutable_authority()->set_name("Ủy ban nhân dân thành phố");
    authority.mutable_authority()->set_level(v1::AUTHORITY_LEVEL_PROVINCE);
    authority.mutable_authority()->set_decision_symbol("QĐ-UBND");
    *authority.mutable_authority()->mutable_established_on() = Day(2000, 1, 1);
    Call(&v1::Nominations::Stub::RegisterAuthority, noms_, authority);

    // The seeds' city council: 1 chair, 3 vice-chairs, 10 members; and a secretary.
    v1::ConstituteCouncilRequest constitute;
    *constitute.mutable_meta() = Meta("constitute", kClerk);
    v1::CouncilConstituted& council = *constitute.mutable_council();
    council.set_authority_id(kCity);
    council.set_name("Hội đồng Thi đua - Khen thưởng thành phố");
    *council.mutable_effective_on() = Day(2025, 1, 1);
    for (int i = 1; i <= 15; ++i) {
      v1::CouncilMember* member = council.add_members();
      member->set_member_id(MemberId(i));
      member->set_full_name(absl::StrCat("Thành viên Hội đồng số ", i));
      member->set_role(i == 1    ? v1::COUNCIL_ROLE_CHAIR
                       : i <= 4  ? v1::COUNCIL_ROLE_VICE_CHAIR
                       : i <= 14 ? v1::COUNCIL_ROLE_MEMBER
                                 : v1::COUNCIL_ROLE_SECRETARY);
    }
    Call(&v1::Council::Stub::ConstituteCouncil, stub_, constitute);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  template <typename Stub, typename Request, typename Response>
  grpc::Status TryCall(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
                       const std::unique_ptr<Stub>& stub, const Request& request,
                       Response* response = nullptr) {
    Response ignored;
    grpc::ClientContext context;
    return ((*stub).*method)(&context, request, response ? response : &ignored);
  }

  template <typename Stub, typename Request, typename Response>
  Response Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                const std::unique_ptr<Stub>& stub, const Request& request) {
    Response response;
    grpc::Status status = TryCall(method, stub, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // A nomination for `kind`, drafted by the city's Department of Home Affairs.
  void Drafted(const std::string& id, v1::AwardKind kind) {
    v1::DraftNominationRequest draft;
    *draft.mutable_meta() = Meta("draft-" + id, kClerk);
    v1::NominationDrafted& d = *draft.mutable_draft();
    d.set_nomination_id(id);
    d.set_authority_id(kCity);
    d.set_proposer_unit("so-noi-vu");
    d.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    d.mutable_nominee()->set_awardee_id(
        *nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "0790" + id));
    d.mutable_nominee()->set_full_name("Nguyễn Thị " + id);
    d.set_kind(kind);
    d.mutable_period()->set_year(2025);
    d.set_basis(v1::BASIS_MERIT);
    Call(&v1::Nominations::Stub::DraftNomination, noms_, draft);
  }

  // ... with its dossier, submitted and appraised.
  void Appraised(const std::string& id, v1::AwardKind kind = v1::AWARD_KIND_LAO_DONG_TIEN_TIEN) {
    Drafted(id, kind);
    char fill = 'a';
    for (v1::DocumentKind document :
         {v1::DOCUMENT_KIND_SUBMISSION_MEMO, v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
          v1::DOCUMENT_KIND_REVIEW_MINUTES}) {
      v1::AttachDocumentRequest attach;
      *attach.mutable_meta() = Meta(absl::StrCat("attach-", id, "-", std::string(1, fill)), kClerk);
      attach.set_nomination_id(id);
      attach.mutable_document()->set_kind(document);
      attach.mutable_document()->set_title(v1::DocumentKind_Name(document));
      attach.mutable_document()->set_sha256(std::string(32, fill++));
      Call(&v1::Nominations::Stub::AttachDocument, noms_, attach);
    }
    v1::SubmitNominationRequest submit;
    *submit.mutable_meta() = Meta("submit-" + id, kClerk);
    submit.set_nomination_id(id);
    *submit.mutable_received_on() = Day(2025, 11, 3);
    Call(&v1::Nominations::Stub::SubmitNomination, noms_, submit);
    v1::AppraiseNominationRequest appraise;
    *appraise.mutable_meta() = Meta("appraise-" + id, kClerk);
    appraise.set_nomination_id(id);
    appraise.set_pass(true);
    Call(&v1::Nominations::Stub::AppraiseNomination, noms_, appraise);
  }

  v1::ScheduleMeetingRequest ScheduleRequest(const std::string& meeting_id,
                                             const std::vector<std::string>& items,
                                             bool open_vote = false) {
    v1::ScheduleMeetingRequest request;
    *request.mutable_meta() = Meta("schedule-" + meeting_id, kClerk);
    request.set_meeting_id(meeting_id);
    request.set_authority_id(kCity);
    *request.mutable_meeting_date() = Day(2025, 12, 15);
    request.set_place("Phòng họp số 1, trụ sở UBND thành phố");
    for (const std::string& id : items) {
      v1::AgendaItemRequest* item = request.add_items();
      item->set_nomination_id(id);
      item->set_open_vote(open_vote);
    }
    return request;
  }

  grpc::Status Convene(const std::string& meeting_id, int present_from, int present_to,
                       v1::ConveneMeetingResponse* response = nullptr,
                       const std::string& request_id = "") {
    v1::ConveneMeetingRequest request;
    *request.mutable_meta() = Meta(
        request_id.empty() ? absl::StrCat("convene-", meeting_id, "-", present_to) : request_id,
        kClerk);
    request.set_meeting_id(meeting_id);
    for (int i = present_from; i <= present_to; ++i) request.add_present_member_ids(MemberId(i));
    request.add_present_member_ids(MemberId(15));  // the secretary keeps the minutes
    request.set_presiding_member_id(MemberId(present_from == 1 ? 1 : present_from));
    request.set_secretary_id(MemberId(15));
    return TryCall(&v1::Council::Stub::ConveneMeeting, stub_, request, response);
  }

  grpc::Status Simple(const std::string& meeting_id, const std::string& what) {
    if (what == "open") {
      v1::OpenVotingRequest request;
      *request.mutable_meta() = Meta("open-" + meeting_id, kClerk);
      request.set_meeting_id(meeting_id);
      return TryCall(&v1::Council::Stub::OpenVoting, stub_, request);
    }
    v1::CloseVotingRequest request;
    *request.mutable_meta() = Meta("close-" + meeting_id, kClerk);
    request.set_meeting_id(meeting_id);
    return TryCall(&v1::Council::Stub::CloseVoting, stub_, request);
  }

  grpc::Status Ballot(const std::string& meeting_id, const std::string& item, int member,
                      v1::BallotChoice choice, bool written = false) {
    v1::CastBallotRequest request;
    // The request id says who and where, never what: it is stored.
    *request.mutable_meta() =
        Meta(absl::StrCat("ballot-", meeting_id, "-", item, "-", member, written ? "-w" : ""),
             "member:" + MemberId(member));
    request.set_meeting_id(meeting_id);
    request.set_nomination_id(item);
    request.set_member_id(MemberId(member));
    request.set_choice(choice);
    request.set_written_opinion(written);
    return TryCall(&v1::Council::Stub::CastBallot, stub_, request);
  }

  grpc::Status Sign(const std::string& meeting_id, int signer, v1::MinutesSignatory signatory) {
    v1::GetMinutesRequest get;
    get.set_meeting_id(meeting_id);
    v1::GetMinutesResponse minutes;
    grpc::Status read = TryCall(&v1::Council::Stub::GetMinutes, stub_, get, &minutes);
    if (!read.ok()) return read;
    v1::SignMinutesRequest request;
    *request.mutable_meta() = Meta(absl::StrCat("sign-", meeting_id, "-", signer), kClerk);
    request.set_meeting_id(meeting_id);
    request.set_signer_id(MemberId(signer));
    request.set_signatory(signatory);
    request.set_minutes_sha256(minutes.sha256());
    return TryCall(&v1::Council::Stub::SignMinutes, stub_, request);
  }

  v1::GetMeetingResponse GetMeeting(const std::string& id) {
    v1::GetMeetingRequest request;
    request.set_meeting_id(id);
    return Call(&v1::Council::Stub::GetMeeting, stub_, request);
  }

  v1::GetNominationResponse GetNomination(const std::string& id) {
    v1::GetNominationRequest request;
    request.set_nomination_id(id);
    return Call(&v1::Nominations::Stub::GetNomination, noms_, request);
  }

  award::testing::TempDir dir_;
  std::unique_ptr<award::testing::ServerProcess> event_store_;
  std::unique_ptr<RuleBook> rules_;
  const WorkingDayCalendar calendar_{{.years = {2025, 2026}}};  // weekends only
  const BallotSeal seal_ = *BallotSeal::Create(BallotSeal::NewSecret());
  std::atomic<absl::CivilDay> today_{absl::CivilDay(2025, 12, 1)};
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<nominations::NominationsService> nominations_;
  std::unique_ptr<CouncilService> council_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Nominations::Stub> noms_;
  std::unique_ptr<v1::Council::Stub> stub_;
};

TEST_F(CouncilServiceTest, AMeetingGoesFromScheduleToSignedMinutesAndTheNominationShowsIt) {
  Appraised("ld-1");
  Appraised("ld-2");
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-1", {"ld-1", "ld-2"}));
  EXPECT_EQ(GetNomination("ld-1").state(), v1::NOMINATION_STATE_ON_AGENDA);

  // 9 of 14 voting members: 9 x 3 < 2 x 14, recorded and still SCHEDULED.
  v1::ConveneMeetingResponse convened;
  ASSERT_TRUE(Convene("hop-1", 1, 9, &convened).ok());
  EXPECT_FALSE(convened.quorate());
  EXPECT_EQ(convened.present_voting_members(), 9u);
  EXPECT_EQ(convened.voting_members(), 14u);
  EXPECT_EQ(convened.outcome().state(), v1::MEETING_STATE_SCHEDULED);
  ASSERT_TRUE(Convene("hop-1", 1, 10, &convened).ok());
  EXPECT_TRUE(convened.quorate());
  EXPECT_EQ(convened.outcome().state(), v1::MEETING_STATE_CONVENED);

  ASSERT_TRUE(Simple("hop-1", "open").ok());
  for (int member = 1; member <= 10; ++member) {
    ASSERT_TRUE(Ballot("hop-1", "ld-1", member, v1::BALLOT_CHOICE_AGREE).ok());
    ASSERT_TRUE(Ballot("hop-1", "ld-2", member,
                       member <= 6 ? v1::BALLOT_CHOICE_AGREE : v1::BALLOT_CHOICE_DISAGREE)
                    .ok());
  }
  v1::CloseVotingRequest close;
  *close.mutable_meta() = Meta("close-hop-1", kClerk);
  close.set_meeting_id("hop-1");
  v1::CloseVotingResponse closed = Call(&v1::Council::Stub::CloseVoting, stub_, close);
  ASSERT_EQ(closed.tallies_size(), 2);
  EXPECT_EQ(closed.tallies(0).agree(), 10u);
  EXPECT_EQ(closed.tallies(0).not_voting(), 4u);
  EXPECT_EQ(closed.tallies(0).agree_share(), "10/14 (71,43 %)");
  EXPECT_EQ(closed.tallies(0).result(), v1::COUNCIL_RESULT_RECOMMENDED);
  EXPECT_EQ(closed.tallies(1).agree(), 6u);  // 6/14 < 50 %
  EXPECT_EQ(closed.tallies(1).result(), v1::COUNCIL_RESULT_NOT_RECOMMENDED);

  // The minutes need both signatures; the secretary cannot sign as presiding.
  EXPECT_EQ(Sign("hop-1", 15, v1::MINUTES_SIGNATORY_PRESIDING).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Sign("hop-1", 1, v1::MINUTES_SIGNATORY_PRESIDING).ok());
  EXPECT_EQ(GetNomination("ld-1").state(), v1::NOMINATION_STATE_ON_AGENDA);
  ASSERT_TRUE(Sign("hop-1", 15, v1::MINUTES_SIGNATORY_SECRETARY).ok());
  const v1::GetMeetingResponse meeting = GetMeeting("hop-1");
  EXPECT_EQ(meeting.state(), v1::MEETING_STATE_CONCLUDED);
  EXPECT_EQ(meeting.inquorate_attempts(), 1u);
  ASSERT_EQ(meeting.signatures_size(), 2);

  v1::GetMinutesRequest get_minutes;
  get_minutes.set_meeting_id("hop-1");
  const v1::GetMinutesResponse minutes = Call(&v1::Council::Stub::GetMinutes, stub_, get_minutes);
  EXPECT_EQ(minutes.sha256(), meeting.signatures(1).minutes_sha256());
  EXPECT_TRUE(absl::StrContains(minutes.text(), "10/14 (71,43 %)")) << minutes.text();
  EXPECT_TRUE(absl::StrContains(minutes.text(), "Nguyễn Thị ld-1"));

  // The outcome, for the decisions service and on the nomination's history.
  v1::GetCouncilOutcomeRequest outcome_request;
  outcome_request.set_nomination_id("ld-1");
  const v1::GetCouncilOutcomeResponse outcome =
      Call(&v1::Council::Stub::GetCouncilOutcome, stub_, outcome_request);
  ASSERT_TRUE(outcome.decided());
  EXPECT_EQ(outcome.outcome().agenda_id(), "hop-1");
  EXPECT_EQ(outcome.outcome().tally().result(), v1::COUNCIL_RESULT_RECOMMENDED);
  EXPECT_EQ(outcome.outcome().tally().agree_share(), "10/14 (71,43 %)");
  const v1::GetNominationResponse recommended = GetNomination("ld-1");
  EXPECT_EQ(recommended.state(), v1::NOMINATION_STATE_RECOMMENDED);
  EXPECT_EQ(recommended.council_outcome().agenda_id(), "hop-1");
  ASSERT_GE(recommended.history_size(), 2);
  EXPECT_EQ(recommended.history(recommended.history_size() - 1).event_type(),
            "CouncilOutcomeRecorded");
  EXPECT_EQ(recommended.history(recommended.history_size() - 1).stream(), "agenda-ld-1");
  EXPECT_EQ(GetNomination("ld-2").state(), v1::NOMINATION_STATE_NOT_RECOMMENDED);
}

TEST_F(CouncilServiceTest, FourteenMembersVoteConcurrentlyOnFiftyItems) {
  constexpr int kItems = 50;
  std::vector<std::string> items;
  for (int i = 0; i < kItems; ++i) {
    items.push_back(absl::StrCat("n", i));
    Appraised(items.back());
  }
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-50", items));
  ASSERT_TRUE(Convene("hop-50", 1, 14).ok());
  ASSERT_TRUE(Simple("hop-50", "open").ok());
  std::atomic<int> failures{0};
  absl::Barrier start(14);
  std::vector<std::thread> members;
  for (int member = 1; member <= 14; ++member) {
    members.emplace_back([&, member] {
      start.Block();
      for (int item = 0; item < kItems; ++item) {
        grpc::Status status = Ballot("hop-50", items[item], member, ChoiceOf(member, item));
        if (!status.ok()) {
          failures.fetch_add(1);
          ADD_FAILURE() << status.error_message();
        }
      }
    });
  }
  for (std::thread& member : members) member.join();
  EXPECT_EQ(failures.load(), 0);

  v1::CloseVotingRequest close;
  *close.mutable_meta() = Meta("close-hop-50", kClerk);
  close.set_meeting_id("hop-50");
  const v1::CloseVotingResponse closed = Call(&v1::Council::Stub::CloseVoting, stub_, close);
  ASSERT_EQ(closed.tallies_size(), kItems);
  for (int item = 0; item < kItems; ++item) {
    uint32_t agree = 0, disagree = 0, abstain = 0;
    for (int member = 1; member <= 14; ++member) {
      const v1::BallotChoice choice = ChoiceOf(member, item);
      agree += choice == v1::BALLOT_CHOICE_AGREE;
      disagree += choice == v1::BALLOT_CHOICE_DISAGREE;
      abstain += choice == v1::BALLOT_CHOICE_ABSTAIN;
    }
    const v1::ItemTally& tally = closed.tallies(item);
    EXPECT_EQ(tally.nomination_id(), items[item]);
    EXPECT_EQ(tally.agree(), agree) << items[item];
    EXPECT_EQ(tally.disagree(), disagree) << items[item];
    EXPECT_EQ(tally.abstain(), abstain) << items[item];
    EXPECT_EQ(tally.not_voting(), 0u);
    EXPECT_EQ(tally.opened_choices_size(), 14);
    EXPECT_EQ(tally.result(), agree * 100 >= 50 * 14 ? v1::COUNCIL_RESULT_RECOMMENDED
                                                     : v1::COUNCIL_RESULT_NOT_RECOMMENDED);
  }
  const v1::GetMeetingResponse meeting = GetMeeting("hop-50");
  for (const v1::ItemParticipation& participation : meeting.participation()) {
    EXPECT_EQ(participation.voted_member_ids_size(), 14);
  }
}

TEST_F(CouncilServiceTest, SecondBallotsAbsentMembersAndStrangersAreRefused) {
  Appraised("gk-1", v1::AWARD_KIND_GIAY_KHEN);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-2", {"gk-1"}));
  ASSERT_TRUE(Convene("hop-2", 1, 12).ok());
  EXPECT_EQ(Ballot("hop-2", "gk-1", 1, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // voting is not open
  ASSERT_TRUE(Simple("hop-2", "open").ok());
  ASSERT_TRUE(Ballot("hop-2", "gk-1", 1, v1::BALLOT_CHOICE_AGREE).ok());
  EXPECT_EQ(Ballot("hop-2", "gk-1", 1, v1::BALLOT_CHOICE_DISAGREE, true).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // present: in person only
  v1::CastBallotRequest again;
  *again.mutable_meta() = Meta("a-second-ballot", "member:hd-1");
  again.set_meeting_id("hop-2");
  again.set_nomination_id("gk-1");
  again.set_member_id(MemberId(1));
  again.set_choice(v1::BALLOT_CHOICE_DISAGREE);
  EXPECT_EQ(TryCall(&v1::Council::Stub::CastBallot, stub_, again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Ballot("hop-2", "gk-1", 13, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // absent
  EXPECT_EQ(Ballot("hop-2", "gk-1", 99, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // not a member
  EXPECT_EQ(Ballot("hop-2", "gk-1", 15, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // the secretary does not vote
  // The absent member's written opinion counts, where the rule allows it (E3).
  ASSERT_TRUE(Ballot("hop-2", "gk-1", 13, v1::BALLOT_CHOICE_AGREE, true).ok());
  // A retried ballot is answered once and counted once.
  ASSERT_TRUE(Ballot("hop-2", "gk-1", 2, v1::BALLOT_CHOICE_AGREE).ok());
  ASSERT_TRUE(Ballot("hop-2", "gk-1", 2, v1::BALLOT_CHOICE_AGREE).ok());
  ASSERT_TRUE(Simple("hop-2", "close").ok());
  const v1::GetMeetingResponse meeting = GetMeeting("hop-2");
  ASSERT_EQ(meeting.tallies_size(), 1);
  EXPECT_EQ(meeting.tallies(0).agree(), 3u);
  EXPECT_EQ(meeting.tallies(0).written_opinions(), 1u);
  EXPECT_EQ(meeting.tallies(0).not_voting(), 11u);
  EXPECT_EQ(Ballot("hop-2", "gk-1", 3, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // voting is closed
}

// Reads every stored event of a secret ballot and shows that no choice can be
// linked to a member: the events that name a member hold only an envelope that
// looks the same for every choice, and the events that hold choices name no
// member and keep them in an order fixed by the counts alone.
TEST_F(CouncilServiceTest, NoStoredEventLinksASecretChoiceToAMember) {
  Appraised("gk-a", v1::AWARD_KIND_GIAY_KHEN);
  Appraised("gk-b", v1::AWARD_KIND_GIAY_KHEN);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-kin", {"gk-a", "gk-b"}));
  ASSERT_TRUE(Convene("hop-kin", 1, 14).ok());
  ASSERT_TRUE(Simple("hop-kin", "open").ok());
  for (int member = 1; member <= 14; ++member) {
    for (const std::string item : {"gk-a", "gk-b"}) {
      const v1::BallotChoice choice = (member + (item == "gk-b")) % 3 == 0
                                          ? v1::BALLOT_CHOICE_DISAGREE
                                      : member % 5 == 0 ? v1::BALLOT_CHOICE_ABSTAIN
                                                        : v1::BALLOT_CHOICE_AGREE;
      ASSERT_TRUE(Ballot("hop-kin", item, member, choice).ok());
    }
  }
  // Before the close, nothing answers with a count or a choice.
  v1::GetMeetingResponse voting = GetMeeting("hop-kin");
  EXPECT_EQ(voting.tallies_size(), 0);
  ASSERT_TRUE(Simple("hop-kin", "close").ok());
  ASSERT_TRUE(Sign("hop-kin", 1, v1::MINUTES_SIGNATORY_PRESIDING).ok());
  ASSERT_TRUE(Sign("hop-kin", 15, v1::MINUTES_SIGNATORY_SECRETARY).ok());

  std::vector<std::string> member_ids;
  for (int i = 1; i <= 15; ++i) member_ids.push_back(MemberId(i));
  std::set<std::string> envelopes;
  int ballots = 0;
  int opened = 0;
  const BallotSeal stranger = *BallotSeal::Create(BallotSeal::NewSecret());
  for (const eventstore::RecordedEvent& event : award::testing::ReadWholeLog(*store_)) {
    const std::string& type = event.event.type;
    if (type == "BallotCast") {
      absl::StatusOr<v1::BallotCast> cast = ParseEvent<v1::BallotCast>(event);
      ASSERT_TRUE(cast.ok());
      ++ballots;
      EXPECT_EQ(cast->open_choice(), v1::BALLOT_CHOICE_UNSPECIFIED);
      EXPECT_EQ(cast->sealed_choice().size(), BallotSeal::kEnvelopeBytes);
      EXPECT_TRUE(envelopes.insert(cast->sealed_choice()).second) << "an envelope repeats";
      // Without the service's secret no envelope opens.
      EXPECT_FALSE(
          stranger
              .Open({"hop-kin", cast->nomination_id(), cast->member_id()}, cast->sealed_choice())
              .ok());
      // Everything else in the event is the same whatever the choice.
      v1::BallotCast blank = *cast;
      blank.clear_sealed_choice();
      v1::BallotCast expected;
      expected.set_nomination_id(cast->nomination_id());
      expected.set_member_id(cast->member_id());
      EXPECT_EQ(blank.SerializeAsString(), expected.SerializeAsString());
      continue;
    }
    // Every event that holds choices names no member, in payload or metadata.
    const bool holds_choices = type == "VotingClosed" || type == "CouncilOutcomeRecorded";
    if (!holds_choices) continue;
    for (const std::string& id : member_ids) {
      EXPECT_FALSE(absl::StrContains(event.event.payload, id)) << type << " names " << id;
      EXPECT_FALSE(absl::StrContains(event.event.metadata.actor, id)) << type;
      EXPECT_FALSE(absl::StrContains(event.event.metadata.request_id, id)) << type;
    }
    if (type == "VotingClosed") {
      absl::StatusOr<v1::VotingClosed> closed = ParseEvent<v1::VotingClosed>(event);
      ASSERT_TRUE(closed.ok());
      for (const v1::ItemTally& tally : closed->tallies()) {
        // The tally equals the stored choices, which lie in canonical order.
        uint32_t agree = 0, disagree = 0, abstain = 0;
        int previous = 0;
        for (int choice : tally.opened_choices()) {
          EXPECT_GE(choice, previous);
          previous = choice;
          agree += choice == v1::BALLOT_CHOICE_AGREE;
          disagree += choice == v1::BALLOT_CHOICE_DISAGREE;
          abstain += choice == v1::BALLOT_CHOICE_ABSTAIN;
          ++opened;
        }
        EXPECT_EQ(tally.agree(), agree);
        EXPECT_EQ(tally.disagree(), disagree);
        EXPECT_EQ(tally.abstain(), abstain);
      }
    }
    if (type == "CouncilOutcomeRecorded") {
      absl::StatusOr<v1::CouncilOutcomeRecorded> outcome =
          ParseEvent<v1::CouncilOutcomeRecorded>(event);
      ASSERT_TRUE(outcome.ok());
      EXPECT_EQ(outcome->tally().opened_choices_size(), 0);
    }
  }
  EXPECT_EQ(ballots, 28);
  EXPECT_EQ(opened, 28);  // as many choices stored as members took part: one each
  // And no API answer names a choice beside a member.
  const v1::GetMeetingResponse meeting = GetMeeting("hop-kin");
  for (const v1::ItemParticipation& participation : meeting.participation()) {
    EXPECT_EQ(participation.voted_member_ids_size(), 14);
  }
}

TEST_F(CouncilServiceTest, AnOpenVoteRecordsChoicesByNameWhereTheRuleAllowsIt) {
  Appraised("ld-open");
  Appraised("gk-secret", v1::AWARD_KIND_GIAY_KHEN);
  EXPECT_EQ(TryCall(&v1::Council::Stub::ScheduleMeeting, stub_,
                    ScheduleRequest("hop-x", {"gk-secret"}, /*open_vote=*/true))
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_,
       ScheduleRequest("hop-open", {"ld-open"}, /*open_vote=*/true));
  ASSERT_TRUE(Convene("hop-open", 1, 14).ok());
  ASSERT_TRUE(Simple("hop-open", "open").ok());
  ASSERT_TRUE(Ballot("hop-open", "ld-open", 3, v1::BALLOT_CHOICE_DISAGREE).ok());
  int named = 0;
  for (const eventstore::RecordedEvent& event : award::testing::ReadWholeLog(*store_)) {
    if (event.event.type != "BallotCast") continue;
    v1::BallotCast cast = *ParseEvent<v1::BallotCast>(event);
    EXPECT_EQ(cast.member_id(), MemberId(3));
    EXPECT_EQ(cast.open_choice(), v1::BALLOT_CHOICE_DISAGREE);
    EXPECT_TRUE(cast.sealed_choice().empty());
    ++named;
  }
  EXPECT_EQ(named, 1);
}

TEST_F(CouncilServiceTest, OfTwoMeetingsReservingOneNominationExactlyOneWins) {
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) Appraised(absl::StrCat("race-", round));
  for (int round = 0; round < kRounds; ++round) {
    const std::string item = absl::StrCat("race-", round);
    std::atomic<int> won{0};
    std::atomic<int> refused{0};
    absl::Barrier start(2);
    std::vector<std::thread> clerks;
    for (int clerk = 0; clerk < 2; ++clerk) {
      clerks.emplace_back([&, clerk] {
        const v1::ScheduleMeetingRequest request =
            ScheduleRequest(absl::StrCat("race-hop-", round, "-", clerk), {item});
        start.Block();
        grpc::Status status = TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, request);
        if (status.ok()) won.fetch_add(1);
        if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) refused.fetch_add(1);
      });
    }
    for (std::thread& clerk : clerks) clerk.join();
    EXPECT_EQ(won.load(), 1) << item;
    EXPECT_EQ(refused.load(), 1) << item;
    // The loser wrote nothing: its meeting does not exist.
    int meetings = 0;
    for (int clerk = 0; clerk < 2; ++clerk) {
      v1::GetMeetingRequest get;
      get.set_meeting_id(absl::StrCat("race-hop-", round, "-", clerk));
      meetings += TryCall(&v1::Council::Stub::GetMeeting, stub_, get).ok();
    }
    EXPECT_EQ(meetings, 1);
    EXPECT_EQ(GetNomination(item).state(), v1::NOMINATION_STATE_ON_AGENDA);
  }
}

TEST_F(CouncilServiceTest, RemovingAnItemOrCancellingFreesTheNomination) {
  Appraised("free-1");
  Appraised("free-2");
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-a", {"free-1", "free-2"}));
  EXPECT_EQ(
      TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-b", {"free-1"}))
          .error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  // While on the agenda, the nomination cannot be withdrawn.
  v1::WithdrawNominationRequest withdraw;
  *withdraw.mutable_meta() = Meta("withdraw-free-2", kClerk);
  withdraw.set_nomination_id("free-2");
  withdraw.set_reason("đơn vị rút hồ sơ");
  EXPECT_EQ(TryCall(&v1::Nominations::Stub::WithdrawNomination, noms_, withdraw).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::RemoveAgendaItemRequest remove;
  *remove.mutable_meta() = Meta("remove-free-1", kClerk);
  remove.set_meeting_id("hop-a");
  remove.set_nomination_id("free-1");
  remove.set_reason("chưa đủ hồ sơ công khai");
  Call(&v1::Council::Stub::RemoveAgendaItem, stub_, remove);
  EXPECT_EQ(GetNomination("free-1").state(), v1::NOMINATION_STATE_APPRAISED);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-b", {"free-1"}));

  ASSERT_TRUE(Convene("hop-a", 1, 14).ok());
  v1::CancelMeetingRequest cancel;
  *cancel.mutable_meta() = Meta("cancel-hop-a", kClerk);
  cancel.set_meeting_id("hop-a");
  cancel.set_reason("Chủ tịch Hội đồng đi công tác");
  const v1::CancelMeetingResponse cancelled =
      Call(&v1::Council::Stub::CancelMeeting, stub_, cancel);
  EXPECT_EQ(cancelled.outcome().state(), v1::MEETING_STATE_CANCELLED);
  EXPECT_EQ(GetNomination("free-2").state(), v1::NOMINATION_STATE_APPRAISED);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-c", {"free-2"}));
  // A cancelled meeting goes nowhere; the agenda changes only while SCHEDULED.
  grpc::Status reopened = Simple("hop-a", "open");
  EXPECT_EQ(reopened.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(reopened.error_message(), "CANCELLED")) << reopened.error_message();
  ASSERT_TRUE(Convene("hop-b", 1, 14).ok());
  v1::AddAgendaItemRequest add;
  *add.mutable_meta() = Meta("add-late", kClerk);
  add.set_meeting_id("hop-b");
  add.mutable_item()->set_nomination_id("free-2");
  grpc::Status late = TryCall(&v1::Council::Stub::AddAgendaItem, stub_, add);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(late.error_message(), "CONVENED")) << late.error_message();
}

TEST_F(CouncilServiceTest, E16ANomineeUnderInspectionOnCouncilDayIsDeferredNotVoted) {
  Appraised("ok-1");
  Appraised("inspected");
  Call(&v1::Council::Stub::ScheduleMeeting, stub_,
       ScheduleRequest("hop-e16", {"ok-1", "inspected"}));
  ASSERT_TRUE(Convene("hop-e16", 1, 14).ok());
  v1::SuspendNominationRequest suspend;
  *suspend.mutable_meta() = Meta("suspend-inspected", kClerk);
  suspend.set_nomination_id("inspected");
  suspend.set_proceeding("Quyết định thanh tra số 12/QĐ-TTr");
  Call(&v1::Nominations::Stub::SuspendNomination, noms_, suspend);

  ASSERT_TRUE(Simple("hop-e16", "open").ok());
  const v1::GetMeetingResponse meeting = GetMeeting("hop-e16");
  ASSERT_EQ(meeting.items_size(), 1);
  EXPECT_EQ(meeting.items(0).nomination_id(), "ok-1");
  EXPECT_EQ(Ballot("hop-e16", "inspected", 1, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetNominationResponse frozen = GetNomination("inspected");
  EXPECT_EQ(frozen.state(), v1::NOMINATION_STATE_SUSPENDED);
  EXPECT_EQ(frozen.suspended_from(), v1::NOMINATION_STATE_APPRAISED);  // off the agenda

  // Cleared, it goes to a later meeting.
  v1::ResumeNominationRequest resume;
  *resume.mutable_meta() = Meta("resume-inspected", kClerk);
  resume.set_nomination_id("inspected");
  resume.set_conclusion("Kết luận thanh tra số 3/KL-TTr: không vi phạm");
  Call(&v1::Nominations::Stub::ResumeNomination, noms_, resume);
  EXPECT_EQ(GetNomination("inspected").state(), v1::NOMINATION_STATE_APPRAISED);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-later", {"inspected"}));

  ASSERT_TRUE(Simple("hop-e16", "close").ok());
  v1::GetMinutesRequest get_minutes;
  get_minutes.set_meeting_id("hop-e16");
  const v1::GetMinutesResponse minutes = Call(&v1::Council::Stub::GetMinutes, stub_, get_minutes);
  EXPECT_TRUE(absl::StrContains(minutes.text(), "Hồ sơ hoãn xét")) << minutes.text();
}

// A Hero title: listed publicly for 10 working days before the council
// meets (R13), and a session of 4/5 of all members (E5).
TEST_F(CouncilServiceTest, AHeroTitleNeedsItsPublicListingAndAFourFifthsSession) {
  Appraised("anh-hung", v1::AWARD_KIND_DANH_HIEU_VINH_DU_NN);
  v1::ScheduleMeetingRequest on_15th = ScheduleRequest("hop-ah", {"anh-hung"});
  grpc::Status unlisted = TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, on_15th);
  EXPECT_EQ(unlisted.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(unlisted.error_message(), "R13")) << unlisted.error_message();

  v1::ListNomineePubliclyRequest list;
  *list.mutable_meta() = Meta("list-anh-hung", kClerk);
  list.set_nomination_id("anh-hung");
  *list.mutable_listed_on() = Day(2025, 12, 1);  // a Monday: the 10th working day after is the 15th
  list.set_where("Cổng thông tin điện tử thành phố");
  Call(&v1::Nominations::Stub::ListNomineePublicly, noms_, list);
  EXPECT_EQ(ToCivilDay(GetNomination("anh-hung").listed_publicly_on()),
            absl::CivilDay(2025, 12, 1));
  grpc::Status early = TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, on_15th);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(early.error_message(), "2025-12-15")) << early.error_message();
  v1::ScheduleMeetingRequest on_16th = on_15th;
  *on_16th.mutable_meeting_date() = Day(2025, 12, 16);
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, on_16th);

  v1::ConveneMeetingResponse convened;
  ASSERT_TRUE(Convene("hop-ah", 1, 11, &convened).ok());  // 11 x 5 < 4 x 14
  EXPECT_FALSE(convened.quorate());
  EXPECT_EQ(convened.quorum().numerator(), 4u);
  ASSERT_TRUE(Convene("hop-ah", 1, 12, &convened).ok());
  EXPECT_TRUE(convened.quorate());
}

// R13 counts from the listing's date, so a listing is never dated back: not
// before the dossier was received, nor before an earlier listing. Listing
// again later starts the window again.
TEST_F(CouncilServiceTest, AListingIsNeverDatedBack) {
  Appraised("relisted", v1::AWARD_KIND_DANH_HIEU_VINH_DU_NN);  // received 2025-11-03
  auto list = [&](const std::string& request_id, const v1::Date& on) {
    v1::ListNomineePubliclyRequest request;
    *request.mutable_meta() = Meta(request_id, kClerk);
    request.set_nomination_id("relisted");
    *request.mutable_listed_on() = on;
    request.set_where("Cổng thông tin điện tử thành phố");
    return TryCall(&v1::Nominations::Stub::ListNomineePublicly, noms_, request);
  };
  grpc::Status before_receipt = list("list-1", Day(2025, 10, 31));
  EXPECT_EQ(before_receipt.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(before_receipt.error_message(), "R13"))
      << before_receipt.error_message();
  ASSERT_TRUE(list("list-2", Day(2025, 12, 1)).ok());
  grpc::Status backdated = list("list-3", Day(2025, 11, 28));
  EXPECT_EQ(backdated.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(backdated.error_message(), "2025-12-01"))
      << backdated.error_message();
  EXPECT_EQ(ToCivilDay(GetNomination("relisted").listed_publicly_on()),
            absl::CivilDay(2025, 12, 1));
  // The backdated listing cannot open the meeting of 2025-12-15 (10 working
  // days from 2025-12-01 end on the 15th itself).
  grpc::Status early =
      TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-rl", {"relisted"}));
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(list("list-4", Day(2025, 12, 3)).ok());
  EXPECT_EQ(ToCivilDay(GetNomination("relisted").listed_publicly_on()),
            absl::CivilDay(2025, 12, 3));
}

// Two offices acting at the same moment on the two streams can each pass its
// own check: the history then shows the later act as void, and the state
// follows the earlier one.
TEST_F(CouncilServiceTest, AWithdrawalThatRacedAPlacementIsVoidInTheHistory) {
  Appraised("race-w");
  Call(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-w", {"race-w"}));
  // The withdrawal as it would land had its check read the agenda just before.
  v1::NominationWithdrawn withdrawn;
  withdrawn.set_reason("rút hồ sơ");
  eventstore::AppendRequest late;
  late.streams.push_back({nominations::NominationStream("race-w"),
                          eventstore::ExpectedVersion::Any(),
                          {UnstampedEvent(ToNewEvent(withdrawn))}});
  late.streams[0].events[0].id = eventstore::EventId::New();
  late.streams[0].events[0].metadata.actor = "clerk:so-noi-vu";
  ASSERT_TRUE(store_->Append(late).ok());

  const v1::GetNominationResponse nomination = GetNomination("race-w");
  EXPECT_EQ(nomination.state(), v1::NOMINATION_STATE_ON_AGENDA);
  EXPECT_EQ(nomination.agenda_id(), "hop-w");
  const v1::HistoryEntry& last = nomination.history(nomination.history_size() - 1);
  EXPECT_EQ(last.event_type(), "NominationWithdrawn");
  EXPECT_TRUE(absl::StartsWith(last.note(), "void")) << last.note();
}

// The same race through the services, 50 times: the placement is conditioned
// on the nomination's own stream and the withdrawal on its agenda record, so
// exactly one is recorded and the history holds no void act.
TEST_F(CouncilServiceTest, AWithdrawalRacingAPlacementOnAnAgendaNeverLetsBothStand) {
  constexpr int kRounds = 50;
  for (int round = 0; round < kRounds; ++round) Appraised(absl::StrCat("race-w-", round));
  int placed_first = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string item = absl::StrCat("race-w-", round);
    const v1::ScheduleMeetingRequest schedule =
        ScheduleRequest(absl::StrCat("hop-race-w-", round), {item});
    v1::WithdrawNominationRequest withdraw;
    *withdraw.mutable_meta() = Meta("withdraw-" + item, kClerk);
    withdraw.set_nomination_id(item);
    withdraw.set_reason("đơn vị rút hồ sơ");
    grpc::Status placed;
    grpc::Status withdrawn;
    absl::Barrier start(2);
    std::thread clerk([&] {
      start.Block();
      placed = TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, schedule);
    });
    std::thread proposer([&] {
      start.Block();
      withdrawn = TryCall(&v1::Nominations::Stub::WithdrawNomination, noms_, withdraw);
    });
    clerk.join();
    proposer.join();
    ASSERT_NE(placed.ok(), withdrawn.ok()) << item << ": placement " << placed.error_message()
                                           << ", withdrawal " << withdrawn.error_message();
    const v1::GetNominationResponse nomination = GetNomination(item);
    if (placed.ok()) {
      ++placed_first;
      EXPECT_EQ(withdrawn.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << item;
      EXPECT_EQ(nomination.state(), v1::NOMINATION_STATE_ON_AGENDA) << item;
    } else {
      EXPECT_EQ(placed.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
          << item << ": " << placed.error_message();
      EXPECT_EQ(nomination.state(), v1::NOMINATION_STATE_WITHDRAWN) << item;
    }
    for (const v1::HistoryEntry& entry : nomination.history()) {
      EXPECT_TRUE(entry.note().empty())
          << item << ": " << entry.event_type() << " " << entry.note();
    }
  }
  std::cout << "placed before the withdrawal in " << placed_first << " of " << kRounds << " races"
            << std::endl;
}

TEST_F(CouncilServiceTest, OnlyAppraisedNominationsOfThisAuthorityGoOnTheAgenda) {
  v1::ScheduleMeetingRequest unknown = ScheduleRequest("hop-u", {"no-such"});
  EXPECT_EQ(TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, unknown).error_code(),
            grpc::StatusCode::NOT_FOUND);
  Drafted("ld-draft", v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  grpc::Status draft =
      TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, ScheduleRequest("hop-d", {"ld-draft"}));
  EXPECT_EQ(draft.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(draft.error_message(), "items[0]")) << draft.error_message();
  EXPECT_TRUE(absl::StrContains(draft.error_message(), "DRAFT")) << draft.error_message();
  v1::ScheduleMeetingRequest no_place = ScheduleRequest("hop-p", {});
  no_place.clear_place();
  grpc::Status refused = TryCall(&v1::Council::Stub::ScheduleMeeting, stub_, no_place);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CouncilServiceTest, AWrittenConsultationClosesOnlyAtItsDeadline) {
  Appraised("gk-w1", v1::AWARD_KIND_GIAY_KHEN);
  today_ = absl::CivilDay(2025, 12, 4);  // a Thursday: 3 working days end on Tuesday the 9th
  v1::OpenConsultationRequest open;
  *open.mutable_meta() = Meta("consult-open", kClerk);
  open.set_consultation_id("lay-y-kien-1");
  open.set_authority_id(kCity);
  open.add_items()->set_nomination_id("gk-w1");
  open.set_working_days(3);
  const v1::OpenConsultationResponse opened =
      Call(&v1::Council::Stub::OpenConsultation, stub_, open);
  EXPECT_EQ(ToCivilDay(opened.deadline()), absl::CivilDay(2025, 12, 9));
  EXPECT_EQ(GetNomination("gk-w1").state(), v1::NOMINATION_STATE_ON_AGENDA);

  auto answer = [&](int member, v1::BallotChoice choice) {
    v1::AnswerConsultationRequest request;
    *request.mutable_meta() = Meta(absl::StrCat("answer-", member), "member:" + MemberId(member));
    request.set_consultation_id("lay-y-kien-1");
    request.set_nomination_id("gk-w1");
    request.set_member_id(MemberId(member));
    request.set_choice(choice);
    return TryCall(&v1::Council::Stub::AnswerConsultation, stub_, request);
  };
  for (int member = 1; member <= 9; ++member) {
    ASSERT_TRUE(answer(member, v1::BALLOT_CHOICE_AGREE).ok());
  }
  EXPECT_EQ(answer(15, v1::BALLOT_CHOICE_AGREE).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::AnswerConsultationRequest twice;
  *twice.mutable_meta() = Meta("answer-again", "member:hd-1");
  twice.set_consultation_id("lay-y-kien-1");
  twice.set_nomination_id("gk-w1");
  twice.set_member_id(MemberId(1));
  twice.set_choice(v1::BALLOT_CHOICE_DISAGREE);
  EXPECT_EQ(TryCall(&v1::Council::Stub::AnswerConsultation, stub_, twice).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::CloseConsultationRequest close;
  *close.mutable_meta() = Meta("consult-close", kClerk);
  close.set_consultation_id("lay-y-kien-1");
  today_ = absl::CivilDay(2025, 12, 8);
  EXPECT_EQ(TryCall(&v1::Council::Stub::CloseConsultation, stub_, close).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  today_ = absl::CivilDay(2025, 12, 9);
  ASSERT_TRUE(answer(10, v1::BALLOT_CHOICE_DISAGREE).ok());  // on the last day
  const v1::CloseConsultationResponse closed =
      Call(&v1::Council::Stub::CloseConsultation, stub_, close);
  ASSERT_EQ(closed.tallies_size(), 1);
  EXPECT_EQ(closed.tallies(0).agree(), 9u);  // 9/14 = 64.3 % >= 60 %
  EXPECT_EQ(closed.tallies(0).not_voting(), 4u);
  EXPECT_EQ(closed.tallies(0).result(), v1::COUNCIL_RESULT_RECOMMENDED);
  EXPECT_EQ(GetNomination("gk-w1").state(), v1::NOMINATION_STATE_RECOMMENDED);
  today_ = absl::CivilDay(2025, 12, 10);
  EXPECT_EQ(answer(11, v1::BALLOT_CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(CouncilServiceTest, BadRequestsNameTheField) {
  v1::CastBallotRequest ballot;
  *ballot.mutable_meta() = Meta("bad-ballot", kClerk);
  ballot.set_meeting_id("hop-1");
  grpc::Status status = TryCall(&v1::Council::Stub::CastBallot, stub_, ballot);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "nomination_id"));
  v1::ConstituteCouncilRequest council;
  *council.mutable_meta() = Meta("bad-council", kClerk);
  council.mutable_council()->set_authority_id("ubnd-chua-dang-ky");
  council.mutable_council()->set_name("Hội đồng");
  *council.mutable_council()->mutable_effective_on() = Day(2025, 1, 1);
  v1::CouncilMember* member = council.mutable_council()->add_members();
  member->set_member_id("a");
  member->set_full_name("A");
  member->set_role(v1::COUNCIL_ROLE_CHAIR);
  EXPECT_EQ(TryCall(&v1::Council::Stub::ConstituteCouncil, stub_, council).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // no such authority
  v1::GetCouncilRequest get;
  get.set_authority_id(kCity);
  *get.mutable_on() = Day(2025, 6, 1);
  const v1::GetCouncilResponse city = Call(&v1::Council::Stub::GetCouncil, stub_, get);
  EXPECT_EQ(city.members_size(), 15);
  EXPECT_EQ(city.voting_members(), 14u);
}

}  // namespace
}  // namespace award::council

// The platform end to end, as separate processes: the split deployment
// (eventstore_server and one process per service, each on a free loopback
// port) and awardd, each driven by the client code awardctl uses through one
// nomination's whole life: drafted, dossier attached, submitted, appraised,
// put on an agenda, the council convened, secret ballots cast concurrently,
// tallied, minutes signed, a decision issued with its number and money, then
// the awardee's history, the statistics, the audit trail and the meeting's
// audit read back with read-your-writes.
//
// While the ballots are in flight, the process that records them
// (council_server, or awardd itself) is killed with SIGKILL and started again
// on the same address; the members' clients retry with the same request ids.
// The flow then proves from the log that nothing was lost or recorded twice.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"
#include "gtest/gtest.h"
#include "services/common/rule_book.h"
#include "services/nominations/domain/awardee_id.h"
#include "tests/support/api_values.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/platform_client.h"

namespace {

using award::ctl::Endpoints;
using award::ctl::PlatformClient;
using award::testing::AnnouncedServer;
using award::testing::TempDir;
namespace v1 = award::v1;

constexpr char kCommune[] = "ubnd-xa-tan-lap";  // its ballot rule is in rules/demo
constexpr char kMeeting[] = "e2e-hop-2025-12-22";
constexpr int kMembers = 14;
constexpr int kPresent = 12;

using award::testing::Day;

std::string MemberId(int m) { return absl::StrFormat("e2e-tv-%02d", m); }

// How each present member votes on each item: item 0 and 1 pass (11 and 10
// of 14 agree, 70 % needs 10), item 2 fails (8 of 14).
v1::BallotChoice ChoiceOf(int member, int item) {
  if (item == 0) return member == 11 ? v1::BALLOT_CHOICE_ABSTAIN : v1::BALLOT_CHOICE_AGREE;
  if (item == 1) {
    return member < 10    ? v1::BALLOT_CHOICE_AGREE
           : member == 10 ? v1::BALLOT_CHOICE_DISAGREE
                          : v1::BALLOT_CHOICE_ABSTAIN;
  }
  return member < 8 ? v1::BALLOT_CHOICE_AGREE : v1::BALLOT_CHOICE_DISAGREE;
}

// A running platform, in one of its two shapes.
class Deployment {
 public:
  virtual ~Deployment() = default;
  virtual Endpoints endpoints() const = 0;
  // SIGKILLs the process that records ballots and starts it again on the
  // same address, with the same data.
  virtual void KillAndRestartBallotRecorder() = 0;

 protected:
  static std::vector<std::string> RuleFlags() {
    return {"--rules_dir=" AWARD_RULES_DIR, "--rule_overrides=" AWARD_DEMO_RULES_DIR};
  }

  static void Kill(AnnouncedServer& server) {
    server.process->Signal(SIGKILL);
    std::optional<int> status = server.process->Wait(absl::Seconds(10));
    ASSERT_TRUE(status.has_value());
    ASSERT_TRUE(WIFSIGNALED(*status));
  }

  TempDir dir_;
};

class SplitDeployment : public Deployment {
 public:
  SplitDeployment() : event_store_(dir_.Sub("log")) {
    nominations_ = Start("nominations_server", AWARD_NOMINATIONS_SERVER_PATH);
    council_ = StartCouncil("127.0.0.1:0");
    decisions_ = Start("decisions_server", AWARD_DECISIONS_SERVER_PATH);
    query_ = std::make_unique<AnnouncedServer>(
        "query_server",
        std::vector<std::string>{AWARD_QUERY_SERVER_PATH, "--event_store=" + event_store_.address,
                                 "--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("query"),
                                 "--insecure"});
  }

  bool started() const {
    return !event_store_.address.empty() && !nominations_->address.empty() &&
           !council_->address.empty() && !decisions_->address.empty() && !query_->address.empty();
  }

  Endpoints endpoints() const override {
    return {nominations_->address, council_->address, decisions_->address, query_->address,
            event_store_.address};
  }

  void KillAndRestartBallotRecorder() override {
    const std::string address = council_->address;
    Kill(*council_);
    council_ = StartCouncil(address);
    ASSERT_EQ(council_->address, address);
  }

 private:
  std::unique_ptr<AnnouncedServer> Start(const std::string& name, const std::string& path,
                                         const std::string& listen = "127.0.0.1:0",
                                         const std::vector<std::string>& flags = {}) {
    std::vector<std::string> argv = {path, "--event_store=" + event_store_.address,
                                     "--listen=" + listen, "--insecure"};
    for (const std::string& flag : RuleFlags()) argv.push_back(flag);
    argv.insert(argv.end(), flags.begin(), flags.end());
    return std::make_unique<AnnouncedServer>(name, argv);
  }

  std::unique_ptr<AnnouncedServer> StartCouncil(const std::string& listen) {
    return Start("council_server", AWARD_COUNCIL_SERVER_PATH, listen,
                 {"--ballot_key_file=" + dir_.Sub("ballot.key")});
  }

  award::testing::ServerProcess event_store_;
  std::unique_ptr<AnnouncedServer> nominations_, council_, decisions_, query_;
};

class AllInOne : public Deployment {
 public:
  AllInOne() { awardd_ = Start("127.0.0.1:0"); }

  bool started() const { return !awardd_->address.empty(); }
  Endpoints endpoints() const override { return Endpoints::AllAt(awardd_->address); }

  void KillAndRestartBallotRecorder() override {
    const std::string address = awardd_->address;
    Kill(*awardd_);
    awardd_ = Start(address);
    ASSERT_EQ(awardd_->address, address);
  }

 private:
  std::unique_ptr<AnnouncedServer> Start(const std::string& listen) {
    std::vector<std::string> argv = {AWARD_AWARDD_PATH, "--data_dir=" + dir_.Sub("data"),
                                     "--listen=" + listen, "--insecure"};
    for (const std::string& flag : RuleFlags()) argv.push_back(flag);
    return std::make_unique<AnnouncedServer>("awardd", argv);
  }

  std::unique_ptr<AnnouncedServer> awardd_;
};

// The clerks, appraisers, council and chair of the commune, each a client.
class Flow {
 public:
  explicit Flow(Deployment& deployment)
      : deployment_(deployment), client_(deployment.endpoints(), absl::Seconds(60)) {}

  template <typename Response, typename Request>
  Response Command(const std::string& method, const Request& request, const std::string& request_id,
                   const std::string& actor = "e2e:van-thu") {
    absl::StatusOr<Response> response =
        client_.Command<Response>(method, request, actor, "e2e-" + request_id);
    EXPECT_TRUE(response.ok()) << request_id << ": " << response.status();
    return response.value_or(Response());
  }

  template <typename Response, typename Request>
  Response Read(const std::string& method, const Request& request) {
    absl::StatusOr<Response> response = client_.Read<Response>(method, request);
    EXPECT_TRUE(response.ok()) << method << ": " << response.status();
    return response.value_or(Response());
  }

  void Run();

 private:
  void SetUpCommune();
  std::string Propose(int i, v1::AwardKind kind);
  void HoldMeetingWithAKill(const std::vector<std::string>& items);
  void CheckTheLog(const std::vector<std::string>& items);

  Deployment& deployment_;
  PlatformClient client_;
};

void Flow::SetUpCommune() {
  for (const auto& [id, name, level, parent] :
       {std::tuple{"e2e-tinh", "Ủy ban nhân dân tỉnh Lâm Sơn", v1::AUTHORITY_LEVEL_PROVINCE, ""},
        std::tuple{kCommune, "Ủy ban nhân dân xã Tân Lập", v1::AUTHORITY_LEVEL_COMMUNE,
                   "e2e-tinh"}}) {
    v1::RegisterAuthorityRequest request;
    *request.mutable_authority() =
        award::testing::AuthorityEntry(id, name, level, parent, Day(2025, 7, 1));
    Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority", request,
                                           absl::StrCat("register-", id));
  }
  v1::ConstituteCouncilRequest constitute;
  v1::CouncilConstituted& council = *constitute.mutable_council();
  council.set_authority_id(kCommune);
  council.set_name("Hội đồng Thi đua - Khen thưởng xã Tân Lập");
  *council.mutable_effective_on() = Day(2025, 7, 15);
  for (int m = 0; m < kMembers; ++m) {
    v1::CouncilMember& member = *council.add_members();
    member.set_member_id(MemberId(m));
    member.set_full_name(absl::StrCat("Thành viên ", m + 1));
    member.set_role(m == 0   ? v1::COUNCIL_ROLE_CHAIR
                    : m == 1 ? v1::COUNCIL_ROLE_STANDING_VICE_CHAIR
                    : m < 4  ? v1::COUNCIL_ROLE_VICE_CHAIR
                             : v1::COUNCIL_ROLE_MEMBER);
  }
  Command<v1::ConstituteCouncilResponse>("award.v1.Council.ConstituteCouncil", constitute,
                                         "constitute");
}

std::string AwardeeOf(int i) {
  return award::nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, absl::StrCat("e2e-cccd-", i))
      .value();
}

// Drafted, its dossier attached, submitted and appraised; its id.
std::string Flow::Propose(int i, v1::AwardKind kind) {
  const std::string id = absl::StrCat("e2e-de-nghi-", i);
  v1::DraftNominationRequest draft;
  v1::NominationDrafted& d = *draft.mutable_draft();
  d.set_nomination_id(id);
  d.set_authority_id(kCommune);
  d.set_proposer_unit("Trường THCS Tân Lập");
  d.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
  d.mutable_nominee()->set_awardee_id(AwardeeOf(i));
  d.mutable_nominee()->set_full_name(absl::StrCat("Nguyễn Thị Hoa ", i));
  d.mutable_nominee()->set_direct_worker(i % 2 == 0);
  d.set_kind(kind);
  d.mutable_period()->set_year(2025);
  d.set_basis(v1::BASIS_MERIT);
  v1::YearRecord& year = *d.add_years();
  year.set_year(2025);
  year.set_rating(v1::RATING_EXCELLENT);
  Command<v1::DraftNominationResponse>("award.v1.Nominations.DraftNomination", draft,
                                       "draft-" + id);
  std::vector<v1::DocumentKind> documents = {v1::DOCUMENT_KIND_SUBMISSION_MEMO,
                                             v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
                                             v1::DOCUMENT_KIND_REVIEW_MINUTES};
  if (kind == v1::AWARD_KIND_CSTD_CO_SO) {
    documents.push_back(v1::DOCUMENT_KIND_INITIATIVE_CERTIFICATION);
  }
  for (v1::DocumentKind kind_of_document : documents) {
    v1::AttachDocumentRequest attach;
    attach.set_nomination_id(id);
    attach.mutable_document()->set_kind(kind_of_document);
    attach.mutable_document()->set_title(v1::DocumentKind_Name(kind_of_document));
    attach.mutable_document()->set_sha256(
        std::string(32, static_cast<char>('a' + kind_of_document + i * 8)));
    Command<v1::AttachDocumentResponse>("award.v1.Nominations.AttachDocument", attach,
                                        absl::StrCat("attach-", id, "-", kind_of_document));
  }
  v1::SubmitNominationRequest submit;
  submit.set_nomination_id(id);
  *submit.mutable_received_on() = Day(2025, 12, 10);
  Command<v1::SubmitNominationResponse>("award.v1.Nominations.SubmitNomination", submit,
                                        "submit-" + id);
  v1::AppraiseNominationRequest appraise;
  appraise.set_nomination_id(id);
  appraise.set_pass(true);
  Command<v1::AppraiseNominationResponse>("award.v1.Nominations.AppraiseNomination", appraise,
                                          "appraise-" + id, "e2e:tham-dinh");
  return id;
}

void Flow::HoldMeetingWithAKill(const std::vector<std::string>& items) {
  v1::ScheduleMeetingRequest schedule;
  schedule.set_meeting_id(kMeeting);
  schedule.set_authority_id(kCommune);
  *schedule.mutable_meeting_date() = Day(2025, 12, 22);
  schedule.set_place("Hội trường UBND xã");
  for (const std::string& id : items) schedule.add_items()->set_nomination_id(id);
  Command<v1::ScheduleMeetingResponse>("award.v1.Council.ScheduleMeeting", schedule, "schedule");
  v1::ConveneMeetingRequest convene;
  convene.set_meeting_id(kMeeting);
  for (int m = 0; m < kPresent; ++m) convene.add_present_member_ids(MemberId(m));
  convene.set_presiding_member_id(MemberId(0));
  convene.set_secretary_id(MemberId(6));
  EXPECT_TRUE(
      Command<v1::ConveneMeetingResponse>("award.v1.Council.ConveneMeeting", convene, "convene")
          .quorate());
  v1::OpenVotingRequest open;
  open.set_meeting_id(kMeeting);
  Command<v1::OpenVotingResponse>("award.v1.Council.OpenVoting", open, "open");

  // Every present member votes from their own client, all at once.
  std::atomic<int> acknowledged{0};
  std::atomic<int> repeated{0};
  std::vector<std::thread> members;
  for (int m = 0; m < kPresent; ++m) {
    members.emplace_back([&, m] {
      for (size_t item = 0; item < items.size(); ++item) {
        v1::CastBallotRequest ballot;
        ballot.set_meeting_id(kMeeting);
        ballot.set_nomination_id(items[item]);
        ballot.set_member_id(MemberId(m));
        ballot.set_choice(ChoiceOf(m, static_cast<int>(item)));
        v1::CastBallotResponse cast = Command<v1::CastBallotResponse>(
            "award.v1.Council.CastBallot", ballot, absl::StrCat("ballot-", item, "-", m),
            "e2e:" + MemberId(m));
        if (cast.outcome().recorded().repeated()) ++repeated;
        ++acknowledged;
        absl::SleepFor(absl::Milliseconds(15));
      }
    });
  }
  // Once the first round is in, the ballot recorder dies under the rest.
  while (acknowledged < kPresent) absl::SleepFor(absl::Milliseconds(1));
  deployment_.KillAndRestartBallotRecorder();
  for (std::thread& member : members) member.join();
  EXPECT_EQ(acknowledged, kPresent * static_cast<int>(items.size()));
  std::cout << "ballots answered as repeats after the restart: " << repeated << std::endl;

  v1::CloseVotingRequest close;
  close.set_meeting_id(kMeeting);
  const v1::CloseVotingResponse closed =
      Command<v1::CloseVotingResponse>("award.v1.Council.CloseVoting", close, "close");
  ASSERT_EQ(closed.tallies_size(), static_cast<int>(items.size()));
  for (const v1::ItemTally& tally : closed.tallies()) {
    const int item = static_cast<int>(std::find(items.begin(), items.end(), tally.nomination_id()) -
                                      items.begin());
    std::map<v1::BallotChoice, uint32_t> expected;
    for (int m = 0; m < kPresent; ++m) ++expected[ChoiceOf(m, item)];
    EXPECT_EQ(tally.agree(), expected[v1::BALLOT_CHOICE_AGREE]) << tally.nomination_id();
    EXPECT_EQ(tally.disagree(), expected[v1::BALLOT_CHOICE_DISAGREE]) << tally.nomination_id();
    EXPECT_EQ(tally.abstain(), expected[v1::BALLOT_CHOICE_ABSTAIN]) << tally.nomination_id();
    EXPECT_EQ(tally.not_voting(), static_cast<uint32_t>(kMembers - kPresent));
    EXPECT_EQ(tally.voting_members(), static_cast<uint32_t>(kMembers));
    EXPECT_EQ(tally.result(),
              item < 2 ? v1::COUNCIL_RESULT_RECOMMENDED : v1::COUNCIL_RESULT_NOT_RECOMMENDED);
  }

  v1::GetMinutesRequest minutes_request;
  minutes_request.set_meeting_id(kMeeting);
  const v1::GetMinutesResponse minutes =
      Read<v1::GetMinutesResponse>("award.v1.Council.GetMinutes", minutes_request);
  EXPECT_NE(minutes.text().find("Tân Lập"), std::string::npos);
  for (const auto& [member, signatory] : {std::pair{0, v1::MINUTES_SIGNATORY_PRESIDING},
                                          std::pair{6, v1::MINUTES_SIGNATORY_SECRETARY}}) {
    v1::SignMinutesRequest sign;
    sign.set_meeting_id(kMeeting);
    sign.set_signer_id(MemberId(member));
    sign.set_signatory(signatory);
    sign.set_minutes_sha256(minutes.sha256());
    const v1::SignMinutesResponse signed_minutes =
        Command<v1::SignMinutesResponse>("award.v1.Council.SignMinutes", sign,
                                         absl::StrCat("sign-", member), "e2e:" + MemberId(member));
    if (member == 6) {
      EXPECT_EQ(signed_minutes.outcome().state(), v1::MEETING_STATE_CONCLUDED);
    }
  }
}

// Straight from the log: each present member's ballot on each item exactly
// once, and a chain that verifies.
void Flow::CheckTheLog(const std::vector<std::string>& items) {
  std::map<std::pair<std::string, std::string>, int> ballots;
  std::set<std::string> event_ids;
  int events = 0;
  eventstore::v1::ReadAllRequest read;
  read.set_direction(eventstore::v1::READ_DIRECTION_FORWARD);
  read.set_max_count(1000);
  while (true) {
    const auto page =
        Read<eventstore::v1::ReadAllResponse>("eventstore.v1.EventStore.ReadAll", read);
    for (const eventstore::v1::RecordedEvent& event : page.events()) {
      ++events;
      EXPECT_TRUE(event_ids.insert(event.event_id()).second) << event.position();
      if (event.type() != "BallotCast") continue;
      v1::BallotCast cast;
      ASSERT_TRUE(cast.ParseFromString(event.payload()));
      ++ballots[{cast.nomination_id(), cast.member_id()}];
    }
    if (page.end_of_log() || page.events().empty()) break;
    read.set_from_position(page.next_position());
  }
  EXPECT_EQ(ballots.size(), items.size() * kPresent);
  for (const auto& [who, count] : ballots) {
    EXPECT_EQ(count, 1) << who.first << " " << who.second;
  }
  eventstore::v1::VerifyRequest verify;
  const auto report =
      Read<eventstore::v1::VerifyResponse>("eventstore.v1.EventStore.Verify", verify);
  EXPECT_TRUE(report.ok()) << report.problem();
  EXPECT_EQ(report.verified_count(), static_cast<uint64_t>(events));
}

void Flow::Run() {
  SetUpCommune();
  std::vector<std::string> items;
  for (int i = 0; i < 3; ++i) items.push_back(Propose(i, v1::AWARD_KIND_CSTD_CO_SO));
  const std::string advanced = Propose(3, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  HoldMeetingWithAKill(items);
  if (::testing::Test::HasFatalFailure()) return;

  // The chair signs one decision for the two recommended and the advanced worker.
  v1::DraftDecisionRequest draft;
  draft.set_decision_id("e2e-qd-1");
  draft.set_authority_id(kCommune);
  draft.mutable_signer()->set_person_id(MemberId(0));
  draft.mutable_signer()->set_full_name("Thành viên 1");
  draft.mutable_signer()->set_title("Chủ tịch Ủy ban nhân dân xã");
  draft.mutable_signer()->set_capacity(v1::SIGNER_CAPACITY_HEAD);
  *draft.mutable_decision_date() = Day(2025, 12, 26);
  draft.set_subject("Về việc công nhận danh hiệu thi đua năm 2025");
  for (const std::string& id : {items[0], items[1], advanced}) draft.add_nomination_ids(id);
  const v1::DraftDecisionResponse drafted =
      Command<v1::DraftDecisionResponse>("award.v1.Decisions.DraftDecision", draft, "draft-qd");
  EXPECT_EQ(drafted.drafted().total_vnd(), 2 * 2'340'000 + 710'000);
  v1::IssueDecisionRequest issue;
  issue.set_decision_id("e2e-qd-1");
  *issue.mutable_numbered_on() = Day(2025, 12, 26);
  const v1::IssueDecisionResponse issued = Command<v1::IssueDecisionResponse>(
      "award.v1.Decisions.IssueDecision", issue, "issue-qd", "e2e:chu-tich");
  EXPECT_EQ(issued.number(), 1u);
  EXPECT_EQ(issued.number_text(), "1/QĐ-UBND");
  const uint64_t written = issued.outcome().recorded().position();

  // Read-your-writes: every query waits for the issue's position.
  v1::GetNominationViewRequest view_request;
  view_request.set_nomination_id(items[0]);
  view_request.set_min_position(written);
  const v1::NominationView view =
      Read<v1::GetNominationViewResponse>("award.v1.Query.GetNominationView", view_request).view();
  EXPECT_EQ(view.nomination().state(), v1::NOMINATION_STATE_DECIDED);
  EXPECT_EQ(view.nomination().decided().number_text(), "1/QĐ-UBND");
  EXPECT_EQ(view.amount_vnd(), 2'340'000);
  view_request.set_nomination_id(items[2]);
  EXPECT_EQ(Read<v1::GetNominationViewResponse>("award.v1.Query.GetNominationView", view_request)
                .view()
                .nomination()
                .state(),
            v1::NOMINATION_STATE_NOT_RECOMMENDED);

  v1::GetAwardeeHistoryRequest history_request;
  history_request.set_awardee_id(AwardeeOf(0));
  history_request.set_min_position(written);
  const v1::GetAwardeeHistoryResponse history =
      Read<v1::GetAwardeeHistoryResponse>("award.v1.Query.GetAwardeeHistory", history_request);
  ASSERT_EQ(history.entries_size(), 1);
  EXPECT_EQ(history.entries(0).entry(), v1::AWARDEE_ENTRY_KIND_GRANTED);
  EXPECT_EQ(history.entries(0).decision_number(), "1/QĐ-UBND");
  EXPECT_EQ(history.entries(0).amount_vnd(), 2'340'000);

  v1::GetStatisticsRequest statistics_request;
  statistics_request.set_authority_id(kCommune);
  statistics_request.set_from_year(2025);
  statistics_request.set_to_year(2025);
  statistics_request.set_min_position(written);
  const v1::StatisticsTable table =
      Read<v1::GetStatisticsResponse>("award.v1.Query.GetStatistics", statistics_request).table();
  std::map<v1::AwardKind, int64_t> counts;
  for (const v1::StatisticsRow& row : table.rows()) counts[row.kind()] += row.counts(0);
  EXPECT_EQ(counts[v1::AWARD_KIND_CSTD_CO_SO], 2);
  EXPECT_EQ(counts[v1::AWARD_KIND_LAO_DONG_TIEN_TIEN], 1);
  ASSERT_EQ(table.totals_size(), 1);
  EXPECT_EQ(table.totals(0), 3);

  v1::GetAuditTrailRequest trail_request;
  trail_request.set_entity("nomination-" + items[0]);
  trail_request.set_min_position(written);
  const v1::GetAuditTrailResponse trail =
      Read<v1::GetAuditTrailResponse>("award.v1.Query.GetAuditTrail", trail_request);
  std::map<std::string, int> acts;
  for (const v1::AuditEntry& entry : trail.entries()) ++acts[entry.event_type()];
  EXPECT_EQ(acts, (std::map<std::string, int>{{"NominationDrafted", 1},
                                              {"DossierDocumentAttached", 4},
                                              {"NominationSubmitted", 1},
                                              {"AppraisalPassed", 1},
                                              {"NominationPlacedOnAgenda", 1},
                                              {"CouncilOutcomeRecorded", 1},
                                              {"NominationDecided", 1}}));

  v1::GetMeetingAuditRequest meeting_request;
  meeting_request.set_meeting_id(kMeeting);
  meeting_request.set_min_position(written);
  const v1::MeetingAudit meeting =
      Read<v1::GetMeetingAuditResponse>("award.v1.Query.GetMeetingAudit", meeting_request)
          .meeting();
  EXPECT_EQ(meeting.state(), "CONCLUDED");
  ASSERT_EQ(meeting.ballots_size(), static_cast<int>(items.size()));
  for (const v1::BallotParticipation& ballots : meeting.ballots()) {
    std::set<std::string> voters(ballots.member_ids().begin(), ballots.member_ids().end());
    EXPECT_EQ(ballots.member_ids_size(), kPresent) << ballots.nomination_id();
    EXPECT_EQ(voters.size(), static_cast<size_t>(kPresent)) << ballots.nomination_id();
  }
  EXPECT_EQ(meeting.signatures_size(), 2);

  CheckTheLog(items);
}

TEST(PlatformFlowTest, SplitDeploymentSurvivesAKilledCouncilServerMidBallot) {
  SplitDeployment deployment;
  ASSERT_TRUE(deployment.started());
  Flow(deployment).Run();
}

TEST(PlatformFlowTest, AwarddSurvivesBeingKilledMidBallot) {
  AllInOne deployment;
  ASSERT_TRUE(deployment.started());
  Flow(deployment).Run();
}

}  // namespace

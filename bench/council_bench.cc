// council_bench: how fast a council votes, one line per run:
//
//   scenario=council_ballots members=60 items=100 ballots=6000 seconds=... ballots_per_sec=...
//   p50_us=... p99_us=... close_ms=...
//
// Every voting member casts a secret ballot on every item from a thread of
// its own, through the council service on an embedded event store (durable
// appends, no gRPC), as in a meeting where all vote at once. close_ms is the
// time to open every envelope and write the tallies.
//
//   council_bench [--members=14] [--items=50] [--dir=/tmp]
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/process_settings.h"
#include "eventstore/rocksdb_event_store.h"
#include "services/council/council_service.h"
#include "services/nominations/domain/awardee_id.h"
#include "services/nominations/nominations_service.h"

ABSL_FLAG(int, members, 14, "Voting members of the council");
ABSL_FLAG(int, items, 50, "Items on the agenda");
ABSL_FLAG(std::string, dir, "", "Where to create the data directory (default: $TMPDIR or /tmp)");
ABSL_FLAG(std::string, rules_dir, AWARD_RULES_DIR, "Directory of the rule sets");

namespace {

using namespace award;  // NOLINT: a benchmark's main file

v1::CommandMeta Meta(const std::string& request_id) {
  v1::CommandMeta meta;
  meta.set_actor("bench");
  meta.set_request_id(request_id);
  return meta;
}

void Check(const grpc::Status& status, const std::string& what) {
  if (!status.ok()) {
    std::cerr << "council_bench: " << what << ": " << status.error_message() << std::endl;
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  const int members = absl::GetFlag(FLAGS_members);
  const int items = absl::GetFlag(FLAGS_items);
  std::string base = absl::GetFlag(FLAGS_dir);
  if (base.empty()) base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  const std::string dir = absl::StrCat(base, "/council-bench-", getpid());
  std::filesystem::remove_all(dir);

  absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(absl::GetFlag(FLAGS_rules_dir));
  if (!rules.ok()) {
    std::cerr << "council_bench: " << rules.status() << std::endl;
    return 1;
  }
  const WorkingDayCalendar calendar(rules->CalendarOptions());
  auto store = eventstore::OpenRocksDbEventStore({.data_dir = dir});
  if (!store.ok()) {
    std::cerr << "council_bench: " << store.status() << std::endl;
    return 1;
  }
  const council::BallotSeal seal = *council::BallotSeal::Create(council::BallotSeal::NewSecret());
  nominations::NominationsService noms(**store, *rules, calendar);
  council::CouncilService service(**store, *rules, calendar, seal);

  // A province, its council, and the Government Emulation Flag proposals it ballots (80 %).
  v1::RegisterAuthorityRequest authority;
  *authority.mutable_meta() = Meta("authority");
  authority.mutable_authority()->set_authority_id("ubnd-tinh");
  authority.mutable_authority()->set_name("Ủy ban nhân dân tỉnh");
  authority.mutable_authority()->set_level(v1::AUTHORITY_LEVEL_PROVINCE);
  authority.mutable_authority()->set_decision_symbol("QĐ-UBND");
  *authority.mutable_authority()->mutable_established_on() = DateOf(absl::CivilDay(2000, 1, 1));
  v1::RegisterAuthorityResponse registered;
  Check(noms.RegisterAuthority(nullptr, &authority, &registered), "register");
  v1::ConstituteCouncilRequest constitute;
  *constitute.mutable_meta() = Meta("council");
  constitute.mutable_council()->set_authority_id("ubnd-tinh");
  constitute.mutable_council()->set_name("Hội đồng Thi đua - Khen thưởng tỉnh");
  *constitute.mutable_council()->mutable_effective_on() = DateOf(absl::CivilDay(2025, 1, 1));
  for (int i = 1; i <= members; ++i) {
    v1::CouncilMember* member = constitute.mutable_council()->add_members();
    member->set_member_id(absl::StrCat("m", i));
    member->set_full_name(absl::StrCat("Thành viên ", i));
    member->set_role(i == 1 ? v1::COUNCIL_ROLE_CHAIR : v1::COUNCIL_ROLE_MEMBER);
  }
  v1::ConstituteCouncilResponse constituted;
  Check(service.ConstituteCouncil(nullptr, &constitute, &constituted), "constitute");

  v1::ScheduleMeetingRequest schedule;
  *schedule.mutable_meta() = Meta("schedule");
  schedule.set_meeting_id("hop");
  schedule.set_authority_id("ubnd-tinh");
  *schedule.mutable_meeting_date() = DateOf(absl::CivilDay(2025, 12, 15));
  schedule.set_place("Hội trường");
  for (int i = 0; i < items; ++i) {
    const std::string id = absl::StrCat("co-", i);
    v1::DraftNominationRequest draft;
    *draft.mutable_meta() = Meta("draft-" + id);
    v1::NominationDrafted& d = *draft.mutable_draft();
    d.set_nomination_id(id);
    d.set_authority_id("ubnd-tinh");
    d.set_proposer_unit("so-noi-vu");
    d.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_COLLECTIVE);
    d.mutable_nominee()->set_awardee_id(
        *nominations::AwardeeId(v1::SUBJECT_TYPE_COLLECTIVE, "unit-" + id));
    d.mutable_nominee()->set_full_name("Đơn vị " + id);
    d.set_kind(v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU);
    d.mutable_period()->set_year(2025);
    d.set_basis(v1::BASIS_MERIT);
    v1::DraftNominationResponse drafted;
    Check(noms.DraftNomination(nullptr, &draft, &drafted), "draft");
    char fill = 'a';
    for (v1::DocumentKind kind :
         {v1::DOCUMENT_KIND_SUBMISSION_MEMO, v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
          v1::DOCUMENT_KIND_REVIEW_MINUTES}) {
      v1::AttachDocumentRequest attach;
      *attach.mutable_meta() = Meta(absl::StrCat("attach-", id, "-", std::string(1, fill)));
      attach.set_nomination_id(id);
      attach.mutable_document()->set_kind(kind);
      attach.mutable_document()->set_title("tài liệu");
      attach.mutable_document()->set_sha256(std::string(32, fill++));
      v1::AttachDocumentResponse attached;
      Check(noms.AttachDocument(nullptr, &attach, &attached), "attach");
    }
    v1::SubmitNominationRequest submit;
    *submit.mutable_meta() = Meta("submit-" + id);
    submit.set_nomination_id(id);
    *submit.mutable_received_on() = DateOf(absl::CivilDay(2025, 11, 3));
    v1::SubmitNominationResponse submitted;
    Check(noms.SubmitNomination(nullptr, &submit, &submitted), "submit");
    v1::AppraiseNominationRequest appraise;
    *appraise.mutable_meta() = Meta("appraise-" + id);
    appraise.set_nomination_id(id);
    appraise.set_pass(true);
    v1::AppraiseNominationResponse appraised;
    Check(noms.AppraiseNomination(nullptr, &appraise, &appraised), "appraise");
    schedule.add_items()->set_nomination_id(id);
  }
  v1::ScheduleMeetingResponse scheduled;
  Check(service.ScheduleMeeting(nullptr, &schedule, &scheduled), "schedule");
  v1::ConveneMeetingRequest convene;
  *convene.mutable_meta() = Meta("convene");
  convene.set_meeting_id("hop");
  for (int i = 1; i <= members; ++i) convene.add_present_member_ids(absl::StrCat("m", i));
  convene.set_presiding_member_id("m1");
  convene.set_secretary_id("m1");
  v1::ConveneMeetingResponse convened;
  Check(service.ConveneMeeting(nullptr, &convene, &convened), "convene");
  v1::OpenVotingRequest open;
  *open.mutable_meta() = Meta("open");
  open.set_meeting_id("hop");
  v1::OpenVotingResponse opened;
  Check(service.OpenVoting(nullptr, &open, &opened), "open");

  absl::Mutex mu;
  std::vector<absl::Duration> latencies;
  absl::Barrier start(members);
  const absl::Time began = absl::Now();
  std::vector<std::thread> threads;
  for (int m = 1; m <= members; ++m) {
    threads.emplace_back([&, m] {
      start.Block();
      std::vector<absl::Duration> mine;
      for (int i = 0; i < items; ++i) {
        v1::CastBallotRequest cast;
        *cast.mutable_meta() = Meta(absl::StrCat("ballot-", m, "-", i));
        cast.set_meeting_id("hop");
        cast.set_nomination_id(absl::StrCat("co-", i));
        cast.set_member_id(absl::StrCat("m", m));
        cast.set_choice((m + i) % 5 == 0 ? v1::BALLOT_CHOICE_DISAGREE : v1::BALLOT_CHOICE_AGREE);
        v1::CastBallotResponse response;
        const absl::Time sent = absl::Now();
        Check(service.CastBallot(nullptr, &cast, &response), "ballot");
        mine.push_back(absl::Now() - sent);
      }
      absl::MutexLock lock(&mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - began);

  v1::CloseVotingRequest close;
  *close.mutable_meta() = Meta("close");
  close.set_meeting_id("hop");
  v1::CloseVotingResponse closed;
  const absl::Time closing = absl::Now();
  Check(service.CloseVoting(nullptr, &close, &closed), "close");
  const double close_ms = absl::ToDoubleMilliseconds(absl::Now() - closing);

  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    return absl::ToDoubleMicroseconds(latencies[static_cast<size_t>(p * (latencies.size() - 1))]);
  };
  std::cout << absl::StrFormat(
                   "scenario=council_ballots members=%d items=%d ballots=%d seconds=%.2f "
                   "ballots_per_sec=%.0f p50_us=%.0f p99_us=%.0f close_ms=%.1f",
                   members, items, latencies.size(), seconds, latencies.size() / seconds,
                   percentile(0.5), percentile(0.99), close_ms)
            << std::endl;
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

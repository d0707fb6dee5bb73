// awardd as a process: one address answers health for every service and lists
// them all through reflection; SIGTERM lets the commands in flight finish and
// loses none that were answered; a restart on the same data directory has them.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "award/v1/nominations_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/rule_book.h"
#include "tests/support/child_process.h"
#include "tests/support/grpc_probes.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/platform_client.h"

namespace {

namespace v1 = award::v1;
using award::ctl::Endpoints;
using award::ctl::PlatformClient;
using award::testing::AnnouncedServer;

constexpr const char* kServices[] = {"eventstore.v1.EventStore", "award.v1.Nominations",
                                     "award.v1.Council", "award.v1.Decisions", "award.v1.Query"};

AnnouncedServer StartAwardd(const std::string& data_dir) {
  return AnnouncedServer("awardd", {AWARD_AWARDD_PATH, "--data_dir=" + data_dir,
                                    "--listen=127.0.0.1:0", "--rules_dir=" AWARD_RULES_DIR});
}

TEST(AwarddProcessTest, AnswersHealthAndReflectionForEveryServiceOnOneAddress) {
  award::testing::TempDir dir;
  AnnouncedServer awardd = StartAwardd(dir.Sub("data"));
  ASSERT_FALSE(awardd.address.empty());
  auto channel = grpc::CreateChannel(awardd.address, grpc::InsecureChannelCredentials());
  std::vector<std::string> names = {""};
  names.insert(names.end(), std::begin(kServices), std::end(kServices));
  for (const std::string& service : names) {
    absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> health =
        award::testing::HealthOf(channel, service);
    ASSERT_TRUE(health.ok()) << health.status();
    EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
  const std::set<std::string> listed = award::testing::ListedServices(channel);
  for (const char* service : kServices) EXPECT_TRUE(listed.contains(service)) << service;
}

TEST(AwarddProcessTest, SigtermFinishesCommandsInFlightAndARestartHasEveryAnsweredOne) {
  award::testing::TempDir dir;
  AnnouncedServer awardd = StartAwardd(dir.Sub("data"));
  ASSERT_FALSE(awardd.address.empty());
  // Short: after the signal, a command waits for no one.
  PlatformClient client(Endpoints::AllAt(awardd.address), absl::Seconds(2));
  v1::RegisterAuthorityRequest authority;
  authority.mutable_authority()->set_authority_id("ubnd-xa-a");
  authority.mutable_authority()->set_name("Ủy ban nhân dân xã A");
  authority.mutable_authority()->set_level(v1::AUTHORITY_LEVEL_COMMUNE);
  authority.mutable_authority()->set_decision_symbol("QĐ-UBND");
  *authority.mutable_authority()->mutable_established_on() =
      award::DateOf(absl::CivilDay(2025, 7, 1));
  ASSERT_TRUE(client
                  .Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                          authority, "test", "register")
                  .ok());

  absl::Mutex mu;
  std::vector<std::string> answered;
  std::atomic<int> count{0};
  std::vector<std::thread> clerks;
  for (int t = 0; t < 6; ++t) {
    clerks.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        v1::DraftNominationRequest draft;
        v1::NominationDrafted& d = *draft.mutable_draft();
        d.set_nomination_id(absl::StrCat("n-", t, "-", i));
        d.set_authority_id("ubnd-xa-a");
        d.set_proposer_unit("Trường Tiểu học A");
        d.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
        d.mutable_nominee()->set_awardee_id(absl::StrCat("i-", t, "-", i));
        d.mutable_nominee()->set_full_name("Lê Thị B");
        d.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
        d.mutable_period()->set_year(2025);
        d.set_basis(v1::BASIS_MERIT);
        absl::StatusOr<v1::DraftNominationResponse> response =
            client.Command<v1::DraftNominationResponse>("award.v1.Nominations.DraftNomination",
                                                        draft, "test",
                                                        "draft-" + d.nomination_id());
        if (!response.ok()) return;  // awardd is going away
        absl::MutexLock lock(&mu);
        answered.push_back(d.nomination_id());
        ++count;
      }
    });
  }
  while (count < 100) absl::SleepFor(absl::Milliseconds(1));
  awardd.process->Signal(SIGTERM);
  std::optional<int> status = awardd.process->Wait(absl::Seconds(30));
  for (std::thread& clerk : clerks) clerk.join();
  ASSERT_TRUE(status.has_value()) << "awardd did not stop";
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  std::vector<std::string> output;
  while (auto line = awardd.process->ReadLine(absl::Seconds(1))) output.push_back(*line);
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.back(), "awardd: stopped cleanly");

  AnnouncedServer again = StartAwardd(dir.Sub("data"));
  ASSERT_FALSE(again.address.empty());
  PlatformClient reader(Endpoints::AllAt(again.address));
  for (const std::string& id : answered) {
    v1::GetNominationRequest request;
    request.set_nomination_id(id);
    absl::StatusOr<v1::GetNominationResponse> nomination =
        reader.Read<v1::GetNominationResponse>("award.v1.Nominations.GetNomination", request);
    ASSERT_TRUE(nomination.ok()) << id << ": " << nomination.status();
    EXPECT_EQ(nomination->state(), v1::NOMINATION_STATE_DRAFT);
  }
  absl::StatusOr<eventstore::v1::VerifyResponse> report =
      reader.Read<eventstore::v1::VerifyResponse>("eventstore.v1.EventStore.Verify",
                                                  eventstore::v1::VerifyRequest());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << report->problem();
}

}  // namespace

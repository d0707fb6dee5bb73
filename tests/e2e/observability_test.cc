// What operators see of a running server: Prometheus metrics on its own port,
// one JSON line per RPC on stderr (ids, never names), and health that tells
// liveness from readiness. awardd and query_server run as real processes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "base/serve.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/grpc_probes.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/platform_client.h"

namespace award {
namespace {

using ::award::testing::AnnouncedServer;
using ::award::testing::TempDir;
using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// The body of GET http://address/metrics ("HOST:PORT").
std::string Scrape(const std::string& address) {
  const size_t colon = address.rfind(':');
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
  inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET /metrics HTTP/1.0\r\nHost: " + address + "\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return "";
  }
  std::string response;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

// The value of the sample line that starts with `series`, or -1.
double ValueOf(const std::string& metrics, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(metrics, '\n')) {
    if (!absl::StartsWith(line, series + " ")) continue;
    double value = -1;
    if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
  }
  return -1;
}

std::string AddressAfter(const std::string& line, const std::string& marker) {
  const size_t at = line.find(marker);
  if (at == std::string::npos) return "";
  const std::string rest = line.substr(at + marker.size());
  return rest.substr(0, rest.find_first_of(" /"));
}

class AwarddTelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Through a shell, for its stderr: the request log.
    const std::string command = absl::StrCat(
        "exec " AWARD_AWARDD_PATH " --data_dir=", dir_.Sub("data"),
        " --listen=127.0.0.1:0 --rules_dir=" AWARD_RULES_DIR " --metrics_listen=127.0.0.1:0 2>",
        dir_.Sub("requests.log"));
    awardd_ = std::make_unique<AnnouncedServer>("awardd",
                                                std::vector<std::string>{"/bin/sh", "-c", command});
    ASSERT_FALSE(awardd_->address.empty());
    metrics_ = AddressAfter(awardd_->announcement, "metrics http://");
    ASSERT_FALSE(metrics_.empty()) << "awardd did not say where its metrics are";
  }

  TempDir dir_;
  std::unique_ptr<AnnouncedServer> awardd_;
  std::string metrics_;
};

TEST_F(AwarddTelemetryTest, CountsRpcsAndAppendsAndLogsEachCallWithIdsOnly) {
  ctl::PlatformClient client(ctl::Endpoints::AllAt(awardd_->address));
  v1::RegisterAuthorityRequest authority;
  authority.mutable_authority()->set_authority_id("ubnd-xa-a");
  authority.mutable_authority()->set_name("Ủy ban nhân dân xã A");
  authority.mutable_authority()->set_level(v1::AUTHORITY_LEVEL_COMMUNE);
  authority.mutable_authority()->set_decision_symbol("QĐ-UBND");
  authority.mutable_authority()->mutable_established_on()->set_year(2025);
  authority.mutable_authority()->mutable_established_on()->set_month(7);
  authority.mutable_authority()->mutable_established_on()->set_day(1);
  ASSERT_TRUE(client
                  .Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                          authority, "clerk-7", "register-a")
                  .ok());
  v1::DraftNominationRequest draft;  // refused: no nominee id, but a name
  draft.mutable_draft()->set_nomination_id("n-1");
  draft.mutable_draft()->set_authority_id("ubnd-xa-a");
  draft.mutable_draft()->mutable_nominee()->set_full_name("Lê Thị Bình");
  EXPECT_EQ(client
                .Command<v1::DraftNominationResponse>("award.v1.Nominations.DraftNomination", draft,
                                                      "clerk-7", "draft-n-1")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);

  const std::string metrics = Scrape(metrics_);
  ASSERT_FALSE(metrics.empty());
  EXPECT_EQ(
      ValueOf(metrics,
              "award_rpc_total{code=\"OK\",method=\"/award.v1.Nominations/RegisterAuthority\"}"),
      1);
  EXPECT_EQ(ValueOf(metrics,
                    "award_rpc_total{code=\"INVALID_ARGUMENT\",method=\"/"
                    "award.v1.Nominations/DraftNomination\"}"),
            1);
  EXPECT_EQ(ValueOf(metrics,
                    "award_rpc_duration_seconds_count{method=\"/award.v1.Nominations/"
                    "RegisterAuthority\"}"),
            1);
  EXPECT_GE(ValueOf(metrics, "award_log_appends_total"), 1);
  EXPECT_GE(ValueOf(metrics, "award_log_events_total"), 1);
  EXPECT_GE(ValueOf(metrics, "award_log_fsync_seconds_count"), 1);
  EXPECT_GE(ValueOf(metrics, "award_log_group_commit_appends_count"), 1);
  EXPECT_GE(ValueOf(metrics, "award_log_events"), 1);
  EXPECT_GE(ValueOf(metrics, "award_log_memtable_bytes"), 0);
  EXPECT_GE(ValueOf(metrics, "award_projection_lag_events{projection=\"nominations\"}"), 0);

  awardd_->process->Signal(SIGTERM);
  ASSERT_EQ(awardd_->process->Wait(absl::Seconds(30)), 0);
  std::ifstream in(dir_.Sub("requests.log"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  bool saw_register = false, saw_draft = false;
  for (const std::string& line : lines) {
    EXPECT_TRUE(absl::StartsWith(line, "{\"time\":\"") && absl::EndsWith(line, "}")) << line;
    for (const char* field : {"\"level\":", "\"service\":\"awardd\"", "\"method\":",
                              "\"request_id\":", "\"actor\":", "\"code\":", "\"duration_ms\":"}) {
      EXPECT_TRUE(absl::StrContains(line, field)) << field << " in " << line;
    }
    EXPECT_FALSE(absl::StrContains(line, "Bình")) << "a name in the log: " << line;
    EXPECT_FALSE(absl::StrContains(line, "Ủy ban")) << "a name in the log: " << line;
    saw_register |= absl::StrContains(line,
                                      "\"request_id\":\"register-a\",\"actor\":\"clerk-7\","
                                      "\"code\":\"OK\"");
    saw_draft |= absl::StrContains(line,
                                   "\"request_id\":\"draft-n-1\",\"actor\":\"clerk-7\","
                                   "\"code\":\"INVALID_ARGUMENT\"");
  }
  EXPECT_TRUE(saw_register);
  EXPECT_TRUE(saw_draft);
}

TEST_F(AwarddTelemetryTest, LiveAndReadyOnceItsProjectionsHaveTheLog) {
  auto channel = grpc::CreateChannel(awardd_->address, grpc::InsecureChannelCredentials());
  for (const std::string& service :
       {std::string(kLivenessService), std::string(""), std::string("award.v1.Query")}) {
    absl::StatusOr<ServingStatus> health = testing::HealthOf(channel, service);
    ASSERT_TRUE(health.ok()) << service << ": " << health.status();
    EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST(QueryServerHealthTest, AliveButNotReadyWhileItCannotReachTheLog) {
  TempDir dir;
  // A port nothing listens on: take one, then let it go.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)), 0);
  socklen_t size = sizeof(any);
  getsockname(fd, reinterpret_cast<sockaddr*>(&any), &size);
  const int dead_port = ntohs(any.sin_port);
  close(fd);

  AnnouncedServer query(
      "query_server", {AWARD_QUERY_SERVER_PATH, absl::StrCat("--event_store=127.0.0.1:", dead_port),
                       "--listen=127.0.0.1:0", "--data_dir=" + dir.Sub("query"), "--insecure"});
  ASSERT_FALSE(query.address.empty());
  auto channel = grpc::CreateChannel(query.address, grpc::InsecureChannelCredentials());
  EXPECT_EQ(*testing::HealthOf(channel, kLivenessService),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(*testing::HealthOf(channel, ""), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(*testing::HealthOf(channel, "award.v1.Query"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

// The value of `series` once it equals `wanted`, or its last value after 10 s.
double AwaitValue(const std::string& metrics_address, const std::string& series, double wanted) {
  double value = -1;
  for (int i = 0; i < 200; ++i) {
    value = ValueOf(Scrape(metrics_address), series);
    if (value == wanted) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return value;
}

// eventstore_server counts its subscriptions and tells the lag of each
// subscriber's furthest-behind one: a subscription whose filter matches nothing
// has passed the whole log; one whose client takes nothing falls behind.
TEST(EventStoreTelemetryTest, CountsSubscriptionsAndTheirLagBySubscriber) {
  TempDir dir;
  testing::ServerProcess server(dir.Sub("log"),
                                {"--metrics_listen=127.0.0.1:0", "--log_requests=false"});
  ASSERT_FALSE(server.address.empty());
  const std::string metrics = AddressAfter(server.announcement, "metrics http://");
  ASSERT_FALSE(metrics.empty());
  std::unique_ptr<eventstore::EventStore> store =
      eventstore::ConnectRemoteEventStore(server.address);
  // 8,000 events of 4 KiB: more than a client's buffers hold.
  for (int append = 0; append < 80; ++append) {
    std::vector<eventstore::EventData> events;
    for (int i = 0; i < 100; ++i)
      events.push_back(testing::NewEvent("Scanned", std::string(4096, 'x')));
    ASSERT_TRUE(
        store
            ->Append(testing::AppendTo(absl::StrCat("dossier-", append),
                                       eventstore::ExpectedVersion::NoStream(), std::move(events)))
            .ok());
  }
  const std::string open = "award_subscriptions_open{subscriber=\"\"}";
  const std::string lag = "award_subscription_lag_events{subscriber=\"\"}";

  eventstore::SubscribeRequest nothing_matches{.stream = std::nullopt, .filter = {}, .from = 0};
  nothing_matches.filter.event_types = {"NoSuchEvent"};
  auto filtered = store->Subscribe(nothing_matches);
  ASSERT_TRUE(filtered.ok());
  EXPECT_EQ(AwaitValue(metrics, open, 1), 1);
  EXPECT_EQ(AwaitValue(metrics, lag, 0), 0);

  // A client that never calls Next: the server waits for it to take a batch.
  auto stalled = store->Subscribe({.stream = std::nullopt, .filter = {}, .from = 0});
  ASSERT_TRUE(stalled.ok());
  EXPECT_EQ(AwaitValue(metrics, open, 2), 2);
  absl::SleepFor(absl::Milliseconds(500));  // it takes in what its buffers hold
  const double behind = ValueOf(Scrape(metrics), lag);
  std::cout << "a stalled subscriber is " << behind << " events behind\n";
  EXPECT_GT(behind, 0);
  EXPECT_LE(behind, 8000);

  stalled->reset();
  EXPECT_EQ(AwaitValue(metrics, open, 1), 1);
  EXPECT_EQ(AwaitValue(metrics, lag, 0), 0);
}

}  // namespace
}  // namespace award

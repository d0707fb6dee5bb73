// The servers' limits, as real processes: a request larger than a server
// takes, bytes that are no request, a deadline that has passed, and more
// subscriptions than the event store holds open are each refused with their
// code, while another caller's calls go on answered. A service's calls to the
// event store end with its caller's call.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "award/v1/nominations_service.pb.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/nominations/domain/authority.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/platform_client.h"

namespace award {
namespace {

using ::award::testing::AnnouncedServer;
using ::award::testing::TempDir;

// A unary call with raw request bytes and a deadline, which the caller
// cancels after `cancel_after` if it has no answer by then; its status.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& bytes, absl::Duration timeout,
                     absl::Duration cancel_after = absl::InfiniteDuration()) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  std::future<grpc::Status> answer = done.get_future();
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  if (cancel_after != absl::InfiniteDuration() &&
      answer.wait_for(absl::ToChronoMilliseconds(cancel_after)) == std::future_status::timeout) {
    context.TryCancel();
  }
  return answer.get();
}

// Another caller, reading all along on its own connection.
class SteadyReader {
 public:
  explicit SteadyReader(const std::string& address)
      : client_(ctl::Endpoints::AllAt(address), absl::Seconds(5)), thread_([this] { Run(); }) {}
  ~SteadyReader() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int answered() const { return answered_; }
  int failed() const { return failed_; }

 private:
  void Run() {
    while (!stop_) {
      v1::GetAuthorityRequest request;
      request.set_authority_id("ubnd-xa-a");
      const absl::Status status =
          client_.Read<v1::GetAuthorityResponse>("award.v1.Nominations.GetAuthority", request)
              .status();
      // NOT_FOUND is an answer: the authority was never registered.
      ++(status.ok() || absl::IsNotFound(status) ? answered_ : failed_);
    }
  }
  ctl::PlatformClient client_;
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::atomic<int> failed_{0};
  std::thread thread_;
};

TEST(LimitsTest, RefusesOversizedMalformedAndLateCallsWhileOthersAreAnswered) {
  TempDir dir;
  AnnouncedServer awardd(
      "awardd", {AWARD_AWARDD_PATH, "--data_dir=" + dir.Sub("data"), "--listen=127.0.0.1:0",
                 "--rules_dir=" AWARD_RULES_DIR, "--log_requests=false"});
  ASSERT_FALSE(awardd.address.empty());
  SteadyReader other(awardd.address);
  auto channel = grpc::CreateChannel(awardd.address, grpc::InsecureChannelCredentials());
  const std::string draft = "/award.v1.Nominations/DraftNomination";

  // Larger than any request the platform takes (an append of 8 MiB and its envelope).
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(CallRaw(channel, draft, std::string(16 << 20, 'x'), absl::Seconds(10)).error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  // Bytes that do not parse as the request.
  const grpc::Status malformed =
      CallRaw(channel, draft, std::string("\xff\xff\xff\xff\xff", 5), absl::Seconds(10));
  EXPECT_FALSE(malformed.ok());
  EXPECT_NE(malformed.error_code(), grpc::StatusCode::UNAVAILABLE) << malformed.error_message();
  // A deadline gone before the call could be served (already past: 1 µs
  // sometimes outlived a quick answer on a warm connection).
  EXPECT_EQ(CallRaw(channel, "/award.v1.Query/GetStatistics", "", absl::Seconds(-1)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);

  // The server is whole, and the other caller was answered all along.
  v1::GetAuthorityRequest probe;
  probe.set_authority_id("ubnd-xa-a");
  EXPECT_EQ(ctl::PlatformClient(ctl::Endpoints::AllAt(awardd.address))
                .Read<v1::GetAuthorityResponse>("award.v1.Nominations.GetAuthority", probe)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  other.Stop();
  EXPECT_GT(other.answered(), 0);
  EXPECT_EQ(other.failed(), 0);
}

TEST(LimitsTest, TheEventStoreHoldsOnlySoManySubscriptionsOpen) {
  TempDir dir;
  testing::ServerProcess server(dir.Sub("log"), {"--max_subscriptions=3"});
  ASSERT_FALSE(server.address.empty());
  std::unique_ptr<eventstore::EventStore> store =
      eventstore::ConnectRemoteEventStore(server.address);
  ASSERT_TRUE(store
                  ->Append(testing::AppendTo("s", eventstore::ExpectedVersion::NoStream(),
                                             testing::NewEvents(1)))
                  .ok());
  auto subscribe = [&] {
    absl::StatusOr<std::unique_ptr<eventstore::Subscription>> subscription =
        store->Subscribe({.stream = std::nullopt, .filter = {}, .from = 0});
    EXPECT_TRUE(subscription.ok()) << subscription.status();
    return *std::move(subscription);
  };
  std::vector<std::unique_ptr<eventstore::Subscription>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(subscribe());
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> first =
        open.back()->Next(absl::Now() + absl::Seconds(10));
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_EQ(first->size(), 1u);
  }
  std::unique_ptr<eventstore::Subscription> one_too_many = subscribe();
  EXPECT_EQ(one_too_many->Next(absl::Now() + absl::Seconds(10)).status().code(),
            absl::StatusCode::kResourceExhausted);

  // Unary calls are not held back by the open streams.
  EXPECT_TRUE(store->Digest().ok());
  // One closed, one more may open.
  open.front()->Cancel();
  open.erase(open.begin());
  std::unique_ptr<eventstore::Subscription> again;
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> first;
  for (int attempt = 0; attempt < 50; ++attempt) {
    again = subscribe();
    first = again->Next(absl::Now() + absl::Seconds(10));
    if (first.ok()) break;
    absl::SleepFor(absl::Milliseconds(20));  // the server learns of the cancel a moment later
  }
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 1u);
}

v1::RegisterAuthorityRequest Registration(const std::string& authority_id,
                                          const std::string& request_id) {
  v1::RegisterAuthorityRequest request;
  request.mutable_meta()->set_actor("appraiser-1");
  request.mutable_meta()->set_request_id(request_id);
  v1::AuthorityRegistered& authority = *request.mutable_authority();
  authority.set_authority_id(authority_id);
  authority.set_name("UBND xã");
  authority.set_level(v1::AUTHORITY_LEVEL_COMMUNE);
  authority.set_decision_symbol("QĐ-UBND");
  authority.mutable_established_on()->set_year(2025);
  authority.mutable_established_on()->set_month(7);
  authority.mutable_established_on()->set_day(1);
  return request;
}

// The request log's line for `request_id`, once the server has written it;
// nullopt if it has not within `timeout`.
std::optional<std::string> LoggedCall(const std::string& log, const std::string& request_id,
                                      absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  do {
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
      if (absl::StrContains(line, absl::StrCat("\"request_id\":\"", request_id, "\""))) return line;
    }
    absl::SleepFor(absl::Milliseconds(20));
  } while (absl::Now() < give_up);
  return std::nullopt;
}

// nominations_server in front of an event store that stops answering (SIGSTOP):
// the service's own calls to the store have a 30 s timeout, but a caller that
// waits 1 s, or cancels, frees the service's handler within moments.
TEST(LimitsTest, AServiceWaitsForTheEventStoreNoLongerThanItsCaller) {
  TempDir dir;
  testing::ServerProcess store(dir.Sub("log"), {"--log_requests=false"});
  ASSERT_FALSE(store.address.empty());
  const std::string log = dir.Sub("requests.log");
  AnnouncedServer nominations(
      "nominations_server",
      {"/bin/sh", "-c",
       absl::StrCat("exec " AWARD_NOMINATIONS_SERVER_PATH " --listen=127.0.0.1:0 --insecure",
                    " --event_store=", store.address, " --rules_dir=" AWARD_RULES_DIR, " 2>",
                    log)});
  ASSERT_FALSE(nominations.address.empty());
  auto channel = grpc::CreateChannel(nominations.address, grpc::InsecureChannelCredentials());
  const std::string method = "/award.v1.Nominations/RegisterAuthority";
  ASSERT_TRUE(CallRaw(channel, method, Registration("ubnd-xa-a", "register-a").SerializeAsString(),
                      absl::Seconds(10))
                  .ok());

  store.process->Signal(SIGSTOP);
  // A caller with a deadline of 1 s.
  const absl::Time asked = absl::Now();
  EXPECT_EQ(CallRaw(channel, method, Registration("ubnd-xa-b", "register-b").SerializeAsString(),
                    absl::Seconds(1))
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  std::optional<std::string> handled = LoggedCall(log, "register-b", absl::Seconds(10));
  ASSERT_TRUE(handled.has_value()) << "the handler still waits for the stopped event store";
  std::cout << "handled after its caller's deadline: " << *handled << "\n";
  EXPECT_LT(absl::Now() - asked, absl::Seconds(5));
  EXPECT_TRUE(absl::StrContains(*handled, "\"code\":\"DEADLINE_EXCEEDED\"") ||
              absl::StrContains(*handled, "\"code\":\"CANCELLED\""))
      << *handled;

  // A caller that gives up after 0.5 s, with 60 s of deadline left.
  EXPECT_EQ(CallRaw(channel, method, Registration("ubnd-xa-c", "register-c").SerializeAsString(),
                    absl::Seconds(60), absl::Milliseconds(500))
                .error_code(),
            grpc::StatusCode::CANCELLED);
  handled = LoggedCall(log, "register-c", absl::Seconds(10));
  ASSERT_TRUE(handled.has_value()) << "the handler still waits for the stopped event store";
  std::cout << "handled after its caller cancelled: " << *handled << "\n";
  EXPECT_TRUE(absl::StrContains(*handled, "\"code\":\"CANCELLED\"")) << *handled;

  // The store comes back: a retry of either command is recorded once.
  store.process->Signal(SIGCONT);
  for (const auto& [authority_id, request_id] :
       {std::pair{"ubnd-xa-b", "register-b"}, {"ubnd-xa-c", "register-c"}}) {
    const std::string retry = Registration(authority_id, request_id).SerializeAsString();
    EXPECT_TRUE(CallRaw(channel, method, retry, absl::Seconds(10)).ok());
    EXPECT_TRUE(CallRaw(channel, method, retry, absl::Seconds(10)).ok());
    absl::StatusOr<eventstore::ReadStreamResult> stream =
        eventstore::ConnectRemoteEventStore(store.address)
            ->ReadStream({nominations::AuthorityStream(authority_id), 0,
                          eventstore::Direction::kForward, 100});
    ASSERT_TRUE(stream.ok()) << stream.status();
    EXPECT_EQ(stream->events.size(), 1u) << authority_id;
  }
}

}  // namespace
}  // namespace award

// The servers' limits, as real processes: a request larger than a server
// takes, bytes that are no request, a deadline that has passed, and more
// subscriptions than the event store holds open are each refused with their
// code, while another caller's calls go on answered.
#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "award/v1/nominations_service.pb.h"
#include "eventstore/grpc/remote_event_store.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/platform_client.h"

namespace award {
namespace {

using ::award::testing::AnnouncedServer;
using ::award::testing::TempDir;

// A unary call with raw request bytes and a deadline; its status.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& bytes, absl::Duration timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
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

}  // namespace
}  // namespace award

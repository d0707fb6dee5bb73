// eventstore_server as a real process on 127.0.0.1: what it serves besides the
// store (health, reflection), how it refuses bad requests on the wire, how it
// shares a data directory, and how it stops.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "eventstore/checkpoint.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/merkle.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/sha256.h"
#include "eventstore/signed_note.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/grpc_probes.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

using award::testing::AppendTo;
using award::testing::NewEvent;
using award::testing::NewEvents;
using award::testing::ServerProcess;
using award::testing::TempDir;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"));
    ASSERT_FALSE(server_->address.empty()) << "eventstore_server did not start";
    channel_ = grpc::CreateChannel(server_->address, grpc::InsecureChannelCredentials());
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, ReportsServingOnTheHealthService) {
  for (const std::string service : {"", "eventstore.v1.EventStore"}) {
    absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> health =
        award::testing::HealthOf(channel_, service);
    ASSERT_TRUE(health.ok()) << health.status();
    EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(ServerTest, ListsTheEventStoreThroughReflection) {
  EXPECT_TRUE(award::testing::ListedServices(channel_).contains("eventstore.v1.EventStore"));
}

TEST_F(ServerTest, RefusesMalformedRequestsWithTheFieldInTheErrorDetails) {
  auto stub = v1::EventStore::NewStub(channel_);
  auto field_of = [](const grpc::Status& status) {
    v1::ErrorDetails details;
    details.ParseFromString(status.error_details());
    return details.field();
  };

  v1::AppendRequest append;
  v1::StreamAppend* stream = append.add_streams();
  stream->set_stream("nomination-1");
  v1::ProposedEvent* event = stream->add_events();
  event->set_event_id(std::string(16, '\x01'));
  event->set_type("NominationDrafted");
  v1::AppendResponse appended;
  grpc::Status status = stub->Append(Context().get(), append, &appended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "streams[0].expected_kind");

  stream->set_expected_kind(v1::EXPECTED_VERSION_KIND_ANY);
  event->set_event_id("abc");
  status = stub->Append(Context().get(), append, &appended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "streams[0].events[0].event_id");

  event->set_event_id(std::string(16, '\x01'));
  event->clear_type();
  status = stub->Append(Context().get(), append, &appended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "streams[0].events[0].type");

  v1::ReadAllRequest read;
  read.set_max_count(10);
  v1::ReadAllResponse read_response;
  status = stub->ReadAll(Context().get(), read, &read_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "direction");
}

TEST_F(ServerTest, AcceptsAnAppendOfTheLargestAllowedSize) {
  std::unique_ptr<EventStore> store = ConnectRemoteEventStore(server_->address);
  std::vector<EventData> events;
  for (int i = 0; i < 8; ++i)
    events.push_back(NewEvent("DossierScanned", std::string(1'000'000, 'p')));
  absl::StatusOr<AppendResult> result =
      store->Append(AppendTo("dossier-1", ExpectedVersion::NoStream(), events));
  ASSERT_TRUE(result.ok()) << result.status();
  absl::StatusOr<ReadStreamResult> read =
      store->ReadStream({"dossier-1", 0, Direction::kForward, 8});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->events.empty());
  EXPECT_EQ(read->events[0].event.payload.size(), 1'000'000u);
}

TEST_F(ServerTest, AnyReadFitsTheDefaultMessageLimitOfAPlainClient) {
  std::unique_ptr<EventStore> store = ConnectRemoteEventStore(server_->address);
  for (int i = 0; i < 2; ++i) {
    std::vector<EventData> events;
    for (int e = 0; e < 6000; ++e) events.push_back(NewEvent("Scanned", std::string(600, 'x')));
    ASSERT_TRUE(store->Append(AppendTo("dossier-2", ExpectedVersion::Any(), events)).ok());
  }
  // channel_ has gRPC's default 4 MiB receive limit, as a client in any language.
  auto stub = v1::EventStore::NewStub(channel_);
  uint64_t read = 0;
  v1::ReadAllRequest request;
  request.set_direction(v1::READ_DIRECTION_FORWARD);
  request.set_max_count(std::numeric_limits<uint32_t>::max());
  while (true) {
    v1::ReadAllResponse response;
    grpc::Status status = stub->ReadAll(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.ByteSizeLong(), size_t{4} << 20);
    EXPECT_LE(response.events_size(), 10'000);
    read += response.events_size();
    request.set_from_position(response.next_position());
    if (response.end_of_log()) break;
  }
  EXPECT_EQ(read, 12'000u);
}

// What a witness or a verifier asks of the log over the wire: its signed
// checkpoint, and proofs that check against it with the log's key alone.
TEST_F(ServerTest, ServesCheckpointsAndProofsThatVerifyWithTheLogsKey) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(dir_.Sub("data"),
                                            std::vector<std::string>{"--checkpoint_interval=50ms"});
  ASSERT_FALSE(server_->address.empty());
  channel_ = grpc::CreateChannel(server_->address, grpc::InsecureChannelCredentials());
  std::unique_ptr<EventStore> remote = ConnectRemoteEventStore(server_->address);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(remote->Append(AppendTo("s", ExpectedVersion::Any(), NewEvents(3))).ok());
  }
  auto stub = v1::EventStore::NewStub(channel_);
  v1::GetCheckpointResponse checkpoint;
  std::optional<Checkpoint> opened;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    checkpoint.Clear();
    if (stub->GetCheckpoint(Context().get(), {}, &checkpoint).ok()) {
      absl::StatusOr<note::Verifier> key = note::ParseVerifier(checkpoint.log_verifier_key());
      ASSERT_TRUE(key.ok()) << key.status();
      absl::StatusOr<note::Opened> note = note::Open(checkpoint.signed_note(), {*key});
      ASSERT_TRUE(note.ok()) << note.status();
      opened = *ParseCheckpoint(note->text);
      if (opened->size == 21) break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(opened.has_value() && opened->size == 21);

  std::vector<RecordedEvent> log = award::testing::ReadWholeLog(*remote);
  ASSERT_EQ(log.size(), 21u);
  const auto hashes = [](const google::protobuf::RepeatedPtrField<std::string>& bytes) {
    std::optional<std::vector<Hash>> out = HashesOf(bytes);
    EXPECT_TRUE(out.has_value()) << "a proof hash is not 32 bytes";
    return out.value_or(std::vector<Hash>());
  };
  for (uint64_t index = 0; index < 21; ++index) {
    v1::GetInclusionProofRequest request;
    request.set_index(index);
    request.set_tree_size(21);
    v1::GetInclusionProofResponse proof;
    ASSERT_TRUE(stub->GetInclusionProof(Context().get(), request, &proof).ok());
    EXPECT_TRUE(merkle::VerifyInclusion(index, 21, merkle::LeafHash(HashBytes(log[index].hash)),
                                        hashes(proof.hashes()), opened->root)
                    .ok())
        << index;
  }
  v1::GetCheckpointRequest at;
  at.set_tree_size(21);
  v1::GetCheckpointResponse same;
  ASSERT_TRUE(stub->GetCheckpoint(Context().get(), at, &same).ok());
  EXPECT_EQ(same.signed_note(), checkpoint.signed_note());

  // Wrong sizes are refused on the wire with their field.
  auto field_of = [](const grpc::Status& status) {
    v1::ErrorDetails details;
    details.ParseFromString(status.error_details());
    return details.field();
  };
  v1::GetConsistencyProofRequest beyond;
  beyond.set_first(3);
  beyond.set_second(22);
  v1::GetConsistencyProofResponse consistency;
  grpc::Status refused = stub->GetConsistencyProof(Context().get(), beyond, &consistency);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(field_of(refused), "second");
  v1::GetInclusionProofRequest outside;
  outside.set_index(21);
  outside.set_tree_size(21);
  v1::GetInclusionProofResponse none;
  refused = stub->GetInclusionProof(Context().get(), outside, &none);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(refused), "index");
  at.set_tree_size(5);
  refused = stub->GetCheckpoint(Context().get(), at, &same);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, ASecondServerOnTheSameDataDirectoryRefusesToStart) {
  ServerProcess second(dir_.Sub("data"));
  EXPECT_TRUE(second.address.empty());
  std::optional<int> status = second.process->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_NE(WEXITSTATUS(*status), 0);
}

TEST_F(ServerTest, SigtermEndsSubscriptionsFinishesAppendsAndClosesCleanly) {
  std::unique_ptr<EventStore> store = ConnectRemoteEventStore(server_->address);
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = store->Subscribe({});
  ASSERT_TRUE(subscription.ok());

  absl::Mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> appenders;
  for (int t = 0; t < 4; ++t) {
    appenders.emplace_back([&, t] {
      while (!stop.load()) {
        EventData event = NewEvent("NominationDrafted");
        absl::StatusOr<AppendResult> result = store->Append(
            AppendTo(absl::StrCat("nomination-", t), ExpectedVersion::Any(), {event}));
        if (!result.ok()) return;  // the server is going away
        absl::MutexLock lock(&mu);
        acknowledged.push_back(event.id.ToString());
      }
    });
  }
  absl::Status subscription_end;
  std::thread subscriber([&] {
    while (true) {
      absl::StatusOr<std::vector<RecordedEvent>> batch =
          (*subscription)->Next(absl::Now() + absl::Seconds(30));
      if (!batch.ok()) {
        subscription_end = batch.status();
        return;
      }
    }
  });
  absl::SleepFor(absl::Milliseconds(300));
  server_->process->Signal(SIGTERM);
  subscriber.join();
  EXPECT_EQ(subscription_end.code(), absl::StatusCode::kUnavailable) << subscription_end;

  std::optional<int> status = server_->process->Wait(absl::Seconds(30));
  stop.store(true);
  for (std::thread& appender : appenders) appender.join();
  ASSERT_TRUE(status.has_value()) << "the server did not stop";
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  std::vector<std::string> output;
  while (auto line = server_->process->ReadLine(absl::Seconds(1))) output.push_back(*line);
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.back(), "eventstore_server: stopped cleanly");

  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> reopened =
      OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  std::set<std::string> recorded;
  for (const RecordedEvent& event : award::testing::ReadWholeLog(**reopened)) {
    recorded.insert(event.event.id.ToString());
  }
  EXPECT_FALSE(acknowledged.empty());
  for (const std::string& id : acknowledged) EXPECT_TRUE(recorded.contains(id)) << id;
  absl::StatusOr<VerifyReport> report = (*reopened)->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

}  // namespace
}  // namespace eventstore

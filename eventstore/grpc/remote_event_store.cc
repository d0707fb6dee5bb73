#include "eventstore/grpc/remote_event_store.h"

#include <atomic>
#include <deque>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "base/served_call.h"
#include "base/status_macros.h"
#include "eventstore/grpc/proto_convert.h"
#include "eventstore/grpc/status_mapping.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "eventstore/validation.h"
#include "grpcpp/grpcpp.h"

namespace eventstore {
namespace {

// Responses are capped by the server's read budget (4 MiB of payload) plus
// their envelopes; this leaves room for both.
constexpr int kMaxResponseBytes = 64 << 20;
// Batches a subscription may hold before it stops reading from the network.
constexpr size_t kSubscriptionQueue = 4;

// Protobuf cannot carry text that is not UTF-8 in a string field, so such input
// is refused here, with the same error the embedded store gives.
absl::Status ValidateFilterText(const AllFilter& filter) {
  for (const std::string& prefix : filter.stream_prefixes) {
    AWARD_RETURN_IF_ERROR(ValidateUtf8(prefix, "filter.stream_prefixes"));
  }
  for (const std::string& type : filter.event_types) {
    AWARD_RETURN_IF_ERROR(ValidateUtf8(type, "filter.event_types"));
  }
  return absl::OkStatus();
}

class RemoteSubscription final : public Subscription {
 public:
  RemoteSubscription(v1::EventStore::Stub& stub, const v1::SubscribeRequest& request)
      : reader_(stub.Subscribe(&context_, request)), thread_([this] { ReadLoop(); }) {}

  ~RemoteSubscription() override {
    Cancel();
    thread_.join();
  }

  absl::StatusOr<std::vector<RecordedEvent>> Next(absl::Time deadline) override {
    absl::MutexLock lock(&mu_);
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !queue_.empty() || finished_ || cancelled_;
    };
    mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
    if (cancelled_) return absl::CancelledError("subscription cancelled");
    if (!queue_.empty()) {
      std::vector<RecordedEvent> events = std::move(queue_.front());
      queue_.pop_front();
      if (!events.empty()) read_through_ = events.back().position + 1;
      return events;
    }
    if (finished_) {
      return end_.ok() ? absl::UnavailableError("the server ended the subscription") : end_;
    }
    return std::vector<RecordedEvent>{};
  }

  void Cancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    context_.TryCancel();
  }

  uint64_t ReadThrough() const override { return read_through_.load(); }

 private:
  void ReadLoop() {
    v1::SubscribeResponse response;
    absl::Status failed;
    while (reader_->Read(&response)) {
      std::vector<RecordedEvent> events;
      if (absl::Status converted = EventsFromProto(response.events(), events); !converted.ok()) {
        failed = absl::DataLossError(
            absl::StrCat("malformed event from the server: ", converted.message()));
        break;
      }
      absl::MutexLock lock(&mu_);
      auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return queue_.size() < kSubscriptionQueue || cancelled_;
      };
      mu_.Await(absl::Condition(&room));
      if (cancelled_) break;
      queue_.push_back(std::move(events));
    }
    if (!failed.ok()) context_.TryCancel();
    absl::Status status = FromGrpcStatus(reader_->Finish());
    absl::MutexLock lock(&mu_);
    end_ = failed.ok() ? status : failed;
    finished_ = true;
  }

  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader_;
  absl::Mutex mu_;
  std::deque<std::vector<RecordedEvent>> queue_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status end_ ABSL_GUARDED_BY(mu_);
  std::atomic<uint64_t> read_through_{0};
  std::thread thread_;  // last: starts once everything else is ready
};

class RemoteEventStore final : public EventStore {
 public:
  RemoteEventStore(std::shared_ptr<grpc::Channel> channel, const RemoteEventStoreOptions& options)
      : stub_(v1::EventStore::NewStub(channel)), options_(options) {}

  absl::StatusOr<AppendResult> Append(const AppendRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateAppendText(request));
    return Relay<AppendResult>(&v1::EventStore::Stub::Append, request);
  }

  absl::StatusOr<ReadStreamResult> ReadStream(const ReadStreamRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateUtf8(request.stream, "stream"));
    return Relay<ReadStreamResult>(&v1::EventStore::Stub::ReadStream, request);
  }

  absl::StatusOr<ReadAllResult> ReadAll(const ReadAllRequest& request) override {
    AWARD_RETURN_IF_ERROR(ValidateFilterText(request.filter));
    return Relay<ReadAllResult>(&v1::EventStore::Stub::ReadAll, request);
  }

  absl::StatusOr<StreamInfo> GetStreamInfo(absl::string_view stream) override {
    AWARD_RETURN_IF_ERROR(ValidateUtf8(stream, "stream"));
    v1::GetStreamInfoRequest proto;
    proto.set_stream(std::string(stream));
    v1::GetStreamInfoResponse response;
    AWARD_RETURN_IF_ERROR(Call(&v1::EventStore::Stub::GetStreamInfo, proto, response));
    return FromProto(response);
  }

  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscribeRequest& request) override {
    v1::SubscribeRequest proto;
    ToProto(request, proto);
    return std::make_unique<RemoteSubscription>(*stub_, proto);
  }

  absl::StatusOr<LogDigest> Digest() override {
    v1::DigestResponse response;
    AWARD_RETURN_IF_ERROR(Call(&v1::EventStore::Stub::Digest, v1::DigestRequest(), response));
    return FromProto(response.digest());
  }

  absl::StatusOr<VerifyReport> Verify(const VerifyRequest& request) override {
    return Relay<VerifyReport>(&v1::EventStore::Stub::Verify, request);
  }

 private:
  template <typename ProtoRequest, typename ProtoResponse>
  using Rpc = grpc::Status (v1::EventStore::Stub::*)(grpc::ClientContext*, const ProtoRequest&,
                                                     ProtoResponse*);

  // `request` as the RPC's message, sent, and its answer as the store's value.
  template <typename Result, typename ProtoRequest, typename ProtoResponse, typename Request>
  absl::StatusOr<Result> Relay(Rpc<ProtoRequest, ProtoResponse> method, const Request& request) {
    ProtoRequest proto;
    ToProto(request, proto);
    ProtoResponse response;
    AWARD_RETURN_IF_ERROR(Call(method, proto, response));
    return FromProto(response);
  }

  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (v1::EventStore::Stub::*method)(grpc::ClientContext*,
                                                                 const Request&, Response*),
                    const Request& request, Response& response) {
    // Made while serving a caller, the call ends with the caller's call.
    std::unique_ptr<grpc::ClientContext> context = award::ContextOnBehalfOfServedCall();
    context->set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
    return FromGrpcStatus(((*stub_).*method)(context.get(), request, &response));
  }

  std::unique_ptr<v1::EventStore::Stub> stub_;
  const RemoteEventStoreOptions options_;
};

}  // namespace

std::unique_ptr<EventStore> ConnectRemoteEventStore(const std::string& target,
                                                    const RemoteEventStoreOptions& options) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxResponseBytes);
  args.SetMaxSendMessageSize(kMaxResponseBytes);
  return std::make_unique<RemoteEventStore>(
      grpc::CreateCustomChannel(
          target,
          options.credentials != nullptr ? options.credentials : grpc::InsecureChannelCredentials(),
          args),
      options);
}

}  // namespace eventstore

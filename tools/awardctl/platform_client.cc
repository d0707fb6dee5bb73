#include "tools/awardctl/platform_client.h"

#include <algorithm>
#include <future>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/grpc/status_mapping.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "security/access_control.h"

namespace award::ctl {
namespace {

std::shared_ptr<grpc::Channel> Connect(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  // A service that restarts is found again within a fraction of a second.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(
      address, credentials != nullptr ? credentials : grpc::InsecureChannelCredentials(), args);
}

absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(
    absl::string_view method, const google::protobuf::Message& request,
    const google::protobuf::Message& response) {
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(std::string(method));
  if (descriptor == nullptr || descriptor->client_streaming() || descriptor->server_streaming()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(method), " is no unary RPC of the platform"));
  }
  if (descriptor->input_type() != request.GetDescriptor() ||
      descriptor->output_type() != response.GetDescriptor()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(method), " takes ", descriptor->input_type()->full_name(),
                     " and answers ", descriptor->output_type()->full_name()));
  }
  return descriptor;
}

// One attempt: the call's status, and the response's bytes when OK.
grpc::Status CallOnce(grpc::Channel& channel, const std::string& path, const std::string& request,
                      const std::string& on_behalf_of, absl::Time deadline,
                      grpc::ByteBuffer& response) {
  grpc::GenericStub stub(channel.shared_from_this());
  grpc::ClientContext context;
  if (!on_behalf_of.empty()) context.AddMetadata(security::kOnBehalfOfHeader, on_behalf_of);
  context.set_deadline(absl::ToChronoTime(deadline));
  // Wait for a restarting service instead of failing at once.
  context.set_wait_for_ready(true);
  grpc::Slice slice(request);
  grpc::ByteBuffer send(&slice, 1);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, path, grpc::StubOptions(), &send, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

}  // namespace

Endpoints Endpoints::AllAt(const std::string& address) {
  return {address, address, address, address, address};
}

const std::string& Endpoints::Of(ServiceName service) const {
  return const_cast<Endpoints&>(*this).Of(service);
}

std::string& Endpoints::Of(ServiceName service) {
  switch (service) {
    case ServiceName::kNominations:
      return nominations;
    case ServiceName::kCouncil:
      return council;
    case ServiceName::kDecisions:
      return decisions;
    case ServiceName::kQuery:
      return query;
    case ServiceName::kEventStore:
      break;
  }
  return event_store;
}

PlatformClient::PlatformClient(const Endpoints& endpoints, absl::Duration timeout,
                               CallerIdentity identity)
    : endpoints_(endpoints), timeout_(timeout), on_behalf_of_(std::move(identity.on_behalf_of)) {
  (void)RpcCommands();  // the platform's methods, findable by name
  // Services at one address share one channel (one connection).
  std::map<std::string, std::shared_ptr<grpc::Channel>> by_address;
  for (ServiceName service : kServiceNames) {
    std::shared_ptr<grpc::Channel>& channel = by_address[endpoints_.Of(service)];
    if (channel == nullptr) channel = Connect(endpoints_.Of(service), identity.credentials);
    channels_[static_cast<int>(service)] = channel;
  }
}

PlatformClient::~PlatformClient() = default;

absl::Status PlatformClient::Call(absl::string_view method,
                                  const google::protobuf::Message& request,
                                  google::protobuf::Message& response) const {
  absl::StatusOr<const google::protobuf::MethodDescriptor*> descriptor =
      FindMethod(method, request, response);
  if (!descriptor.ok()) return descriptor.status();
  const std::string path =
      absl::StrCat("/", (*descriptor)->service()->full_name(), "/", (*descriptor)->name());
  const std::string bytes = request.SerializeAsString();
  const std::shared_ptr<grpc::Channel>& channel = channels_[static_cast<int>(ServiceOf(method))];
  const absl::Time deadline = absl::Now() + timeout_;
  absl::BitGen random;
  absl::Duration backoff = absl::Milliseconds(20);
  while (true) {
    grpc::ByteBuffer received;
    const grpc::Status status = CallOnce(*channel, path, bytes, on_behalf_of_, deadline, received);
    if (status.ok()) {
      std::string out;
      std::vector<grpc::Slice> slices;
      if (!received.Dump(&slices).ok()) return absl::DataLossError("unreadable response");
      for (const grpc::Slice& part : slices) {
        out.append(reinterpret_cast<const char*>(part.begin()), part.size());
      }
      if (!response.ParseFromString(out)) {
        return absl::DataLossError(absl::StrCat(std::string(method),
                                                ": the response does not parse as ",
                                                response.GetDescriptor()->full_name()));
      }
      return absl::OkStatus();
    }
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
        channel->GetState(false) != GRPC_CHANNEL_READY) {
      return absl::UnavailableError(
          absl::StrCat("no answer from ", endpoints_.Of(ServiceOf(method)), " within ",
                       absl::FormatDuration(timeout_), ": is the service running there?"));
    }
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || absl::Now() + backoff >= deadline) {
      return eventstore::FromGrpcStatus(status);
    }
    // Spread the retries of many clients that lost the same service at once.
    absl::SleepFor(backoff * (1.0 + absl::Uniform(random, 0.0, 1.0)));
    backoff = std::min(backoff * 2, absl::Seconds(1));
  }
}

}  // namespace award::ctl

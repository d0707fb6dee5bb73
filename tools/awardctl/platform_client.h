// The client side of the platform: one channel per service (one address for
// all of them under awardd, five in the split deployment) and one way to call
// any RPC by its full name, with the request and response as protobuf
// messages. awardctl's subcommands, its demo and the end-to-end tests all
// call through it.
//
//   award::ctl::PlatformClient client(award::ctl::Endpoints::AllAt("127.0.0.1:50050"));
//   award::v1::GetNominationRequest request;
//   request.set_nomination_id("n-1");
//   award::v1::GetNominationResponse response;
//   absl::Status status =
//       client.Call("award.v1.Nominations.GetNomination", request, response);
//
// A call is retried while the service is unreachable or answers UNAVAILABLE
// (restarting, or the event store behind it is), with the same request bytes,
// until its timeout: the platform's commands carry a request id, so a retry
// of a command that was recorded gets the first answer, never a second
// record. Errors come back as absl::Status with the service's code, message
// and error details (the offending field: eventstore/errors.h). Thread-safe.
#ifndef AWARD_TOOLS_AWARDCTL_PLATFORM_CLIENT_H_
#define AWARD_TOOLS_AWARDCTL_PLATFORM_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "tools/awardctl/rpc_commands.h"

namespace grpc {
class Channel;
class ChannelCredentials;
}  // namespace grpc

namespace award::ctl {

// Who the client is to the platform: its certificate (mTLS), and the person a
// trusted internal system acts for (sent as x-award-on-behalf-of).
struct CallerIdentity {
  std::shared_ptr<grpc::ChannelCredentials> credentials;  // null: plaintext
  std::string on_behalf_of;
};

struct Endpoints {
  std::string nominations;
  std::string council;
  std::string decisions;
  std::string query;
  std::string event_store;

  static Endpoints AllAt(const std::string& address);
  const std::string& Of(ServiceName service) const;
  std::string& Of(ServiceName service);
};

class PlatformClient {
 public:
  explicit PlatformClient(const Endpoints& endpoints, absl::Duration timeout = absl::Seconds(30),
                          CallerIdentity identity = {});
  ~PlatformClient();
  PlatformClient(const PlatformClient&) = delete;
  PlatformClient& operator=(const PlatformClient&) = delete;

  // INVALID_ARGUMENT when `method` is no unary RPC of the platform, or the
  // messages are not its request and response types.
  absl::Status Call(absl::string_view method, const google::protobuf::Message& request,
                    google::protobuf::Message& response) const;

  // A command of the platform, typed: the request's CommandMeta carries
  // `actor` and `request_id` (reuse the id to retry the same command).
  template <typename Response, typename Request>
  absl::StatusOr<Response> Command(absl::string_view method, Request request,
                                   const std::string& actor, const std::string& request_id) const {
    request.mutable_meta()->set_actor(actor);
    request.mutable_meta()->set_request_id(request_id);
    Response response;
    if (absl::Status status = Call(method, request, response); !status.ok()) return status;
    return response;
  }

  // A query, typed.
  template <typename Response, typename Request>
  absl::StatusOr<Response> Read(absl::string_view method, const Request& request) const {
    Response response;
    if (absl::Status status = Call(method, request, response); !status.ok()) return status;
    return response;
  }

  absl::Duration timeout() const { return timeout_; }

 private:
  Endpoints endpoints_;
  absl::Duration timeout_;
  std::string on_behalf_of_;
  std::shared_ptr<grpc::Channel> channels_[5];
};

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_PLATFORM_CLIENT_H_

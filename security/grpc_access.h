// The access policy at a gRPC server's edge, in three places:
//  - AuthGate, the TLS credentials' metadata processor, refuses a call before
//    any handler runs: UNAUTHENTICATED without a client certificate,
//    PERMISSION_DENIED for a role the access matrix does not allow or for
//    x-award-on-behalf-of from a principal that is not trusted;
//  - ActorStampInterceptorFactory writes the authenticated actor
//    ("principal" or "principal/person") into every award.v1 command's
//    CommandMeta, so what a client claims as its actor is never recorded;
//  - CallerScope lets a handler check what only the record tells: the
//    authority a nomination or a meeting belongs to, the member a ballot is for.
// Servers without TLS (loopback development) have none of them; a CallerScope
// over no AccessControl permits everything.
#ifndef AWARD_SECURITY_GRPC_ACCESS_H_
#define AWARD_SECURITY_GRPC_ACCESS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/common.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "security/access_control.h"

namespace award::security {

class AuthGate final : public grpc::AuthMetadataProcessor {
 public:
  explicit AuthGate(std::shared_ptr<const AccessControl> access) : access_(std::move(access)) {}
  // The check is in memory: run it inline on gRPC's thread.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  std::shared_ptr<const AccessControl> access_;
};

class ActorStampInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ActorStampInterceptorFactory(std::shared_ptr<const AccessControl> access)
      : access_(std::move(access)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::shared_ptr<const AccessControl> access_;
};

// The command's CommandMeta (field `meta`, as every award.v1 command has);
// null for a request without one.
v1::CommandMeta* CommandMetaOf(google::protobuf::Message& request);

// The caller of the call `context` serves (its certificate's common name and
// the on-behalf-of header).
absl::StatusOr<Caller> CallerOf(const grpc::ServerContextBase& context,
                                const AccessControl& access);

// What a handler may still need to check once it has read the record.
class CallerScope {
 public:
  // `request` is the RPC's request message: it names the method (every RPC has
  // its own request type). `access` null: the server runs without TLS.
  CallerScope(const AccessControl* access, const grpc::ServerContextBase& context,
              const google::protobuf::Message& request);

  // PERMISSION_DENIED unless the caller may call this method at `authority_id`.
  absl::Status At(absl::string_view authority_id) const;
  // PERMISSION_DENIED unless the caller is `member_id` itself (its own ballot,
  // its own written opinion); `field` names the request field in the error.
  absl::Status IsItself(absl::string_view member_id, absl::string_view field) const;

 private:
  const AccessControl* access_;
  absl::StatusOr<Caller> caller_;
  std::string method_;
};

}  // namespace award::security

#endif  // AWARD_SECURITY_GRPC_ACCESS_H_

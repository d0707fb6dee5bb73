#include "security/grpc_access.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "award/v1/common.pb.h"
#include "base/certificate_name.h"
#include "google/protobuf/descriptor.h"

namespace award::security {
namespace {

std::optional<std::string> HeaderOf(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata, absl::string_view key) {
  auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

// "/award.v1.Council/CastBallot" for award.v1.CastBallotRequest: the method of
// the request's own file that takes it.
std::string MethodOf(const google::protobuf::Descriptor& request) {
  const google::protobuf::FileDescriptor& file = *request.file();
  for (int s = 0; s < file.service_count(); ++s) {
    const google::protobuf::ServiceDescriptor& service = *file.service(s);
    for (int m = 0; m < service.method_count(); ++m) {
      if (service.method(m)->input_type() == &request) {
        return absl::StrCat("/", service.full_name(), "/", service.method(m)->name());
      }
    }
  }
  return "";
}

class ActorStamp final : public grpc::experimental::Interceptor {
 public:
  ActorStamp(grpc::experimental::ServerRpcInfo* info, const AccessControl& access)
      : info_(info), access_(access) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_MESSAGE)) {
      Stamp(static_cast<google::protobuf::Message*>(methods->GetRecvMessage()));
    }
    methods->Proceed();
  }

 private:
  void Stamp(google::protobuf::Message* request) {
    v1::CommandMeta* meta = request == nullptr ? nullptr : CommandMetaOf(*request);
    if (meta == nullptr) return;
    // AuthGate let the call in, so the caller is known.
    absl::StatusOr<Caller> caller = CallerOf(*info_->server_context(), access_);
    meta->set_actor(caller.ok() ? caller->Actor() : "");
  }

  grpc::experimental::ServerRpcInfo* info_;
  const AccessControl& access_;
};

}  // namespace

v1::CommandMeta* CommandMetaOf(google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("meta");
  if (field == nullptr || field->message_type() != v1::CommandMeta::descriptor()) return nullptr;
  return static_cast<v1::CommandMeta*>(request.GetReflection()->MutableMessage(&request, field));
}

grpc::Status AuthGate::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                               OutputMetadata*, OutputMetadata*) {
  absl::StatusOr<Caller> caller =
      access_->Identify(CertificateName(*context), HeaderOf(auth_metadata, kOnBehalfOfHeader));
  if (!caller.ok()) return ToGrpc(caller.status());
  std::optional<std::string> method = HeaderOf(auth_metadata, ":path");
  return ToGrpc(access_->MayCall(*caller, method.value_or("")));
}

grpc::experimental::Interceptor* ActorStampInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // Only the platform's own commands are typed protobuf messages with a
  // CommandMeta; health and reflection pass raw bytes.
  if (!absl::StartsWith(info->method(), "/award.v1.")) return nullptr;
  return new ActorStamp(info, *access_);
}

absl::StatusOr<Caller> CallerOf(const grpc::ServerContextBase& context,
                                const AccessControl& access) {
  return access.Identify(CertificateName(*context.auth_context()),
                         HeaderOf(context.client_metadata(), kOnBehalfOfHeader));
}

CallerScope::CallerScope(const AccessControl* access, const grpc::ServerContextBase& context,
                         const google::protobuf::Message& request)
    : access_(access),
      caller_(access == nullptr ? absl::StatusOr<Caller>(Caller{}) : CallerOf(context, *access)),
      method_(access == nullptr ? "" : MethodOf(*request.GetDescriptor())) {}

absl::Status CallerScope::At(absl::string_view authority_id) const {
  if (access_ == nullptr) return absl::OkStatus();
  if (!caller_.ok()) return caller_.status();
  return access_->MayCallAt(*caller_, method_, authority_id);
}

absl::Status CallerScope::IsItself(absl::string_view member_id, absl::string_view field) const {
  if (access_ == nullptr) return absl::OkStatus();
  if (!caller_.ok()) return caller_.status();
  if (caller_->Acting() == member_id) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(caller_->Acting(), " may not act as ", field, " ", member_id));
}

}  // namespace award::security

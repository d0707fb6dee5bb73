#include "security/transport_security.h"

#include <tuple>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "grpcpp/security/server_credentials.h"
#include "security/grpc_access.h"

ABSL_FLAG(std::string, tls_ca, "", "PEM file of the CA that signs the platform's certificates");
ABSL_FLAG(std::string, tls_cert, "", "PEM file of this process's certificate");
ABSL_FLAG(std::string, tls_key, "", "PEM file of this process's private key");
ABSL_FLAG(bool, insecure, false, "Plaintext gRPC, without certificates; servers on loopback only");
ABSL_FLAG(std::string, access_policy, "",
          "Text-format award.v1.AccessPolicy: who holds which role at which authority");

namespace award::security {
namespace {

absl::StatusOr<std::string> ReadFlagFile(absl::string_view flag, const std::string& path) {
  absl::StatusOr<std::string> text = FileContents(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", text.status().message()));
  }
  return text;
}

struct TlsIdentity {
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
};

// The three files' contents, or nullopt when none is named.
absl::StatusOr<std::optional<TlsIdentity>> ReadTlsFiles(const TlsFiles& files) {
  if (files.ca.empty() && files.cert.empty() && files.key.empty()) return std::nullopt;
  // The CA alone makes a client that proves nothing of itself (the server
  // then answers UNAUTHENTICATED); a certificate goes with its key.
  if (files.ca.empty() || files.cert.empty() != files.key.empty()) {
    return absl::InvalidArgumentError("--tls_ca, --tls_cert and --tls_key go together");
  }
  TlsIdentity identity;
  for (auto [flag, path, pem] : {std::tuple{"tls_ca", &files.ca, &identity.ca_pem},
                                 {"tls_cert", &files.cert, &identity.cert_pem},
                                 {"tls_key", &files.key, &identity.key_pem}}) {
    if (path->empty()) continue;
    absl::StatusOr<std::string> text = ReadFlagFile(flag, *path);
    if (!text.ok()) return text.status();
    *pem = *std::move(text);
  }
  return identity;
}

TlsFiles TlsFilesFromFlags() {
  return {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key)};
}

}  // namespace

bool IsLoopback(const std::string& address) {
  const std::string host = address.substr(0, address.rfind(':'));
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFlags() {
  return ChannelCredentialsFrom(TlsFilesFromFlags());
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFrom(
    const TlsFiles& files) {
  absl::StatusOr<std::optional<TlsIdentity>> identity = ReadTlsFiles(files);
  if (!identity.ok()) return identity.status();
  if (!identity->has_value()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = (*identity)->ca_pem;
  options.pem_cert_chain = (*identity)->cert_pem;
  options.pem_private_key = (*identity)->key_pem;
  return grpc::SslCredentials(options);
}

absl::StatusOr<ServerSecurity> ServerSecurityFromFlags(const std::string& listen,
                                                       bool plaintext_on_loopback_by_default) {
  absl::StatusOr<std::optional<TlsIdentity>> identity = ReadTlsFiles(TlsFilesFromFlags());
  if (!identity.ok()) return identity.status();
  if (!identity->has_value()) {
    // Without certificates no caller has a name: a policy would be ignored.
    if (!absl::GetFlag(FLAGS_access_policy).empty()) {
      return absl::InvalidArgumentError(
          "--access_policy needs --tls_ca, --tls_cert and --tls_key: without certificates no "
          "caller is identified");
    }
    if (!absl::GetFlag(FLAGS_insecure) && !plaintext_on_loopback_by_default) {
      return absl::InvalidArgumentError(
          "give --tls_ca, --tls_cert, --tls_key and --access_policy, or --insecure for plaintext "
          "on loopback");
    }
    if (!IsLoopback(listen)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--listen=", listen,
          ": plaintext gRPC listens on loopback only (127.0.0.1, localhost or [::1]); give "
          "--tls_ca, --tls_cert, --tls_key and --access_policy to serve other hosts"));
    }
    return ServerSecurity{grpc::InsecureServerCredentials(), nullptr,
                          "plaintext gRPC, loopback only, no access control"};
  }
  if ((*identity)->cert_pem.empty()) {
    return absl::InvalidArgumentError("a server needs --tls_cert and --tls_key");
  }
  if (absl::GetFlag(FLAGS_insecure)) {
    return absl::InvalidArgumentError("--insecure contradicts --tls_ca, --tls_cert and --tls_key");
  }
  const std::string policy_file = absl::GetFlag(FLAGS_access_policy);
  if (policy_file.empty()) {
    return absl::InvalidArgumentError("--access_policy is needed with TLS: who holds which role");
  }
  absl::StatusOr<AccessControl> access = AccessControl::Load(policy_file);
  if (!access.ok()) return access.status();
  auto shared = std::make_shared<const AccessControl>(*std::move(access));

  // Request (not require) the client's certificate, so that a caller without
  // one completes the handshake and is told UNAUTHENTICATED by the gate
  // instead of losing the connection; a certificate that does not verify
  // against the CA still fails the handshake.
  grpc::SslServerCredentialsOptions options(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = (*identity)->ca_pem;
  options.pem_key_cert_pairs.push_back({(*identity)->key_pem, (*identity)->cert_pem});
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(options);
  credentials->SetAuthMetadataProcessor(std::make_shared<AuthGate>(shared));
  return ServerSecurity{std::move(credentials), shared,
                        absl::StrCat("mTLS, access policy ", policy_file)};
}

void ServerSecurity::ApplyTo(ServeOptions& serving) const {
  serving.credentials = credentials;
  if (access != nullptr) {
    serving.interceptors.push_back(std::make_unique<ActorStampInterceptorFactory>(access));
  }
  serving.announcement_detail =
      serving.announcement_detail.empty()
          ? absl::StrCat("(", description, ")")
          : absl::StrCat(serving.announcement_detail, " (", description, ")");
}

}  // namespace award::security

// How a process speaks to others and serves: mutual TLS with one CA (each side
// presents a certificate the CA signed), or plaintext on loopback for local
// development. Read from the flags every server and client of the platform
// shares:
//   --tls_ca=FILE --tls_cert=FILE --tls_key=FILE   PEM files: the CA, our certificate, its key
//   --insecure                                     plaintext; servers then listen on loopback only
//   --access_policy=FILE                           who holds which role (servers with TLS)
#ifndef AWARD_SECURITY_TRANSPORT_SECURITY_H_
#define AWARD_SECURITY_TRANSPORT_SECURITY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/serve.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "security/access_control.h"

namespace award::security {

// PEM files: the CA that signs every party's certificate, ours, and its key.
// All three; none for plaintext; the CA alone for a client without a
// certificate (which the platform's servers answer UNAUTHENTICATED).
struct TlsFiles {
  std::string ca;
  std::string cert;
  std::string key;
};

// The credentials for the platform's outgoing calls (a service to the event
// store, awardctl to a service): TLS with our certificate, or plaintext when
// no file is named. INVALID_ARGUMENT naming the flag for a file that cannot
// be read or a set given only in part.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFrom(
    const TlsFiles& files);
// The same from --tls_ca, --tls_cert and --tls_key.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFlags();

struct ServerSecurity {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::shared_ptr<const AccessControl> access;  // null when plaintext
  // For the start-up line: "mTLS, access policy FILE" or "plaintext gRPC, loopback only".
  std::string description;

  // Serve with these credentials and the interceptors they need, and say so
  // in the start-up line.
  void ApplyTo(ServeOptions& serving) const;
};

// A server's security from the flags. Plaintext needs a loopback `listen` and
// --insecure, unless `plaintext_on_loopback_by_default` (awardd on a laptop)
// and no --tls_* flag is given; TLS needs the three files and --access_policy.
absl::StatusOr<ServerSecurity> ServerSecurityFromFlags(const std::string& listen,
                                                       bool plaintext_on_loopback_by_default);

bool IsLoopback(const std::string& address);

}  // namespace award::security

#endif  // AWARD_SECURITY_TRANSPORT_SECURITY_H_

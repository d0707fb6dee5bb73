// Who is at the other end of a call: the common name of the client
// certificate that the TLS handshake verified.
#ifndef AWARD_BASE_CERTIFICATE_NAME_H_
#define AWARD_BASE_CERTIFICATE_NAME_H_

#include <string>

#include "grpcpp/security/auth_context.h"

namespace award {

// The verified peer certificate's common name; empty without one (plaintext,
// or a caller that presented none).
std::string CertificateName(const grpc::AuthContext& context);

}  // namespace award

#endif  // AWARD_BASE_CERTIFICATE_NAME_H_

#include "base/certificate_name.h"

#include <vector>

namespace award {

std::string CertificateName(const grpc::AuthContext& context) {
  if (!context.IsPeerAuthenticated()) return "";
  std::vector<grpc::string_ref> names = context.FindPropertyValues("x509_common_name");
  return names.empty() ? "" : std::string(names.front().data(), names.front().size());
}

}  // namespace award

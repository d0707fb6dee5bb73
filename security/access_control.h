// Who is calling, and whether they may: the caller's identity from its client
// certificate (and, for a trusted internal system, the person it acts for),
// checked against the access policy file and the access matrix.
//
//   AWARD_ASSIGN_OR_RETURN(AccessControl access, AccessControl::Load("access.textproto"));
//   AWARD_ASSIGN_OR_RETURN(Caller caller, access.Identify(common_name, on_behalf_of));
//   AWARD_RETURN_IF_ERROR(access.MayCall(caller, "/award.v1.Council/CastBallot"));
//   AWARD_RETURN_IF_ERROR(access.MayCallAt(caller, method, "ubnd-xa-tan-lap"));
#ifndef AWARD_SECURITY_ACCESS_CONTROL_H_
#define AWARD_SECURITY_ACCESS_CONTROL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/access_policy.pb.h"

namespace award::security {

// The header a trusted principal sets to act for a person (the person's id).
inline constexpr char kOnBehalfOfHeader[] = "x-award-on-behalf-of";

struct Caller {
  std::string principal;  // the client certificate's common name
  std::string person;     // whom a trusted principal acts for; empty otherwise

  // Whose grants apply: the person if there is one.
  const std::string& Acting() const { return person.empty() ? principal : person; }
  // What every event records as its actor: "principal" or "principal/person".
  std::string Actor() const { return person.empty() ? principal : principal + "/" + person; }
};

class AccessControl {
 public:
  // INVALID_ARGUMENT naming the file and the party for a policy that does not
  // parse, names someone twice, grants ROLE_UNSPECIFIED, or scopes a global role.
  static absl::StatusOr<AccessControl> Load(const std::string& path);
  static absl::StatusOr<AccessControl> FromPolicy(const v1::AccessPolicy& policy);

  // UNAUTHENTICATED without a verified certificate's name; PERMISSION_DENIED
  // when a principal that is not trusted names a person to act for.
  absl::StatusOr<Caller> Identify(absl::string_view common_name,
                                  const std::optional<std::string>& on_behalf_of) const;

  // PERMISSION_DENIED unless the caller holds, somewhere, a role that may call
  // `method` ("/package.Service/Method").
  absl::Status MayCall(const Caller& caller, absl::string_view method) const;
  // PERMISSION_DENIED unless it holds such a role at `authority_id` (or
  // everywhere). An empty `authority_id` takes a grant that holds everywhere.
  absl::Status MayCallAt(const Caller& caller, absl::string_view method,
                         absl::string_view authority_id) const;

 private:
  struct Party {
    bool trusted = false;
    std::vector<v1::AccessPolicy::Grant> grants;
  };
  // `authority_id` nullopt: any authority will do.
  bool Permits(const Caller& caller, absl::string_view method,
               std::optional<absl::string_view> authority_id) const;

  absl::flat_hash_map<std::string, Party> parties_;
};

}  // namespace award::security

#endif  // AWARD_SECURITY_ACCESS_CONTROL_H_

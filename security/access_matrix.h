// Which roles may call which RPC: the platform's one table of it, by full
// method path ("/award.v1.Nominations/SubmitNomination"). A method missing from
// the table is refused to everyone, so a new RPC is closed until it is listed.
#ifndef AWARD_SECURITY_ACCESS_MATRIX_H_
#define AWARD_SECURITY_ACCESS_MATRIX_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "award/v1/access_policy.pb.h"

namespace award::security {

// The roles that may call `method`; empty for a method the table does not know.
const std::vector<v1::Role>& RolesFor(absl::string_view method);

// Every method path the table lists, for tests that walk the whole matrix.
std::vector<absl::string_view> ListedMethods();

// Roles held at one authority (the others are held everywhere).
bool IsAuthorityScoped(v1::Role role);

}  // namespace award::security

#endif  // AWARD_SECURITY_ACCESS_MATRIX_H_

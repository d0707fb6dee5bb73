#include "services/decisions/domain/signer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventstore/errors.h"
#include "services/common/public_record.h"

namespace award::decisions {

using eventstore::InvalidField;

absl::Status ValidateSigner(const v1::Signer& signer) {
  if (signer.person_id().empty()) return InvalidField("signer.person_id", "missing");
  if (signer.full_name().empty()) return InvalidField("signer.full_name", "missing");
  if (signer.title().empty()) return InvalidField("signer.title", "missing");
  if (signer.capacity() == v1::SIGNER_CAPACITY_UNSPECIFIED) {
    return InvalidField("signer.capacity", "say HEAD or DEPUTY");
  }
  return absl::OkStatus();
}

bool DecidedAt(const v1::AwardRule& rule, v1::AuthorityLevel level) {
  return std::find(rule.decided_by().begin(), rule.decided_by().end(), level) !=
         rule.decided_by().end();
}

absl::Status CheckSigningAuthority(const nominations::Authority& authority, absl::CivilDay day,
                                   const v1::AwardRule& rule) {
  const std::string& id = authority.registered.authority_id();
  if (!authority.exists) return absl::NotFoundError("no such authority");
  if (authority.registered.level() == v1::AUTHORITY_LEVEL_DISTRICT &&
      day >= absl::CivilDay(2025, 7, 1)) {
    return absl::FailedPreconditionError(
        absl::StrCat("R2: ", id, " is a district; districts sign no decision from 2025-07-01"));
  }
  if (!nominations::CanDecideOn(authority, day)) {
    return absl::FailedPreconditionError(
        absl::StrCat("R2: ", id, " does not exist on ", absl::FormatCivilTime(day),
                     " (dissolved, merged or ", "not yet established), so it signs nothing"));
  }
  if (!DecidedAt(rule, authority.registered.level())) {
    std::vector<std::string> names;
    for (int level : rule.decided_by()) {
      names.push_back(v1::AuthorityLevel_Name(static_cast<v1::AuthorityLevel>(level)));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "R1: ", AwardKindName(rule.kind()), " is decided by ", absl::StrJoin(names, " or "),
        ", not by ", id, " (", v1::AuthorityLevel_Name(authority.registered.level()), ")"));
  }
  return absl::OkStatus();
}

}  // namespace award::decisions

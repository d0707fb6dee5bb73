// The authorities registry (stream authority-<id>): an authority is ACTIVE
// from its establishment until it is merged into another or dissolved; from
// that day it decides nothing (R2: the districts dissolved on 2025-07-01).
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_AUTHORITY_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_AUTHORITY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "award/v1/authorities.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"

namespace award::nominations {

struct Authority {
  enum class Status { kActive, kMerged, kDissolved };

  bool exists = false;
  v1::AuthorityRegistered registered;
  std::string name;  // the current one
  Status status = Status::kActive;
  std::string merged_into;
  absl::CivilDay ended_on;  // merged or dissolved from this day
};

struct AuthorityAggregate {
  using State = Authority;
  static absl::Status Evolve(Authority& authority, const eventstore::RecordedEvent& event);
};

std::string AuthorityStream(absl::string_view authority_id);

// Whether the authority exists and may decide on `day`.
bool CanDecideOn(const Authority& authority, absl::CivilDay day);

absl::StatusOr<std::vector<NewEvent>> DecideRegister(const Authority& authority,
                                                     const v1::AuthorityRegistered& registered);
absl::StatusOr<std::vector<NewEvent>> DecideRename(const Authority& authority,
                                                   const v1::AuthorityRenamed& renamed);
absl::StatusOr<std::vector<NewEvent>> DecideMerge(const Authority& authority,
                                                  const v1::AuthorityMerged& merged);
absl::StatusOr<std::vector<NewEvent>> DecideDissolve(const Authority& authority,
                                                     const v1::AuthorityDissolved& dissolved);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_AUTHORITY_H_

// The council aggregate (stream council-<authority_id>): the Emulation and
// Commendation Council of one authority and its membership over time. Every
// change takes effect on a date; the membership of a meeting is the one in
// force on the meeting date, and every threshold counts against the voting
// part of it (R11).
//
// The secretary (thư ký, the secretariat) records and does not vote, unless
// the rule set says it does (RuleSet.council_secretary_votes).
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_COUNCIL_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_COUNCIL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "award/v1/council.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"

namespace award::council {

// One member's time on the council: from `from`, until the day before `until`.
struct Tenure {
  v1::CouncilMember member;
  absl::CivilDay from;
  std::optional<absl::CivilDay> until;

  bool InForceOn(absl::CivilDay day) const { return from <= day && (!until || day < *until); }
};

struct Council {
  bool exists = false;
  std::string authority_id;
  std::string name;
  std::vector<Tenure> tenures;  // in the order they were recorded
};

struct CouncilAggregate {
  using State = Council;
  static absl::Status Evolve(Council& council, const eventstore::RecordedEvent& event);
};

std::string CouncilStream(absl::string_view authority_id);

// The members in force on `day`, in the order they were recorded.
std::vector<v1::CouncilMember> MembersOn(const Council& council, absl::CivilDay day);
bool Votes(const v1::CouncilMember& member, bool secretary_votes);
// The members in force on `day` who vote.
std::vector<v1::CouncilMember> VotingMembersOn(const Council& council, absl::CivilDay day,
                                               bool secretary_votes);
// The member with that id in force on `day`, if any.
std::optional<v1::CouncilMember> MemberOn(const Council& council, absl::string_view member_id,
                                          absl::CivilDay day);

absl::StatusOr<std::vector<NewEvent>> DecideConstitute(const Council& council,
                                                       const v1::CouncilConstituted& constituted);
absl::StatusOr<std::vector<NewEvent>> DecideAddMember(const Council& council,
                                                      const v1::CouncilMemberAdded& added);
absl::StatusOr<std::vector<NewEvent>> DecideRemoveMember(const Council& council,
                                                         const v1::CouncilMemberRemoved& removed);
absl::StatusOr<std::vector<NewEvent>> DecideReplaceMember(
    const Council& council, const v1::CouncilMemberReplaced& replaced);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_COUNCIL_H_

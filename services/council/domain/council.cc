#include "services/council/domain/council.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"

namespace award::council {
namespace {

using eventstore::InvalidField;

absl::Status ValidateMember(const v1::CouncilMember& member, const std::string& field) {
  if (member.member_id().empty()) return InvalidField(field + ".member_id", "missing");
  if (member.full_name().empty()) return InvalidField(field + ".full_name", "missing");
  if (member.role() == v1::COUNCIL_ROLE_UNSPECIFIED) {
    return InvalidField(field + ".role", "say chair, vice-chair, member or secretary");
  }
  return absl::OkStatus();
}

// The membership on `day` must have one chair, at most one standing
// vice-chair and each member once.
absl::Status CheckComposition(const std::vector<v1::CouncilMember>& members, absl::CivilDay day) {
  int chairs = 0;
  int standing = 0;
  absl::flat_hash_set<std::string> ids;
  for (const v1::CouncilMember& member : members) {
    if (!ids.insert(member.member_id()).second) {
      return absl::AlreadyExistsError(
          absl::StrCat("member ", member.member_id(), " would sit on the council twice"));
    }
    chairs += member.role() == v1::COUNCIL_ROLE_CHAIR;
    standing += member.role() == v1::COUNCIL_ROLE_STANDING_VICE_CHAIR;
  }
  if (chairs != 1 || standing > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("on ", absl::FormatCivilTime(day), " the council would have ", chairs,
                     " chairs and ", standing,
                     " standing vice-chairs; it needs exactly one chair and at most "
                     "one standing vice-chair"));
  }
  return absl::OkStatus();
}

absl::Status Exists(const Council& council) {
  if (!council.exists) return absl::NotFoundError("the authority has no council constituted");
  return absl::OkStatus();
}

// A change may not reach back before the council was first constituted.
absl::StatusOr<absl::CivilDay> EffectiveDay(const Council& council, const v1::Date& date) {
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, CivilDayOf(date, "effective_on"));
  if (council.exists && !council.tenures.empty()) {
    absl::CivilDay first = council.tenures.front().from;
    for (const Tenure& tenure : council.tenures) first = std::min(first, tenure.from);
    if (day < first) {
      return InvalidField("effective_on", absl::StrCat("before the council was constituted on ",
                                                       absl::FormatCivilTime(first)));
    }
  }
  return day;
}

void End(Council& council, absl::string_view member_id, absl::CivilDay day) {
  for (Tenure& tenure : council.tenures) {
    if (tenure.member.member_id() == member_id && tenure.InForceOn(day)) tenure.until = day;
  }
}

// The council as it would stand after `event`, to check the composition it leaves.
absl::Status CheckAfter(const Council& council, const google::protobuf::Message& message,
                        absl::CivilDay day) {
  Council after = council;
  AWARD_RETURN_IF_ERROR(CouncilAggregate::Evolve(after, UnrecordedEvent(ToNewEvent(message))));
  // Every later date on which the membership changes must stay well composed too.
  std::vector<absl::CivilDay> days = {day};
  for (const Tenure& tenure : after.tenures) {
    if (tenure.from > day) days.push_back(tenure.from);
    if (tenure.until && *tenure.until > day) days.push_back(*tenure.until);
  }
  for (absl::CivilDay on : days) AWARD_RETURN_IF_ERROR(CheckComposition(MembersOn(after, on), on));
  return absl::OkStatus();
}

}  // namespace

std::string CouncilStream(absl::string_view authority_id) {
  return absl::StrCat("council-", authority_id);
}

namespace {

using eventstore::RecordedEvent;

absl::Status ApplyConstituted(Council& council, const v1::CouncilConstituted& constituted,
                              const RecordedEvent&) {
  const absl::CivilDay day = ToCivilDay(constituted.effective_on());
  for (Tenure& tenure : council.tenures) {
    if (!tenure.until || *tenure.until > day) tenure.until = std::max(day, tenure.from);
  }
  for (const v1::CouncilMember& member : constituted.members()) {
    council.tenures.push_back({member, day, std::nullopt});
  }
  council.exists = true;
  council.authority_id = constituted.authority_id();
  council.name = constituted.name();
  return absl::OkStatus();
}

absl::Status ApplyAdded(Council& council, const v1::CouncilMemberAdded& added,
                        const RecordedEvent&) {
  council.tenures.push_back({added.member(), ToCivilDay(added.effective_on()), std::nullopt});
  return absl::OkStatus();
}

absl::Status ApplyRemoved(Council& council, const v1::CouncilMemberRemoved& removed,
                          const RecordedEvent&) {
  End(council, removed.member_id(), ToCivilDay(removed.effective_on()));
  return absl::OkStatus();
}

absl::Status ApplyReplaced(Council& council, const v1::CouncilMemberReplaced& replaced,
                           const RecordedEvent&) {
  const absl::CivilDay day = ToCivilDay(replaced.effective_on());
  End(council, replaced.member_id(), day);
  council.tenures.push_back({replaced.replacement(), day, std::nullopt});
  return absl::OkStatus();
}

const EventAppliers<Council>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Council>("council"))
           ->CreatedBy<v1::CouncilConstituted>([](const Council& c) { return c.exists; })
           .On<v1::CouncilConstituted>(ApplyConstituted)
           .On<v1::CouncilMemberAdded>(ApplyAdded)
           .On<v1::CouncilMemberRemoved>(ApplyRemoved)
           .On<v1::CouncilMemberReplaced>(ApplyReplaced);
  return *appliers;
}

}  // namespace

absl::Status CouncilAggregate::Evolve(Council& council, const eventstore::RecordedEvent& event) {
  return Appliers().Apply(council, event);
}

std::vector<v1::CouncilMember> MembersOn(const Council& council, absl::CivilDay day) {
  std::vector<v1::CouncilMember> members;
  for (const Tenure& tenure : council.tenures) {
    if (tenure.InForceOn(day)) members.push_back(tenure.member);
  }
  return members;
}

bool Votes(const v1::CouncilMember& member, bool secretary_votes) {
  return member.role() != v1::COUNCIL_ROLE_SECRETARY || secretary_votes;
}

std::vector<v1::CouncilMember> VotingMembersOn(const Council& council, absl::CivilDay day,
                                               bool secretary_votes) {
  std::vector<v1::CouncilMember> members = MembersOn(council, day);
  std::erase_if(members, [&](const v1::CouncilMember& m) { return !Votes(m, secretary_votes); });
  return members;
}

std::optional<v1::CouncilMember> MemberOn(const Council& council, absl::string_view member_id,
                                          absl::CivilDay day) {
  for (const Tenure& tenure : council.tenures) {
    if (tenure.member.member_id() == member_id && tenure.InForceOn(day)) return tenure.member;
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<NewEvent>> DecideConstitute(const Council& council,
                                                       const v1::CouncilConstituted& constituted) {
  if (constituted.authority_id().empty()) return InvalidField("council.authority_id", "missing");
  if (constituted.name().empty()) return InvalidField("council.name", "missing");
  if (constituted.members().empty())
    return InvalidField("council.members", "a council has members");
  for (int i = 0; i < constituted.members_size(); ++i) {
    AWARD_RETURN_IF_ERROR(
        ValidateMember(constituted.members(i), absl::StrCat("council.members[", i, "]")));
  }
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, EffectiveDay(council, constituted.effective_on()));
  AWARD_RETURN_IF_ERROR(CheckAfter(council, constituted, day));
  return std::vector<NewEvent>{ToNewEvent(constituted)};
}

absl::StatusOr<std::vector<NewEvent>> DecideAddMember(const Council& council,
                                                      const v1::CouncilMemberAdded& added) {
  AWARD_RETURN_IF_ERROR(Exists(council));
  AWARD_RETURN_IF_ERROR(ValidateMember(added.member(), "added.member"));
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, EffectiveDay(council, added.effective_on()));
  for (const Tenure& tenure : council.tenures) {
    if (tenure.member.member_id() == added.member().member_id() &&
        (!tenure.until || *tenure.until > day)) {
      return absl::AlreadyExistsError(
          absl::StrCat("member ", added.member().member_id(), " already sits on the council then"));
    }
  }
  AWARD_RETURN_IF_ERROR(CheckAfter(council, added, day));
  return std::vector<NewEvent>{ToNewEvent(added)};
}

absl::StatusOr<std::vector<NewEvent>> DecideRemoveMember(const Council& council,
                                                         const v1::CouncilMemberRemoved& removed) {
  AWARD_RETURN_IF_ERROR(Exists(council));
  if (removed.member_id().empty()) return InvalidField("removed.member_id", "missing");
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, EffectiveDay(council, removed.effective_on()));
  if (!MemberOn(council, removed.member_id(), day)) {
    return absl::NotFoundError(absl::StrCat("member ", removed.member_id(),
                                            " does not sit on the council on ",
                                            absl::FormatCivilTime(day)));
  }
  AWARD_RETURN_IF_ERROR(CheckAfter(council, removed, day));
  return std::vector<NewEvent>{ToNewEvent(removed)};
}

absl::StatusOr<std::vector<NewEvent>> DecideReplaceMember(
    const Council& council, const v1::CouncilMemberReplaced& replaced) {
  AWARD_RETURN_IF_ERROR(Exists(council));
  if (replaced.member_id().empty()) return InvalidField("replaced.member_id", "missing");
  AWARD_RETURN_IF_ERROR(ValidateMember(replaced.replacement(), "replaced.replacement"));
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, EffectiveDay(council, replaced.effective_on()));
  if (!MemberOn(council, replaced.member_id(), day)) {
    return absl::NotFoundError(absl::StrCat("member ", replaced.member_id(),
                                            " does not sit on the council on ",
                                            absl::FormatCivilTime(day)));
  }
  AWARD_RETURN_IF_ERROR(CheckAfter(council, replaced, day));
  return std::vector<NewEvent>{ToNewEvent(replaced)};
}

}  // namespace award::council

#include "services/nominations/domain/authority.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"

namespace award::nominations {
namespace {

using eventstore::InvalidField;

absl::string_view StatusName(Authority::Status status) {
  switch (status) {
    case Authority::Status::kActive:
      return "ACTIVE";
    case Authority::Status::kMerged:
      return "MERGED";
    case Authority::Status::kDissolved:
      return "DISSOLVED";
  }
  return "UNKNOWN";
}

// Only an active authority changes; the day must not precede its establishment.
absl::StatusOr<absl::CivilDay> ActiveChange(const Authority& authority, const v1::Date& day,
                                            absl::string_view what) {
  if (!authority.exists) return absl::NotFoundError("no such authority");
  if (authority.status != Authority::Status::kActive) {
    return absl::FailedPreconditionError(
        absl::StrCat("the authority is ", StatusName(authority.status), "; it cannot be ", what));
  }
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay effective, CivilDayOf(day, "effective_on"));
  if (effective < ToCivilDay(authority.registered.established_on())) {
    return InvalidField("effective_on", "before the authority was established");
  }
  return effective;
}

}  // namespace

std::string AuthorityStream(absl::string_view authority_id) {
  return absl::StrCat("authority-", authority_id);
}

bool CanDecideOn(const Authority& authority, absl::CivilDay day) {
  return authority.exists && day >= ToCivilDay(authority.registered.established_on()) &&
         (authority.status == Authority::Status::kActive || day < authority.ended_on);
}

namespace {

using eventstore::RecordedEvent;

const EventAppliers<Authority>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Authority>("authority"))
           ->On<v1::AuthorityRegistered>([](Authority& authority,
                                            v1::AuthorityRegistered&& registered,
                                            const RecordedEvent&) {
             authority.name = registered.name();
             authority.registered = std::move(registered);
             authority.exists = true;
             return absl::OkStatus();
           })
           .On<v1::AuthorityRenamed>(
               [](Authority& authority, const v1::AuthorityRenamed& renamed, const RecordedEvent&) {
                 authority.name = renamed.name();
                 return absl::OkStatus();
               })
           .On<v1::AuthorityMerged>(
               [](Authority& authority, const v1::AuthorityMerged& merged, const RecordedEvent&) {
                 authority.status = Authority::Status::kMerged;
                 authority.merged_into = merged.into_authority_id();
                 authority.ended_on = ToCivilDay(merged.effective_on());
                 return absl::OkStatus();
               })
           .On<v1::AuthorityDissolved>([](Authority& authority,
                                          const v1::AuthorityDissolved& dissolved,
                                          const RecordedEvent&) {
             authority.status = Authority::Status::kDissolved;
             authority.ended_on = ToCivilDay(dissolved.effective_on());
             return absl::OkStatus();
           });
  return *appliers;
}

}  // namespace

absl::Status AuthorityAggregate::Evolve(Authority& authority,
                                        const eventstore::RecordedEvent& event) {
  return Appliers().Apply(authority, event);
}

absl::StatusOr<std::vector<NewEvent>> DecideRegister(const Authority& authority,
                                                     const v1::AuthorityRegistered& registered) {
  if (authority.exists) {
    return absl::AlreadyExistsError(
        absl::StrCat("authority ", registered.authority_id(), " is already registered"));
  }
  if (registered.authority_id().empty()) return InvalidField("authority_id", "missing");
  if (registered.name().empty()) return InvalidField("name", "missing");
  if (registered.level() == v1::AUTHORITY_LEVEL_UNSPECIFIED)
    return InvalidField("level", "missing");
  if (registered.decision_symbol().empty()) return InvalidField("decision_symbol", "missing");
  if (registered.parent_id() == registered.authority_id()) {
    return InvalidField("parent_id", "an authority is not its own parent");
  }
  AWARD_RETURN_IF_ERROR(CivilDayOf(registered.established_on(), "established_on").status());
  return std::vector<NewEvent>{ToNewEvent(registered)};
}

absl::StatusOr<std::vector<NewEvent>> DecideRename(const Authority& authority,
                                                   const v1::AuthorityRenamed& renamed) {
  AWARD_RETURN_IF_ERROR(ActiveChange(authority, renamed.effective_on(), "renamed").status());
  if (renamed.name().empty()) return InvalidField("name", "missing");
  return std::vector<NewEvent>{ToNewEvent(renamed)};
}

absl::StatusOr<std::vector<NewEvent>> DecideMerge(const Authority& authority,
                                                  const v1::AuthorityMerged& merged) {
  AWARD_RETURN_IF_ERROR(ActiveChange(authority, merged.effective_on(), "merged").status());
  if (merged.into_authority_id().empty()) return InvalidField("into_authority_id", "missing");
  if (merged.into_authority_id() == authority.registered.authority_id()) {
    return InvalidField("into_authority_id", "an authority is not merged into itself");
  }
  return std::vector<NewEvent>{ToNewEvent(merged)};
}

absl::StatusOr<std::vector<NewEvent>> DecideDissolve(const Authority& authority,
                                                     const v1::AuthorityDissolved& dissolved) {
  AWARD_RETURN_IF_ERROR(ActiveChange(authority, dissolved.effective_on(), "dissolved").status());
  return std::vector<NewEvent>{ToNewEvent(dissolved)};
}

}  // namespace award::nominations

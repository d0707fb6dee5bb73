#include "services/nominations/domain/awardee_history.h"

#include "absl/strings/str_cat.h"
#include "award/v1/awardees.pb.h"
#include "services/common/event_appliers.h"
#include "services/common/rule_book.h"

namespace award::nominations {

std::string AwardeeStream(absl::string_view awardee_id) {
  return absl::StrCat("awardee-", awardee_id);
}

namespace {

using eventstore::RecordedEvent;

// The hold of `decision_id` for `nomination_id` ends: granted, or discarded.
void EndHold(AwardeeHistory& history, const std::string& decision_id,
             const std::string& nomination_id) {
  std::erase_if(history.held_by_drafts, [&](const AchievementHold& hold) {
    return hold.decision_id == decision_id && hold.nomination_id == nomination_id;
  });
}

absl::Status ApplyGranted(AwardeeHistory& history, const v1::AwardGranted& granted,
                          const RecordedEvent&) {
  EndHold(history, granted.decision_id(), granted.nomination_id());
  GrantedAward& award = history.awards.emplace_back();
  award.kind = granted.kind();
  award.first_year = granted.first_year();
  award.last_year = granted.last_year();
  award.basis = granted.basis();
  award.decision_date = ToCivilDay(granted.decision_date());
  award.achievement_ids.assign(granted.achievement_ids().begin(), granted.achievement_ids().end());
  award.decision_id = granted.decision_id();
  award.nomination_id = granted.nomination_id();
  for (const v1::AwardRef& prerequisite : granted.prerequisites()) {
    award.prerequisites.emplace_back(prerequisite.decision_id(), prerequisite.kind());
  }
  return absl::OkStatus();
}

absl::Status ApplyRevoked(AwardeeHistory& history, const v1::AwardRevoked& revoked,
                          const RecordedEvent&) {
  for (GrantedAward& award : history.awards) {
    if (award.decision_id == revoked.decision_id() && award.kind == revoked.kind()) {
      award.revoked = true;
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyNeedsReview(AwardeeHistory& history, const v1::AwardNeedsReview& review,
                              const RecordedEvent&) {
  for (GrantedAward& award : history.awards) {
    if (award.decision_id == review.award().decision_id() && award.kind == review.award().kind()) {
      award.needs_review = true;
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyReserved(AwardeeHistory& history, v1::AchievementsReserved&& reserved,
                           const RecordedEvent&) {
  history.held_by_drafts.push_back(
      {reserved.decision_id(), reserved.nomination_id(),
       std::vector<std::string>(
           std::make_move_iterator(reserved.mutable_achievement_ids()->begin()),
           std::make_move_iterator(reserved.mutable_achievement_ids()->end()))});
  return absl::OkStatus();
}

absl::Status ApplyReleased(AwardeeHistory& history, const v1::AchievementsReleased& released,
                           const RecordedEvent&) {
  EndHold(history, released.decision_id(), released.nomination_id());
  return absl::OkStatus();
}

const EventAppliers<AwardeeHistory>& Appliers() {
  static const auto* const appliers = &(new EventAppliers<AwardeeHistory>("awardee history"))
                                           ->On<v1::AwardGranted>(ApplyGranted)
                                           .On<v1::AwardRevoked>(ApplyRevoked)
                                           .On<v1::AwardNeedsReview>(ApplyNeedsReview)
                                           .On<v1::AchievementsReserved>(ApplyReserved)
                                           .On<v1::AchievementsReleased>(ApplyReleased);
  return *appliers;
}

}  // namespace

absl::Status AwardeeHistoryAggregate::Evolve(AwardeeHistory& history,
                                             const eventstore::RecordedEvent& event) {
  // An awardee's stream is open to the other records kept of the awardee:
  // what is not an award is passed over.
  return Appliers().ApplyKnown(history, event);
}

}  // namespace award::nominations

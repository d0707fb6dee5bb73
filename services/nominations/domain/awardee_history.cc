#include "services/nominations/domain/awardee_history.h"

#include "absl/strings/str_cat.h"
#include "award/v1/awardees.pb.h"
#include "base/status_macros.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"

namespace award::nominations {

std::string AwardeeStream(absl::string_view awardee_id) {
  return absl::StrCat("awardee-", awardee_id);
}

absl::Status AwardeeHistoryAggregate::Evolve(AwardeeHistory& history,
                                             const eventstore::RecordedEvent& event) {
  if (event.event.type == "AwardGranted") {
    AWARD_ASSIGN_OR_RETURN(v1::AwardGranted granted, ParseEvent<v1::AwardGranted>(event));
    GrantedAward& award = history.awards.emplace_back();
    award.kind = granted.kind();
    award.first_year = granted.first_year();
    award.last_year = granted.last_year();
    award.basis = granted.basis();
    award.decision_date = ToCivilDay(granted.decision_date());
    award.achievement_ids.assign(granted.achievement_ids().begin(),
                                 granted.achievement_ids().end());
    award.decision_id = granted.decision_id();
    award.nomination_id = granted.nomination_id();
    for (const v1::AwardRef& prerequisite : granted.prerequisites()) {
      award.prerequisites.emplace_back(prerequisite.decision_id(), prerequisite.kind());
    }
    return absl::OkStatus();
  }
  if (event.event.type == "AwardRevoked") {
    AWARD_ASSIGN_OR_RETURN(v1::AwardRevoked revoked, ParseEvent<v1::AwardRevoked>(event));
    for (GrantedAward& award : history.awards) {
      if (award.decision_id == revoked.decision_id() && award.kind == revoked.kind()) {
        award.revoked = true;
      }
    }
    return absl::OkStatus();
  }
  if (event.event.type == "AwardNeedsReview") {
    AWARD_ASSIGN_OR_RETURN(v1::AwardNeedsReview review, ParseEvent<v1::AwardNeedsReview>(event));
    for (GrantedAward& award : history.awards) {
      if (award.decision_id == review.award().decision_id() &&
          award.kind == review.award().kind()) {
        award.needs_review = true;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace award::nominations

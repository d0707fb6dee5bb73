// An awardee's earlier awards, folded from its stream awardee-<id> (written by
// the decisions service), as the eligibility rules read them.
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_HISTORY_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_HISTORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eventstore/event.h"
#include "services/nominations/domain/eligibility.h"

namespace award::nominations {

// Achievements a draft decision holds for one of its awards (R15 across drafts).
struct AchievementHold {
  std::string decision_id;
  std::string nomination_id;
  std::vector<std::string> achievement_ids;
};

struct AwardeeHistory {
  std::vector<GrantedAward> awards;
  std::vector<AchievementHold> held_by_drafts;  // until granted or discarded
};

struct AwardeeHistoryAggregate {
  using State = AwardeeHistory;
  // Unknown event types are skipped: the stream belongs to the decisions
  // service, which may record more than grants and revocations.
  static absl::Status Evolve(AwardeeHistory& history, const eventstore::RecordedEvent& event);
};

std::string AwardeeStream(absl::string_view awardee_id);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_AWARDEE_HISTORY_H_

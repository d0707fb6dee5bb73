// An emulation campaign (phong trào thi đua, stream campaign-<id>): launched by
// an authority for a period and a list of award kinds; nominations made within
// it must be of one of those kinds while it is open.
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_CAMPAIGN_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_CAMPAIGN_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "award/v1/campaigns.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"

namespace award::nominations {

struct Campaign {
  bool exists = false;
  bool closed = false;
  v1::CampaignLaunched launched;
};

struct CampaignAggregate {
  using State = Campaign;
  static absl::Status Evolve(Campaign& campaign, const eventstore::RecordedEvent& event);
};

std::string CampaignStream(absl::string_view campaign_id);

// OK when a nomination of `kind` may be made within the campaign.
absl::Status AcceptsNomination(const Campaign& campaign, absl::string_view campaign_id,
                               v1::AwardKind kind);

absl::StatusOr<std::vector<NewEvent>> DecideLaunch(const Campaign& campaign,
                                                   const v1::CampaignLaunched& launched);
absl::StatusOr<std::vector<NewEvent>> DecideClose(const Campaign& campaign,
                                                  const v1::CampaignClosed& closed);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_CAMPAIGN_H_

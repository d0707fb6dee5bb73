#include "services/nominations/domain/campaign.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"

namespace award::nominations {

using eventstore::InvalidField;

std::string CampaignStream(absl::string_view campaign_id) {
  return absl::StrCat("campaign-", campaign_id);
}

namespace {

const EventAppliers<Campaign>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Campaign>("campaign"))
           ->On<v1::CampaignLaunched>([](Campaign& campaign, v1::CampaignLaunched&& launched,
                                         const eventstore::RecordedEvent&) {
             campaign.launched = std::move(launched);
             campaign.exists = true;
             return absl::OkStatus();
           })
           .On<v1::CampaignClosed>(
               [](Campaign& campaign, const v1::CampaignClosed&, const eventstore::RecordedEvent&) {
                 campaign.closed = true;
                 return absl::OkStatus();
               });
  return *appliers;
}

}  // namespace

absl::Status CampaignAggregate::Evolve(Campaign& campaign, const eventstore::RecordedEvent& event) {
  return Appliers().Apply(campaign, event);
}

absl::Status AcceptsNomination(const Campaign& campaign, absl::string_view campaign_id,
                               v1::AwardKind kind) {
  if (!campaign.exists) return absl::NotFoundError(absl::StrCat("no campaign ", campaign_id));
  if (campaign.closed) {
    return absl::FailedPreconditionError(absl::StrCat("campaign ", campaign_id, " is closed"));
  }
  const auto& kinds = campaign.launched.eligible_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("campaign ", campaign_id, " does not award ", v1::AwardKind_Name(kind)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<NewEvent>> DecideLaunch(const Campaign& campaign,
                                                   const v1::CampaignLaunched& launched) {
  if (campaign.exists) {
    return absl::AlreadyExistsError(
        absl::StrCat("campaign ", launched.campaign_id(), " already exists"));
  }
  if (launched.campaign_id().empty()) return InvalidField("campaign_id", "missing");
  if (launched.authority_id().empty()) return InvalidField("authority_id", "missing");
  if (launched.name().empty()) return InvalidField("name", "missing");
  if (launched.type() == v1::CAMPAIGN_TYPE_UNSPECIFIED) return InvalidField("type", "missing");
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay starts, CivilDayOf(launched.starts_on(), "starts_on"));
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay ends, CivilDayOf(launched.ends_on(), "ends_on"));
  if (ends < starts) return InvalidField("ends_on", "before starts_on");
  if (launched.eligible_kinds().empty()) return InvalidField("eligible_kinds", "name at least one");
  for (int kind : launched.eligible_kinds()) {
    if (kind == v1::AWARD_KIND_UNSPECIFIED) {
      return InvalidField("eligible_kinds", "AWARD_KIND_UNSPECIFIED is not a kind");
    }
  }
  return std::vector<NewEvent>{ToNewEvent(launched)};
}

absl::StatusOr<std::vector<NewEvent>> DecideClose(const Campaign& campaign,
                                                  const v1::CampaignClosed& closed) {
  if (!campaign.exists) return absl::NotFoundError("no such campaign");
  if (campaign.closed) return absl::FailedPreconditionError("the campaign is already closed");
  AWARD_ASSIGN_OR_RETURN(absl::CivilDay day, CivilDayOf(closed.closed_on(), "closed_on"));
  if (day < ToCivilDay(campaign.launched.starts_on())) {
    return InvalidField("closed_on", "before the campaign started");
  }
  return std::vector<NewEvent>{ToNewEvent(closed)};
}

}  // namespace award::nominations

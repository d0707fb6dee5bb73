// The minutes (biên bản) of a council meeting, rendered in Vietnamese Markdown
// from the meeting's own stream alone: attendance, and for each item the
// tally, the vote share against all voting members and the result, as D152
// 33(5) asks the minutes to state. The same events always render the same
// bytes, so the SHA-256 each signer signs can be checked by anyone later.
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_

#include <string>

#include "services/common/public_record.h"
#include "services/council/domain/meeting.h"

namespace award::council {

std::string RenderMinutes(const Meeting& meeting);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_

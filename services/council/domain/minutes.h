// The minutes (biên bản) of a council meeting, rendered in Vietnamese Markdown
// from the meeting's own stream alone: attendance, and for each item the
// tally, the vote share against all voting members and the result, as D152
// 33(5) asks the minutes to state. The same events always render the same
// bytes, so the SHA-256 each signer signs can be checked by anyone later.
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_

#include <string>

#include "services/council/domain/meeting.h"

namespace award::council {

std::string RenderMinutes(const Meeting& meeting);

// Raw 32 bytes.
std::string Sha256Of(const std::string& text);

// The Vietnamese name of an award kind, e.g. "Chiến sĩ thi đua cơ sở".
std::string AwardKindName(v1::AwardKind kind);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_MINUTES_H_

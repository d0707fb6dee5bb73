// Text at the edge of every service: names, titles and reasons arrive from
// document systems and portals in any Unicode normal form (Vietnamese letters
// such as "ế" come precomposed or as a base letter plus combining marks). They
// are normalised to NFC once, on the way in, and stored and compared exactly so
// afterwards.
//
//   absl::StatusOr<std::string> name = award::NormalizeText(request.name(), "nominee.name");
#ifndef AWARD_SERVICES_COMMON_TEXT_H_
#define AWARD_SERVICES_COMMON_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace award {

// The NFC form of `text`. INVALID_ARGUMENT naming `field` when it is not valid
// UTF-8 (the error carries the field as eventstore's errors do).
absl::StatusOr<std::string> NormalizeText(absl::string_view text, absl::string_view field);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_TEXT_H_

// The key file that seals the council's secret ballots (domain/ballot_seal.h):
// 32 secret bytes, created readable by its owner only when it does not exist,
// and never replaced; refused when its group or others may read it. Every instance of the council
// service must share it: ballots sealed under one key open only under the same key.
#ifndef AWARD_SERVICES_COUNCIL_BALLOT_KEY_FILE_H_
#define AWARD_SERVICES_COUNCIL_BALLOT_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/council/domain/ballot_seal.h"

namespace award::council {

// The seal of the key in `path`, or of a new key written there (mode 0600).
// FAILED_PRECONDITION, saying "chmod 600 PATH", when the existing file is open
// to its group or others. The error names the file.
absl::StatusOr<BallotSeal> LoadOrCreateBallotSeal(const std::string& path);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_BALLOT_KEY_FILE_H_

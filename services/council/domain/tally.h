// The council's arithmetic, in integers only (no floating point: 0.7 x 10 is
// not 7 in a double): quorum (R12), approval threshold (R11) and the tally of
// one agenda item as the minutes state it. Every denominator is the whole
// voting membership on the meeting date, present or not.
//
//   MeetsQuorum(14, 20, {2, 3})  -> true   (14 x 3 >= 2 x 20)
//   Approves(12, 15, 80)         -> true   (12 x 100 >= 80 x 15)
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_TALLY_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_TALLY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "award/v1/council.pb.h"
#include "award/v1/rules.pb.h"

namespace award::council {

// present / total >= quorum, boundary included.
bool MeetsQuorum(uint64_t present, uint64_t total, const v1::Fraction& quorum);

// agree x 100 >= threshold_percent x total, boundary included.
bool Approves(uint64_t agree, uint64_t total, uint32_t threshold_percent);

// The stricter (larger) of two quorums, compared exactly.
v1::Fraction StricterQuorum(const v1::Fraction& a, const v1::Fraction& b);

// The tally of one item from the choices cast on it (in any order) against
// `voting_members`. For a secret ballot the choices are kept, as given, in
// `opened_choices`; the caller gives them in random order.
v1::ItemTally TallyItem(const v1::AgendaItem& item, const std::vector<v1::BallotChoice>& choices,
                        uint32_t written_opinions, uint32_t voting_members);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_TALLY_H_

// The ballots cast on an agenda (a meeting's or a written consultation's):
// who took part on which item, with the sealed envelope of a secret ballot or
// the named choice of an open vote (ballot_seal.h explains the secrecy). Shared
// by meetings and consultations, which differ only in who may cast.
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_BOX_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_BOX_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/council.pb.h"
#include "services/council/domain/ballot_seal.h"

namespace award::council {

class BallotBox {
 public:
  void Record(const v1::BallotCast& cast);

  bool HasVoted(absl::string_view nomination_id, absl::string_view member_id) const;
  // The ballots cast on the item, in the order they were cast.
  std::vector<v1::BallotCast> CastOn(absl::string_view nomination_id) const;

  // The ballot `member_id` casts on `item` of agenda `agenda_id`: sealed unless
  // the item is an open vote. INVALID_ARGUMENT for no choice, ALREADY_EXISTS
  // when the member has voted on the item.
  absl::StatusOr<v1::BallotCast> Cast(const BallotSeal& seal, absl::string_view agenda_id,
                                      const v1::AgendaItem& item, const std::string& member_id,
                                      v1::BallotChoice choice, bool written_opinion) const;

  // The tally of each item against `voting_members`, every envelope opened;
  // DATA_LOSS if one does not open.
  absl::StatusOr<std::vector<v1::ItemTally>> Tally(const BallotSeal& seal,
                                                   absl::string_view agenda_id,
                                                   const std::vector<v1::AgendaItem>& items,
                                                   uint32_t voting_members) const;

 private:
  absl::flat_hash_map<std::string, std::vector<v1::BallotCast>> cast_;
};

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_BOX_H_

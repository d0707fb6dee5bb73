#include "services/council/domain/ballot_box.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/council/domain/tally.h"

namespace award::council {

void BallotBox::Record(const v1::BallotCast& cast) { cast_[cast.nomination_id()].push_back(cast); }

bool BallotBox::HasVoted(absl::string_view nomination_id, absl::string_view member_id) const {
  auto it = cast_.find(nomination_id);
  if (it == cast_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const v1::BallotCast& cast) { return cast.member_id() == member_id; });
}

std::vector<v1::BallotCast> BallotBox::CastOn(absl::string_view nomination_id) const {
  auto it = cast_.find(nomination_id);
  return it == cast_.end() ? std::vector<v1::BallotCast>{} : it->second;
}

absl::StatusOr<v1::BallotCast> BallotBox::Cast(const BallotSeal& seal, absl::string_view agenda_id,
                                               const v1::AgendaItem& item,
                                               const std::string& member_id,
                                               v1::BallotChoice choice,
                                               bool written_opinion) const {
  if (choice < v1::BALLOT_CHOICE_AGREE || choice > v1::BALLOT_CHOICE_ABSTAIN) {
    return eventstore::InvalidField("choice", "say agree, disagree or abstain");
  }
  if (HasVoted(item.nomination_id(), member_id)) {
    return absl::AlreadyExistsError(absl::StrCat("member ", member_id,
                                                 " has already voted on item ",
                                                 item.nomination_id(), "; one ballot each"));
  }
  v1::BallotCast cast;
  cast.set_nomination_id(item.nomination_id());
  cast.set_member_id(member_id);
  cast.set_written_opinion(written_opinion);
  if (item.open_vote()) {
    cast.set_open_choice(choice);
  } else {
    AWARD_ASSIGN_OR_RETURN(*cast.mutable_sealed_choice(),
                           seal.Seal({agenda_id, item.nomination_id(), member_id}, choice));
  }
  return cast;
}

absl::StatusOr<std::vector<v1::ItemTally>> BallotBox::Tally(
    const BallotSeal& seal, absl::string_view agenda_id, const std::vector<v1::AgendaItem>& items,
    uint32_t voting_members) const {
  std::vector<v1::ItemTally> tallies;
  for (const v1::AgendaItem& item : items) {
    std::vector<v1::BallotChoice> choices;
    uint32_t written = 0;
    for (const v1::BallotCast& cast : CastOn(item.nomination_id())) {
      written += cast.written_opinion();
      if (item.open_vote()) {
        choices.push_back(cast.open_choice());
      } else {
        AWARD_ASSIGN_OR_RETURN(
            choices.emplace_back(),
            seal.Open({agenda_id, item.nomination_id(), cast.member_id()}, cast.sealed_choice()));
      }
    }
    // Canonical order: a function of the counts alone (ballot_seal.h).
    std::sort(choices.begin(), choices.end());
    tallies.push_back(TallyItem(item, choices, written, voting_members));
  }
  return tallies;
}

}  // namespace award::council

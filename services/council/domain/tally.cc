#include "services/council/domain/tally.h"

#include "services/common/public_record.h"

namespace award::council {

bool MeetsQuorum(uint64_t present, uint64_t total, const v1::Fraction& quorum) {
  return present * quorum.denominator() >= uint64_t{quorum.numerator()} * total;
}

bool Approves(uint64_t agree, uint64_t total, uint32_t threshold_percent) {
  return agree * 100 >= uint64_t{threshold_percent} * total;
}

v1::Fraction StricterQuorum(const v1::Fraction& a, const v1::Fraction& b) {
  const uint64_t left = uint64_t{a.numerator()} * b.denominator();
  const uint64_t right = uint64_t{b.numerator()} * a.denominator();
  return left >= right ? a : b;
}

v1::ItemTally TallyItem(const v1::AgendaItem& item, const std::vector<v1::BallotChoice>& choices,
                        uint32_t written_opinions, uint32_t voting_members) {
  v1::ItemTally tally;
  tally.set_nomination_id(item.nomination_id());
  for (v1::BallotChoice choice : choices) {
    switch (choice) {
      case v1::BALLOT_CHOICE_AGREE:
        tally.set_agree(tally.agree() + 1);
        break;
      case v1::BALLOT_CHOICE_DISAGREE:
        tally.set_disagree(tally.disagree() + 1);
        break;
      default:
        tally.set_abstain(tally.abstain() + 1);
        break;
    }
    if (!item.open_vote()) tally.add_opened_choices(choice);
  }
  const uint32_t cast = static_cast<uint32_t>(choices.size());
  tally.set_not_voting(voting_members > cast ? voting_members - cast : 0);
  tally.set_voting_members(voting_members);
  tally.set_threshold_percent(item.ballot().threshold_percent());
  tally.set_result(Approves(tally.agree(), voting_members, item.ballot().threshold_percent()) &&
                           voting_members > 0
                       ? v1::COUNCIL_RESULT_RECOMMENDED
                       : v1::COUNCIL_RESULT_NOT_RECOMMENDED);
  tally.set_agree_share(ShareText(tally.agree(), voting_members));
  tally.set_open_vote(item.open_vote());
  tally.set_written_opinions(written_opinions);
  return tally;
}

}  // namespace award::council

#include "services/nominations/domain/eligibility.h"

#include <algorithm>
#include <climits>

#include "absl/strings/str_cat.h"
#include "services/common/eligibility_rules.h"

namespace award::nominations {
namespace {

std::string KindName(v1::AwardKind kind) {
  switch (kind) {
    case v1::AWARD_KIND_CSTD_CO_SO:
      return "Chiến sĩ thi đua cơ sở";
    case v1::AWARD_KIND_CSTD_TINH:
      return "Chiến sĩ thi đua tỉnh";
    case v1::AWARD_KIND_CSTD_TOAN_QUOC:
      return "Chiến sĩ thi đua toàn quốc";
    case v1::AWARD_KIND_BANG_KHEN_TINH:
      return "Bằng khen tỉnh";
    case v1::AWARD_KIND_BANG_KHEN_TTG:
      return "Bằng khen của Thủ tướng";
    default:
      return v1::AwardKind_Name(kind);
  }
}

const YearRecord* FindYear(const NomineeHistory& history, int year) {
  for (const YearRecord& record : history.years) {
    if (record.year == year) return &record;
  }
  return nullptr;
}

Rating RatingIn(const NomineeHistory& history, int year) {
  const YearRecord* record = FindYear(history, year);
  return record == nullptr ? Rating::kNone : record->rating;
}

bool AtLeastGood(Rating rating) { return rating == Rating::kGood || rating == Rating::kExcellent; }

int InitiativesIn(const NomineeHistory& history, int from, int to, InitiativeScope at_least) {
  int count = 0;
  for (int year = from; year <= to; ++year) {
    const YearRecord* record = FindYear(history, year);
    if (record == nullptr) continue;
    for (InitiativeScope scope : record->initiatives) {
      if (scope >= at_least) ++count;
    }
  }
  return count;
}

// Awards that can found another: not revoked, and earned on merit (R15:
// ad-hoc and thematic achievements found no higher award).
bool Counts(const GrantedAward& award) { return !award.revoked && award.basis == v1::BASIS_MERIT; }

// The award of `kind` covering `year`, whatever its standing.
const GrantedAward* AwardCovering(const NomineeHistory& history, v1::AwardKind kind, int year) {
  const GrantedAward* found = nullptr;
  for (const GrantedAward& award : history.awards) {
    if (award.kind == kind && award.first_year <= year && year <= award.last_year) {
      if (found == nullptr || Counts(award)) found = &award;
    }
  }
  return found;
}

bool Holds(const NomineeHistory& history, v1::AwardKind kind, int year) {
  const GrantedAward* award = AwardCovering(history, kind, year);
  return award != nullptr && Counts(*award);
}

// R16: the last year already counted by an earlier award of `kind`.
int LastCountedYear(const NomineeHistory& history, v1::AwardKind kind) {
  int last = INT_MIN;
  for (const GrantedAward& award : history.awards) {
    if (award.kind == kind && !award.revoked) last = std::max(last, award.last_year);
  }
  return last;
}

std::string Missing(const NomineeHistory& history, v1::AwardKind kind, int year) {
  const GrantedAward* award = AwardCovering(history, kind, year);
  if (award == nullptr) return absl::StrCat("no ", KindName(kind), " for ", year);
  if (award->revoked) return absl::StrCat("the ", KindName(kind), " for ", year, " was revoked");
  return absl::StrCat("the ", KindName(kind), " for ", year,
                      " rests on an ad-hoc or thematic achievement");
}

class Checker {
 public:
  Checker(const Proposal& proposal, const NomineeHistory& history) : p_(proposal), h_(history) {}

  void Fail(EligibilityRule rule, std::string reason) {
    result_.failures.push_back({std::string(EntryOf(rule).id), std::move(reason)});
  }

  // Counts `kind` in `year` as a prerequisite, if it is held there.
  bool Uses(v1::AwardKind kind, int year) {
    const GrantedAward* award = AwardCovering(h_, kind, year);
    if (award == nullptr || !Counts(*award)) return false;
    Rely(award);
    return true;
  }

  void Rely(const GrantedAward* award) {
    const bool known = std::any_of(
        result_.relied_on.begin(), result_.relied_on.end(), [&](const GrantedAward& used) {
          return used.decision_id == award->decision_id && used.kind == award->kind;
        });
    if (!known) result_.relied_on.push_back(*award);
  }

  // R3: the grassroots fighter of year Y.
  void R3() {
    const int y = p_.year;
    const Rating rating = RatingIn(h_, y);
    if (!AtLeastGood(rating)) {
      Fail(EligibilityRule::kR3, absl::StrCat("not rated at least good in ", y,
                                              ", so the Lao động tiên tiến standard is not met"));
    } else if (rating != Rating::kExcellent &&
               InitiativesIn(h_, y, y, InitiativeScope::kUnit) == 0) {
      Fail(EligibilityRule::kR3,
           absl::StrCat("in ", y, " neither rated excellent nor an initiative recognised"));
    }
  }

  // R4 (with R16): three years of grassroots fighter up to Y, not counted before.
  void R4() {
    const int last_counted = LastCountedYear(h_, v1::AWARD_KIND_CSTD_TINH);
    for (int y = p_.year - 2; y <= p_.year; ++y) {
      if (y <= last_counted) {
        Fail(EligibilityRule::kR16, absl::StrCat(y, " was already counted by an earlier ",
                                                 KindName(v1::AWARD_KIND_CSTD_TINH)));
      } else if (!Uses(v1::AWARD_KIND_CSTD_CO_SO, y)) {
        Fail(EligibilityRule::kR4, Missing(h_, v1::AWARD_KIND_CSTD_CO_SO, y));
      }
    }
    if (InitiativesIn(h_, p_.year - 2, p_.year, InitiativeScope::kProvince) == 0) {
      Fail(EligibilityRule::kR4, absl::StrCat("no initiative recognised at province level in ",
                                              p_.year - 2, "-", p_.year));
    }
  }

  // R5: two consecutive provincial fighters, a national initiative, and in time.
  void R5() {
    std::vector<const GrantedAward*> fighters;
    for (const GrantedAward& award : h_.awards) {
      if (award.kind == v1::AWARD_KIND_CSTD_TINH && Counts(award)) fighters.push_back(&award);
    }
    std::sort(fighters.begin(), fighters.end(), [](const GrantedAward* a, const GrantedAward* b) {
      return a->first_year < b->first_year;
    });
    const GrantedAward* first = nullptr;
    const GrantedAward* second = nullptr;
    for (size_t i = 1; i < fighters.size(); ++i) {
      if (fighters[i]->first_year == fighters[i - 1]->last_year + 1) {
        first = fighters[i - 1];
        second = fighters[i];
      }
    }
    if (second == nullptr) {
      Fail(EligibilityRule::kR5,
           absl::StrCat("no two consecutive ", KindName(v1::AWARD_KIND_CSTD_TINH)));
      return;
    }
    Rely(first);
    Rely(second);
    if (InitiativesIn(h_, first->first_year, second->last_year, InitiativeScope::kNational) == 0) {
      Fail(EligibilityRule::kR5, absl::StrCat("no initiative recognised at national level in ",
                                              first->first_year, "-", second->last_year));
    }
    const absl::CivilDay deadline(second->decision_date.year() + 1, 12, 31);
    if (p_.submitted_on > deadline) {
      Fail(EligibilityRule::kR5, absl::StrCat("submitted after ", absl::FormatCivilTime(deadline),
                                              ", the end of the year after the second decision"));
    }
  }

  // R6 (path d, with R16): two consecutive grassroots fighters, or two excellent
  // years with two initiatives, up to Y and after the last Bằng khen tỉnh.
  void R6() {
    const int from = p_.year - 1;
    if (from <= LastCountedYear(h_, v1::AWARD_KIND_BANG_KHEN_TINH)) {
      Fail(EligibilityRule::kR16, absl::StrCat(from, " was already counted by an earlier ",
                                               KindName(v1::AWARD_KIND_BANG_KHEN_TINH)));
      return;
    }
    const bool fighters =
        Holds(h_, v1::AWARD_KIND_CSTD_CO_SO, from) && Holds(h_, v1::AWARD_KIND_CSTD_CO_SO, p_.year);
    if (fighters) {
      Uses(v1::AWARD_KIND_CSTD_CO_SO, from);
      Uses(v1::AWARD_KIND_CSTD_CO_SO, p_.year);
    }
    const bool excellent = RatingIn(h_, from) == Rating::kExcellent &&
                           RatingIn(h_, p_.year) == Rating::kExcellent &&
                           InitiativesIn(h_, from, p_.year, InitiativeScope::kUnit) >= 2;
    if (!fighters && !excellent) {
      Fail(EligibilityRule::kR6,
           absl::StrCat("neither ", KindName(v1::AWARD_KIND_CSTD_CO_SO), " in both ", from, " and ",
                        p_.year, ", nor both years excellent with two initiatives"));
    }
  }

  // R7 (path b); path (a) goes to people (E10).
  void R7() {
    if (p_.claims_outstanding_path) {
      result_.manual_appraisal =
          "Bằng khen của Thủ tướng for an outstanding achievement in a movement (path a): "
          "judged at appraisal, not by rule";
      return;
    }
    const GrantedAward* prior = nullptr;
    for (const GrantedAward& award : h_.awards) {
      if (award.kind == v1::AWARD_KIND_BANG_KHEN_TINH && Counts(award) &&
          award.last_year < p_.year && (prior == nullptr || award.last_year > prior->last_year)) {
        prior = &award;
      }
    }
    if (prior != nullptr) Rely(prior);
    if (!prior)
      Fail(EligibilityRule::kR7,
           absl::StrCat("no earlier ", KindName(v1::AWARD_KIND_BANG_KHEN_TINH)));
    const int from = p_.year - 4;
    for (int y = from; y <= p_.year; ++y) {
      if (!AtLeastGood(RatingIn(h_, y))) {
        Fail(EligibilityRule::kR7, absl::StrCat("not rated at least good in ", y, " (five years ",
                                                from, "-", p_.year, " are needed)"));
      }
    }
    int fighters = 0;
    for (int y = from; y <= p_.year; ++y) fighters += Uses(v1::AWARD_KIND_CSTD_CO_SO, y);
    if (fighters < 3) {
      Fail(EligibilityRule::kR7,
           absl::StrCat("only ", fighters, " ", KindName(v1::AWARD_KIND_CSTD_CO_SO), " in ", from,
                        "-", p_.year, ", 3 are needed"));
    }
  }

  // R8: the excellent collective.
  void R8() {
    const CollectiveFacts& c = p_.collective;
    if (c.members <= 0) return Fail(EligibilityRule::kR8, "the collective's members are not given");
    if (c.unit_rating != Rating::kExcellent)
      Fail(EligibilityRule::kR8, "the unit is not rated excellent");
    if (c.members_completed != c.members) {
      Fail(EligibilityRule::kR8, absl::StrCat(c.members - c.members_completed, " of ", c.members,
                                              " members did not complete their tasks"));
    }
    if (c.advanced_workers * 100 < 70 * c.members) {
      Fail(EligibilityRule::kR8,
           absl::StrCat(c.advanced_workers, " of ", c.members,
                        " members are advanced workers, at least 70 % are needed"));
    }
    if (c.grassroots_fighters < 1)
      Fail(EligibilityRule::kR8, "no member is a grassroots emulation fighter");
  }

  // R9: the advanced collective: more than half advanced workers.
  void R9() {
    const CollectiveFacts& c = p_.collective;
    if (c.members <= 0) return Fail(EligibilityRule::kR9, "the collective's members are not given");
    if (c.advanced_workers * 100 <= 50 * c.members) {
      Fail(EligibilityRule::kR9,
           absl::StrCat(c.advanced_workers, " of ", c.members,
                        " members are advanced workers, more than 50 % are needed"));
    }
  }

  // R15: one achievement, one reward; and no higher award on ad-hoc achievements.
  void R15(bool founds_on_prerequisites) {
    for (const std::string& id : p_.achievement_ids) {
      for (const GrantedAward& award : h_.awards) {
        if (award.revoked) continue;
        if (std::find(award.achievement_ids.begin(), award.achievement_ids.end(), id) !=
            award.achievement_ids.end()) {
          Fail(EligibilityRule::kR15,
               absl::StrCat("achievement ", id, " was already rewarded with ", KindName(award.kind),
                            " (", award.first_year, ")"));
        }
      }
    }
    if (founds_on_prerequisites && p_.basis != v1::BASIS_MERIT) {
      Fail(EligibilityRule::kR15,
           absl::StrCat("an ad-hoc or thematic achievement cannot found ", KindName(p_.kind)));
    }
  }

  Eligibility Done() && {
    if (h_.open_proceeding.has_value()) result_.suspended = h_.open_proceeding;
    return std::move(result_);
  }

 private:
  const Proposal& p_;
  const NomineeHistory& h_;
  Eligibility result_;
};

}  // namespace

Eligibility CheckEligibility(const Proposal& proposal, const NomineeHistory& history,
                             const std::vector<std::string>& rules) {
  Checker check(proposal, history);
  bool founds_on_prerequisites = false;
  for (const std::string& id : rules) {
    // The rule book admits only the table's ids.
    const std::optional<EligibilityRuleEntry> entry = EligibilityRuleNamed(id);
    if (!entry.has_value()) continue;
    if (entry->merit_path_only && proposal.basis != v1::BASIS_MERIT) continue;
    founds_on_prerequisites = founds_on_prerequisites || entry->founds_on_prerequisites;
    switch (entry->rule) {
      case EligibilityRule::kR3:
        check.R3();
        break;
      case EligibilityRule::kR4:
        check.R4();
        break;
      case EligibilityRule::kR5:
        check.R5();
        break;
      case EligibilityRule::kR6:
        check.R6();
        break;
      case EligibilityRule::kR7:
        check.R7();
        break;
      case EligibilityRule::kR8:
        check.R8();
        break;
      case EligibilityRule::kR9:
        check.R9();
        break;
      case EligibilityRule::kR15:  // checked for every kind, below
      case EligibilityRule::kR16:  // part of R4 and R5: a year counts once
        break;
    }
  }
  check.R15(founds_on_prerequisites);
  return std::move(check).Done();
}

}  // namespace award::nominations

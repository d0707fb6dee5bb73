// The law as data: rule sets (one per legal regime, chosen by the date a
// dossier was received, R22), the base-salary table (by the decision date,
// R17) and authorities' ballot overrides, read from text-format files and
// checked once at start-up. A bad file stops the service: the error names the
// file and the field.
//
//   absl::StatusOr<award::RuleBook> rules = award::RuleBook::LoadDirectory("rules/vn");
//   absl::StatusOr<const award::v1::RuleSet*> set = rules->ForDossierReceived(received);
#ifndef AWARD_SERVICES_COMMON_RULE_BOOK_H_
#define AWARD_SERVICES_COMMON_RULE_BOOK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "award/v1/rules.pb.h"
#include "services/common/working_days.h"

namespace award {

class RuleBook {
 public:
  // Reads every *.textproto in `dir`: base-salary.textproto is the
  // BaseSalaryTable, holidays.textproto the HolidayCalendar (optional),
  // *.override.textproto are RuleSetOverrides, every other one a RuleSet.
  // Each of `override_dirs` adds the *.override.textproto files it holds (a
  // province's own ballot rules beside the shipped law); any other file there
  // is an error.
  static absl::StatusOr<RuleBook> LoadDirectory(const std::string& dir,
                                                const std::vector<std::string>& override_dirs = {});

  // The same from values already parsed; everything is checked.
  static absl::StatusOr<RuleBook> Create(std::vector<v1::RuleSet> rule_sets,
                                         v1::BaseSalaryTable base_salaries,
                                         std::vector<v1::RuleSetOverride> overrides = {});

  // R22: the rule set for a dossier received on `day`. NOT_FOUND before the first.
  absl::StatusOr<const v1::RuleSet*> ForDossierReceived(absl::CivilDay day) const;

  // The rule set of that version (the one a nomination was judged under).
  absl::StatusOr<const v1::RuleSet*> ByVersion(absl::string_view version) const;

  // The rule for `kind`; NOT_FOUND when the set has none.
  static absl::StatusOr<const v1::AwardRule*> FindAward(const v1::RuleSet& rule_set,
                                                        v1::AwardKind kind);

  // The ballot the council of `authority_id` holds for `kind` under `rule_set`:
  // the authority's override, else the rule set's. False when neither requires one.
  bool BallotFor(const v1::RuleSet& rule_set, v1::AwardKind kind, absl::string_view authority_id,
                 v1::BallotRule& ballot) const;

  // R17: the base salary in force on `day`, VND per month. NOT_FOUND before the first entry.
  absl::StatusOr<int64_t> BaseSalaryOn(absl::CivilDay day) const;

  // The days off and make-up days for counting working days.
  WorkingDayCalendarOptions CalendarOptions() const;

  // The legal regime in force on `day` (legal-regimes.textproto), for
  // decisions recorded from paper. FAILED_PRECONDITION before the first.
  absl::StatusOr<const v1::LegalRegime*> RegimeOn(absl::CivilDay day) const;

 private:
  RuleBook() = default;

  std::vector<v1::RuleSet> rule_sets_;  // by effective date
  v1::BaseSalaryTable base_salaries_;
  std::vector<v1::RuleSetOverride> overrides_;
  v1::HolidayCalendar holidays_;
  v1::LegalRegimes regimes_;
};

// Parsing and checking of one file's text; `source` names it in errors.
absl::StatusOr<v1::RuleSet> ParseRuleSet(absl::string_view text, absl::string_view source);
absl::StatusOr<v1::BaseSalaryTable> ParseBaseSalaryTable(absl::string_view text,
                                                         absl::string_view source);
absl::StatusOr<v1::RuleSetOverride> ParseRuleSetOverride(absl::string_view text,
                                                         absl::string_view source);
absl::StatusOr<v1::HolidayCalendar> ParseHolidayCalendar(absl::string_view text,
                                                         absl::string_view source);
absl::StatusOr<v1::LegalRegimes> ParseLegalRegimes(absl::string_view text,
                                                   absl::string_view source);

absl::CivilDay ToCivilDay(const v1::Date& date);
v1::Date DateOf(absl::CivilDay day);
// The day a Date names; INVALID_ARGUMENT naming `field` when it names none.
absl::StatusOr<absl::CivilDay> CivilDayOf(const v1::Date& date, absl::string_view field);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_RULE_BOOK_H_

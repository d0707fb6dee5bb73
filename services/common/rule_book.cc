#include "services/common/rule_book.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/eligibility_rules.h"

namespace award {
namespace {

using eventstore::InvalidField;

bool IsValidDate(const v1::Date& date) {
  if (date.year() < 1900 || date.year() > 9999) return false;
  const absl::CivilDay day(date.year(), date.month(), date.day());
  return day.month() == date.month() && day.day() == date.day();
}

// The same error, with the file in front of its message.
absl::Status InSource(const absl::Status& status, absl::string_view source) {
  if (status.ok()) return status;
  absl::Status out(status.code(), absl::StrCat(source, ": ", status.message()));
  if (auto field = eventstore::ErrorField(status)) eventstore::SetErrorField(out, *field);
  return out;
}

absl::Status ValidateBallot(const v1::BallotRule& ballot, const std::string& field) {
  if (ballot.threshold_percent() < 1 || ballot.threshold_percent() > 100) {
    return InvalidField(field + ".threshold_percent", "must be from 1 to 100");
  }
  const v1::Fraction& quorum = ballot.quorum();
  if (quorum.numerator() < 1 || quorum.denominator() < quorum.numerator()) {
    return InvalidField(field + ".quorum", "must be a fraction from 1/n to 1");
  }
  return absl::OkStatus();
}

absl::Status ValidateAward(const v1::AwardRule& award, const std::string& field) {
  if (award.kind() == v1::AWARD_KIND_UNSPECIFIED) return InvalidField(field + ".kind", "missing");
  if (award.category() == v1::AWARD_CATEGORY_UNSPECIFIED) {
    return InvalidField(field + ".category", "missing");
  }
  if (award.subjects().empty()) return InvalidField(field + ".subjects", "name at least one");
  for (int subject : award.subjects()) {
    if (subject == v1::SUBJECT_TYPE_UNSPECIFIED) {
      return InvalidField(field + ".subjects", "SUBJECT_TYPE_UNSPECIFIED is not a subject");
    }
  }
  if (award.decided_by().empty()) return InvalidField(field + ".decided_by", "name at least one");
  for (int level : award.decided_by()) {
    if (level == v1::AUTHORITY_LEVEL_UNSPECIFIED) {
      return InvalidField(field + ".decided_by", "AUTHORITY_LEVEL_UNSPECIFIED is not a level");
    }
  }
  if (award.has_ballot()) AWARD_RETURN_IF_ERROR(ValidateBallot(award.ballot(), field + ".ballot"));
  for (int document : award.required_documents()) {
    if (document == v1::DOCUMENT_KIND_UNSPECIFIED) {
      return InvalidField(field + ".required_documents", "DOCUMENT_KIND_UNSPECIFIED is not a kind");
    }
  }
  if (award.bonus_coefficient_tenths() > 200) {
    return InvalidField(field + ".bonus_coefficient_tenths", "above 20.0 times the base salary");
  }
  for (const std::string& rule : award.eligibility_rules()) {
    if (!EligibilityRuleNamed(rule).has_value()) {
      return InvalidField(field + ".eligibility_rules", absl::StrCat("unknown rule '", rule, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRuleSet(const v1::RuleSet& rule_set) {
  if (rule_set.version().empty()) return InvalidField("version", "missing");
  if (!rule_set.has_effective_from() || !IsValidDate(rule_set.effective_from())) {
    return InvalidField("effective_from", "missing or not a date");
  }
  if (rule_set.awards().empty()) return InvalidField("awards", "a rule set needs award kinds");
  absl::flat_hash_set<int> kinds;
  for (int i = 0; i < rule_set.awards_size(); ++i) {
    const std::string field = absl::StrCat("awards[", i, "]");
    AWARD_RETURN_IF_ERROR(ValidateAward(rule_set.awards(i), field));
    if (!kinds.insert(rule_set.awards(i).kind()).second) {
      return InvalidField(field + ".kind", "the same kind appears twice");
    }
  }
  if (rule_set.collective_multiplier_tenths() == 0) {
    return InvalidField("collective_multiplier_tenths", "missing");
  }
  if (rule_set.household_multiplier_tenths() == 0) {
    return InvalidField("household_multiplier_tenths", "missing");
  }
  if (rule_set.multiplier_rounding() == v1::MULTIPLIER_ROUNDING_UNSPECIFIED) {
    return InvalidField("multiplier_rounding", "say how a multiplied bonus is rounded (E19)");
  }
  return absl::OkStatus();
}

absl::Status ValidateBaseSalaryTable(const v1::BaseSalaryTable& table) {
  if (table.entries().empty()) return InvalidField("entries", "the table is empty");
  for (int i = 0; i < table.entries_size(); ++i) {
    const v1::BaseSalary& entry = table.entries(i);
    const std::string field = absl::StrCat("entries[", i, "]");
    if (!entry.has_effective_from() || !IsValidDate(entry.effective_from())) {
      return InvalidField(field + ".effective_from", "missing or not a date");
    }
    if (entry.vnd_per_month() <= 0)
      return InvalidField(field + ".vnd_per_month", "must be positive");
    if (i > 0 &&
        ToCivilDay(entry.effective_from()) <= ToCivilDay(table.entries(i - 1).effective_from())) {
      return InvalidField(field + ".effective_from",
                          "entries must be in strictly rising date order");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOverride(const v1::RuleSetOverride& override_set) {
  if (override_set.authority_id().empty()) return InvalidField("authority_id", "missing");
  if (override_set.rule_set_version().empty()) return InvalidField("rule_set_version", "missing");
  if (override_set.ballots().empty()) return InvalidField("ballots", "an override needs ballots");
  for (int i = 0; i < override_set.ballots_size(); ++i) {
    const std::string field = absl::StrCat("ballots[", i, "]");
    if (override_set.ballots(i).kind() == v1::AWARD_KIND_UNSPECIFIED) {
      return InvalidField(field + ".kind", "missing");
    }
    if (!override_set.ballots(i).has_ballot()) return InvalidField(field + ".ballot", "missing");
    AWARD_RETURN_IF_ERROR(ValidateBallot(override_set.ballots(i).ballot(), field + ".ballot"));
  }
  return absl::OkStatus();
}

absl::Status ValidateHolidayCalendar(const v1::HolidayCalendar& calendar) {
  for (int i = 0; i < calendar.years_size(); ++i) {
    const int year = calendar.years(i);
    if (year < 1900 || year > 9999) {
      return InvalidField(absl::StrCat("years[", i, "]"), absl::StrCat(year, " is not a year"));
    }
    if (std::find(calendar.years().begin(), calendar.years().begin() + i, year) !=
        calendar.years().begin() + i) {
      return InvalidField(absl::StrCat("years[", i, "]"), absl::StrCat(year, " twice"));
    }
  }
  // A day of a year whose notice is not declared entered would be ignored.
  const auto in_a_year = [&](const v1::Date& day, const std::string& field) {
    if (std::find(calendar.years().begin(), calendar.years().end(), day.year()) ==
        calendar.years().end()) {
      return InvalidField(field, absl::StrCat("falls in ", day.year(),
                                              ", which is not among the calendar's years"));
    }
    return absl::OkStatus();
  };
  for (int i = 0; i < calendar.holidays_size(); ++i) {
    const std::string field = absl::StrCat("holidays[", i, "]");
    if (!IsValidDate(calendar.holidays(i))) return InvalidField(field, "not a date");
    AWARD_RETURN_IF_ERROR(in_a_year(calendar.holidays(i), field));
  }
  for (int i = 0; i < calendar.makeup_days_size(); ++i) {
    const std::string field = absl::StrCat("makeup_days[", i, "]");
    if (!IsValidDate(calendar.makeup_days(i))) return InvalidField(field, "not a date");
    AWARD_RETURN_IF_ERROR(in_a_year(calendar.makeup_days(i), field));
    const absl::Weekday weekday = absl::GetWeekday(ToCivilDay(calendar.makeup_days(i)));
    if (weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday) {
      return InvalidField(field, "a make-up day is a Saturday or a Sunday");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLegalRegimes(const v1::LegalRegimes& regimes) {
  for (int i = 0; i < regimes.regimes_size(); ++i) {
    const v1::LegalRegime& regime = regimes.regimes(i);
    const std::string field = absl::StrCat("regimes[", i, "]");
    if (!IsValidDate(regime.effective_from())) {
      return InvalidField(field + ".effective_from", "not a date");
    }
    if (i > 0 && ToCivilDay(regime.effective_from()) <=
                     ToCivilDay(regimes.regimes(i - 1).effective_from())) {
      return InvalidField(field + ".effective_from", "regimes are in date order");
    }
    if (regime.name().empty()) return InvalidField(field + ".name", "missing");
    if (regime.kinds().empty()) return InvalidField(field + ".kinds", "a regime names its kinds");
    if (regime.levels().empty()) return InvalidField(field + ".levels", "missing");
  }
  return absl::OkStatus();
}

// Collects the parser's complaints as "line:column: message".
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (first_.empty()) first_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

template <typename Message>
absl::StatusOr<Message> Parse(absl::string_view text, absl::string_view source,
                              absl::Status (*validate)(const Message&)) {
  Message message;
  ParseErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &message)) {
    return absl::InvalidArgumentError(absl::StrCat(source, ":", errors.first()));
  }
  AWARD_RETURN_IF_ERROR(InSource(validate(message), source));
  return message;
}

// The *.textproto files of `dir`, sorted.
absl::StatusOr<std::vector<std::filesystem::path>> TextprotoFiles(const std::string& dir) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("rules directory '", dir, "': ", error.message()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

absl::CivilDay ToCivilDay(const v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

v1::Date DateOf(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<absl::CivilDay> CivilDayOf(const v1::Date& date, absl::string_view field) {
  if (!IsValidDate(date)) return InvalidField(field, "not a date");
  return ToCivilDay(date);
}

absl::StatusOr<v1::RuleSet> ParseRuleSet(absl::string_view text, absl::string_view source) {
  return Parse<v1::RuleSet>(text, source, &ValidateRuleSet);
}

absl::StatusOr<v1::BaseSalaryTable> ParseBaseSalaryTable(absl::string_view text,
                                                         absl::string_view source) {
  return Parse<v1::BaseSalaryTable>(text, source, &ValidateBaseSalaryTable);
}

absl::StatusOr<v1::LegalRegimes> ParseLegalRegimes(absl::string_view text,
                                                   absl::string_view source) {
  return Parse<v1::LegalRegimes>(text, source, &ValidateLegalRegimes);
}

absl::StatusOr<v1::RuleSetOverride> ParseRuleSetOverride(absl::string_view text,
                                                         absl::string_view source) {
  return Parse<v1::RuleSetOverride>(text, source, &ValidateOverride);
}

absl::StatusOr<v1::HolidayCalendar> ParseHolidayCalendar(absl::string_view text,
                                                         absl::string_view source) {
  return Parse<v1::HolidayCalendar>(text, source, &ValidateHolidayCalendar);
}

WorkingDayCalendarOptions RuleBook::CalendarOptions() const {
  WorkingDayCalendarOptions options;
  for (const v1::Date& day : holidays_.holidays()) options.holidays.push_back(ToCivilDay(day));
  for (const v1::Date& day : holidays_.makeup_days())
    options.makeup_days.push_back(ToCivilDay(day));
  options.years.assign(holidays_.years().begin(), holidays_.years().end());
  return options;
}

absl::StatusOr<RuleBook> RuleBook::LoadDirectory(const std::string& dir,
                                                 const std::vector<std::string>& override_dirs) {
  AWARD_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, TextprotoFiles(dir));
  for (const std::string& override_dir : override_dirs) {
    AWARD_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> overrides,
                           TextprotoFiles(override_dir));
    for (const std::filesystem::path& file : overrides) {
      if (!absl::EndsWith(file.filename().string(), ".override.textproto")) {
        return absl::FailedPreconditionError(
            absl::StrCat(file.string(), ": an override directory holds only *.override.textproto"));
      }
    }
    files.insert(files.end(), overrides.begin(), overrides.end());
  }
  std::vector<v1::RuleSet> rule_sets;
  std::vector<v1::RuleSetOverride> overrides;
  std::optional<v1::BaseSalaryTable> base_salaries;
  v1::HolidayCalendar holidays;
  v1::LegalRegimes regimes;
  for (const std::filesystem::path& file : files) {
    AWARD_ASSIGN_OR_RETURN(std::string text, FileContents(file.string()));
    const std::string name = file.filename().string();
    if (name == "holidays.textproto") {
      AWARD_ASSIGN_OR_RETURN(holidays, ParseHolidayCalendar(text, file.string()));
    } else if (name == "legal-regimes.textproto") {
      AWARD_ASSIGN_OR_RETURN(regimes, ParseLegalRegimes(text, file.string()));
    } else if (name == "base-salary.textproto") {
      AWARD_ASSIGN_OR_RETURN(base_salaries, ParseBaseSalaryTable(text, file.string()));
    } else if (absl::EndsWith(name, ".override.textproto")) {
      AWARD_ASSIGN_OR_RETURN(overrides.emplace_back(), ParseRuleSetOverride(text, file.string()));
    } else {
      AWARD_ASSIGN_OR_RETURN(rule_sets.emplace_back(), ParseRuleSet(text, file.string()));
    }
  }
  if (!base_salaries.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("rules directory '", dir, "' has no base-salary.textproto"));
  }
  absl::StatusOr<RuleBook> book =
      Create(std::move(rule_sets), *std::move(base_salaries), std::move(overrides));
  if (!book.ok()) return InSource(book.status(), dir);
  book->holidays_ = std::move(holidays);
  book->regimes_ = std::move(regimes);
  return book;
}

absl::StatusOr<RuleBook> RuleBook::Create(std::vector<v1::RuleSet> rule_sets,
                                          v1::BaseSalaryTable base_salaries,
                                          std::vector<v1::RuleSetOverride> overrides) {
  if (rule_sets.empty()) return absl::FailedPreconditionError("no rule set");
  for (const v1::RuleSet& rule_set : rule_sets) AWARD_RETURN_IF_ERROR(ValidateRuleSet(rule_set));
  AWARD_RETURN_IF_ERROR(ValidateBaseSalaryTable(base_salaries));
  std::sort(rule_sets.begin(), rule_sets.end(), [](const v1::RuleSet& a, const v1::RuleSet& b) {
    return ToCivilDay(a.effective_from()) < ToCivilDay(b.effective_from());
  });
  for (size_t i = 1; i < rule_sets.size(); ++i) {
    if (ToCivilDay(rule_sets[i].effective_from()) ==
        ToCivilDay(rule_sets[i - 1].effective_from())) {
      return absl::FailedPreconditionError(absl::StrCat("rule sets '", rule_sets[i - 1].version(),
                                                        "' and '", rule_sets[i].version(),
                                                        "' take effect on the same day"));
    }
  }
  absl::flat_hash_set<std::string> versions;
  for (const v1::RuleSet& rule_set : rule_sets) {
    if (!versions.insert(rule_set.version()).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("rule set version '", rule_set.version(), "' appears twice"));
    }
  }
  RuleBook book;
  book.rule_sets_ = std::move(rule_sets);
  book.base_salaries_ = std::move(base_salaries);
  absl::flat_hash_set<std::string> overridden;
  for (const v1::RuleSetOverride& override_set : overrides) {
    AWARD_RETURN_IF_ERROR(ValidateOverride(override_set));
    const auto target = std::find_if(
        book.rule_sets_.begin(), book.rule_sets_.end(),
        [&](const v1::RuleSet& r) { return r.version() == override_set.rule_set_version(); });
    if (target == book.rule_sets_.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the override of '", override_set.authority_id(),
                       "' amends unknown rule set '", override_set.rule_set_version(), "'"));
    }
    for (const v1::BallotOverride& ballot : override_set.ballots()) {
      AWARD_RETURN_IF_ERROR(FindAward(*target, ballot.kind()).status());
      if (!overridden
               .insert(absl::StrCat(override_set.authority_id(), "/",
                                    override_set.rule_set_version(), "/", ballot.kind()))
               .second) {
        return absl::FailedPreconditionError(
            absl::StrCat("authority '", override_set.authority_id(), "' overrides ",
                         v1::AwardKind_Name(ballot.kind()), " twice"));
      }
    }
  }
  book.overrides_ = std::move(overrides);
  return book;
}

absl::StatusOr<const v1::RuleSet*> RuleBook::ForDossierReceived(absl::CivilDay day) const {
  const v1::RuleSet* found = nullptr;
  for (const v1::RuleSet& rule_set : rule_sets_) {
    if (ToCivilDay(rule_set.effective_from()) <= day) found = &rule_set;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no rule set covers dossiers received on ", absl::FormatCivilTime(day)));
  }
  return found;
}

absl::StatusOr<const v1::RuleSet*> RuleBook::ByVersion(absl::string_view version) const {
  for (const v1::RuleSet& rule_set : rule_sets_) {
    if (rule_set.version() == version) return &rule_set;
  }
  return absl::NotFoundError(absl::StrCat("no rule set '", version, "'"));
}

absl::StatusOr<const v1::AwardRule*> RuleBook::FindAward(const v1::RuleSet& rule_set,
                                                         v1::AwardKind kind) {
  for (const v1::AwardRule& award : rule_set.awards()) {
    if (award.kind() == kind) return &award;
  }
  const std::string& name = v1::AwardKind_Name(kind);
  return absl::NotFoundError(absl::StrCat("rule set '", rule_set.version(), "' has no ",
                                          name.empty() ? absl::StrCat("award kind ", kind) : name));
}

bool RuleBook::BallotFor(const v1::RuleSet& rule_set, v1::AwardKind kind,
                         absl::string_view authority_id, v1::BallotRule& ballot) const {
  for (const v1::RuleSetOverride& override_set : overrides_) {
    if (override_set.authority_id() != authority_id ||
        override_set.rule_set_version() != rule_set.version()) {
      continue;
    }
    for (const v1::BallotOverride& entry : override_set.ballots()) {
      if (entry.kind() == kind) {
        ballot = entry.ballot();
        return true;
      }
    }
  }
  absl::StatusOr<const v1::AwardRule*> award = FindAward(rule_set, kind);
  if (!award.ok() || !(*award)->has_ballot()) return false;
  ballot = (*award)->ballot();
  return true;
}

absl::StatusOr<const v1::LegalRegime*> RuleBook::RegimeOn(absl::CivilDay day) const {
  const v1::LegalRegime* in_force = nullptr;
  for (const v1::LegalRegime& regime : regimes_.regimes()) {
    if (ToCivilDay(regime.effective_from()) <= day) in_force = &regime;
  }
  if (in_force == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no legal regime is entered for ", absl::FormatCivilTime(day),
        regimes_.regimes().empty() ? std::string(" (the rules have no legal-regimes.textproto)")
                                   : absl::StrCat("; the earliest starts on ",
                                                  absl::FormatCivilTime(ToCivilDay(
                                                      regimes_.regimes(0).effective_from())))));
  }
  return in_force;
}

absl::StatusOr<int64_t> RuleBook::BaseSalaryOn(absl::CivilDay day) const {
  std::optional<int64_t> amount;
  for (const v1::BaseSalary& entry : base_salaries_.entries()) {
    if (ToCivilDay(entry.effective_from()) <= day) amount = entry.vnd_per_month();
  }
  if (!amount.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no base salary is known for ", absl::FormatCivilTime(day)));
  }
  return *amount;
}

}  // namespace award

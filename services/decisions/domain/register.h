// The register of an authority's decision numbers for a calendar year (sổ
// đăng ký, stream register-<authority_id>-<year>): numbers from 1 on 1
// January, each once, in order, with no gap (D30 Art 15, R21). A number is
// taken in the same atomic append as the decision's own DecisionIssued, with
// the register's version as the expected one: of two clerks numbering at once
// exactly one gets each number, and a failed issue consumes none. A decision
// recorded from paper keeps the number it bears, wherever it falls; the
// platform's numbers go on after the highest number taken.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_REGISTER_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_REGISTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "award/v1/decisions.pb.h"
#include "eventstore/event.h"

namespace award::decisions {

struct DecisionRegister {
  uint32_t last_number = 0;  // the highest number taken, on paper or here
  absl::CivilDay last_decision_date = absl::CivilDay(1900, 1, 1);
  std::vector<v1::DecisionNumbered> entries;
};

struct RegisterAggregate {
  using State = DecisionRegister;
  // DATA_LOSS for a number that is not the next one.
  static absl::Status Evolve(DecisionRegister& book, const eventstore::RecordedEvent& event);
};

std::string RegisterStream(absl::string_view authority_id, int year);

// The entry holding `number`, or nullptr when it is free.
const v1::DecisionNumbered* EntryWithNumber(const DecisionRegister& book, uint32_t number);

// "12/QĐ-UBND".
std::string NumberText(uint32_t number, absl::string_view symbol);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_REGISTER_H_

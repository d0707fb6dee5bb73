#include "services/decisions/domain/register.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/event_appliers.h"
#include "services/common/rule_book.h"

namespace award::decisions {

namespace {

absl::Status ApplyNumbered(DecisionRegister& book, v1::DecisionNumbered&& numbered,
                           const eventstore::RecordedEvent& event) {
  if (numbered.from_paper()) {
    if (numbered.number() == 0 || EntryWithNumber(book, numbered.number()) != nullptr) {
      return absl::DataLossError(absl::StrCat("register ", event.stream, " gives number ",
                                              numbered.number(), " twice or none"));
    }
    // Paper dates do not order the platform's numbers: only the number counts.
    book.last_number = std::max(book.last_number, numbered.number());
    book.entries.push_back(std::move(numbered));
    return absl::OkStatus();
  }
  if (numbered.number() != book.last_number + 1) {
    return absl::DataLossError(absl::StrCat("register ", event.stream, " gives number ",
                                            numbered.number(), " after ", book.last_number));
  }
  book.last_number = numbered.number();
  book.last_decision_date = ToCivilDay(numbered.decision_date());
  book.entries.push_back(std::move(numbered));
  return absl::OkStatus();
}

const EventAppliers<DecisionRegister>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<DecisionRegister>("register"))->On<v1::DecisionNumbered>(ApplyNumbered);
  return *appliers;
}

}  // namespace

absl::Status RegisterAggregate::Evolve(DecisionRegister& book,
                                       const eventstore::RecordedEvent& event) {
  return Appliers().Apply(book, event);
}

std::string RegisterStream(absl::string_view authority_id, int year) {
  return absl::StrCat("register-", authority_id, "-", year);
}

const v1::DecisionNumbered* EntryWithNumber(const DecisionRegister& book, uint32_t number) {
  for (const v1::DecisionNumbered& entry : book.entries) {
    if (entry.number() == number) return &entry;
  }
  return nullptr;
}

std::string NumberText(uint32_t number, absl::string_view symbol) {
  return absl::StrCat(number, "/", symbol);
}

}  // namespace award::decisions

// Values of the award.v1 API that service tests build again and again.
#ifndef AWARD_TESTS_SUPPORT_API_VALUES_H_
#define AWARD_TESTS_SUPPORT_API_VALUES_H_

#include <string>

#include "absl/time/civil_time.h"
#include "award/v1/authorities.pb.h"
#include "award/v1/common.pb.h"
#include "services/common/rule_book.h"

namespace award::testing {

// The API's date of a calendar day.
inline v1::Date Day(int year, int month, int day) {
  return DateOf(absl::CivilDay(year, month, day));
}

// A command's meta: who acts, the request id, and a business flow named after it.
inline v1::CommandMeta Meta(const std::string& request_id, const std::string& actor) {
  v1::CommandMeta meta;
  meta.set_actor(actor);
  meta.set_request_id(request_id);
  meta.set_correlation_id("flow-" + request_id);
  return meta;
}

// An authority's entry in the registry, deciding under the symbol QĐ-UBND
// from `established_on`.
inline v1::AuthorityRegistered AuthorityEntry(const std::string& id, const std::string& name,
                                              v1::AuthorityLevel level, const std::string& parent,
                                              const v1::Date& established_on) {
  v1::AuthorityRegistered authority;
  authority.set_authority_id(id);
  authority.set_name(name);
  authority.set_level(level);
  authority.set_parent_id(parent);
  authority.set_decision_symbol("QĐ-UBND");
  *authority.mutable_established_on() = established_on;
  return authority;
}

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_API_VALUES_H_

// A revocation as service tests ask for it: one nomination's award, on false
// documents that an inspection's conclusion established, on 2026-03-02.
#ifndef AWARD_TESTS_SUPPORT_REVOCATION_REQUEST_H_
#define AWARD_TESTS_SUPPORT_REVOCATION_REQUEST_H_

#include <string>

#include "award/v1/decisions_service.pb.h"
#include "tests/support/api_values.h"

namespace award::testing {

inline v1::RevokeDecisionRequest FalseDocumentsRevocation(const v1::CommandMeta& meta,
                                                          const std::string& decision_id,
                                                          const std::string& authority_id,
                                                          const std::string& nomination_id,
                                                          const std::string& reason) {
  v1::RevokeDecisionRequest revoke;
  *revoke.mutable_meta() = meta;
  revoke.set_decision_id(decision_id);
  revoke.set_authority_id(authority_id);
  revoke.add_nomination_ids(nomination_id);
  revoke.set_ground(v1::REVOCATION_GROUND_FALSE_DOCS);
  revoke.mutable_establishing_document()->set_title("Kết luận thanh tra số 5/KL-TTr");
  revoke.mutable_establishing_document()->set_sha256(std::string(32, 'k'));
  *revoke.mutable_revoked_on() = Day(2026, 3, 2);
  revoke.set_reason(reason);
  return revoke;
}

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_REVOCATION_REQUEST_H_

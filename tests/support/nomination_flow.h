// The steps of a nomination's life that many service tests take through
// award.v1.Nominations on a real server: an authority registered, a dossier
// attached, submitted and appraised. Failures are test failures (gtest).
#ifndef AWARD_TESTS_SUPPORT_NOMINATION_FLOW_H_
#define AWARD_TESTS_SUPPORT_NOMINATION_FLOW_H_

#include <string>
#include <vector>

#include "award/v1/nominations_service.grpc.pb.h"

namespace award::testing {

// Decision symbol "QĐ-UBND", established 2000-01-01; request id "register-<id>".
void RegisterAuthority(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
                       const std::string& id, const std::string& name, v1::AuthorityLevel level,
                       const std::string& parent);

// One document of each kind (titled by the kind, contents 'a', 'b', ...),
// then submitted as received on `received_on`, then appraised as passing.
// Request ids are derived from the nomination id.
void AttachSubmitAndAppraise(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
                             const std::string& nomination_id,
                             const std::vector<v1::DocumentKind>& documents,
                             const v1::Date& received_on);

// Appraised as passing; request id "appraise-<id>".
void Appraise(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
              const std::string& nomination_id);

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_NOMINATION_FLOW_H_

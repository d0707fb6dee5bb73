// The decision as the public reads it (quyết định khen thưởng), rendered in
// Vietnamese Markdown from the decision's events alone: authority, number,
// date, the awardees with their units, titles and amounts, the total, the
// rules and base salary used, and the signer. The same events always render
// the same bytes, so the SHA-256 stored in DecisionIssued lets anyone check a
// copy later.
#ifndef AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_DOCUMENT_H_
#define AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_DOCUMENT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "award/v1/decisions.pb.h"

namespace award::decisions {

std::string RenderDecision(const v1::DecisionDrafted& drafted, absl::string_view number_text);

}  // namespace award::decisions

#endif  // AWARD_SERVICES_DECISIONS_DOMAIN_DECISION_DOCUMENT_H_

// awardctl demo: a realistic year of one commune (xã Tân Lập of the fictional
// tỉnh Lâm Sơn) seeded into a running platform through the client, as its
// clerks, appraisers, council and chair would record it:
//   - the authorities: the province, three communes founded by the 2025
//     reform, and a district dissolved on 2025-07-01 (R2);
//   - the commune's 14-member council (a chair, three vice-chairs, ten
//     members) and its emulation campaign for 2025;
//   - about 200 nominations for Giấy khen, Lao động tiên tiến, Chiến sĩ thi đua
//     cơ sở and Tập thể lao động tiên tiến, each with its dossier; some refused
//     at submission by a rule (R3, R9) and withdrawn, some failed at appraisal;
//   - a council meeting with a quorum and secret ballots cast concurrently,
//     tallied against the commune's ballot rule (rules/demo);
//   - five numbered decisions with their money, and one revocation;
// then prints the year's statistics table. Every request id is fixed, so a
// second run records nothing new and prints the same table.
//
// The commune's council votes only under its ballot rule, which the platform
// must load: awardd --rule_overrides=rules/demo (scripts/run.sh does).
#ifndef AWARD_TOOLS_AWARDCTL_DEMO_H_
#define AWARD_TOOLS_AWARDCTL_DEMO_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "tools/awardctl/platform_client.h"

namespace award::ctl {

// The commune the demo is about.
inline constexpr char kDemoCommune[] = "ubnd-xa-tan-lap";

absl::Status SeedDemoYear(const PlatformClient& client, const std::string& actor,
                          std::ostream& out);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_DEMO_H_

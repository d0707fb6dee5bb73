// Responses for people, in Vietnamese: one "Nhãn: giá trị" line per field
// that is set, nested messages indented under their label, repeated messages
// as tables, dates as dd/mm/yyyy, money as "2.340.000 đ", times in Vietnam's
// time, enums by their Vietnamese names (vietnamese_labels.h). Long texts
// (minutes, decision documents) follow the fields as they are. The statistics
// table is drawn as a grid of award kinds by year.
#ifndef AWARD_TOOLS_AWARDCTL_RENDER_TEXT_H_
#define AWARD_TOOLS_AWARDCTL_RENDER_TEXT_H_

#include <string>

#include "google/protobuf/message.h"

namespace award::ctl {

std::string RenderText(const google::protobuf::Message& message);

// "2.340.000 đ"
std::string FormatVnd(int64_t amount);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_RENDER_TEXT_H_

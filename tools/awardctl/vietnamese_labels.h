// The Vietnamese words awardctl shows for the platform's fields and enum
// values: "Số quyết định" for number_text, "Chiến sĩ thi đua cơ sở" for
// AWARD_KIND_CSTD_CO_SO. A test holds the tables complete for every message
// an awardctl subcommand sends or receives.
#ifndef AWARD_TOOLS_AWARDCTL_VIETNAMESE_LABELS_H_
#define AWARD_TOOLS_AWARDCTL_VIETNAMESE_LABELS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace award::ctl {

// The label of a field: by "<Message>.<field>" where one name means different
// things in different messages, else by the field's name. Empty when unknown.
absl::string_view KnownFieldLabel(const google::protobuf::FieldDescriptor& field);
// The known label, or the field's name.
std::string FieldLabel(const google::protobuf::FieldDescriptor& field);

// The label of an enum value, by its full name (unique in its package).
// Empty when unknown; every *_UNSPECIFIED value reads "chưa xác định".
absl::string_view KnownEnumLabel(const google::protobuf::EnumValueDescriptor& value);
// The known label, or the value's name without its enum's prefix.
std::string EnumLabel(const google::protobuf::EnumValueDescriptor& value);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_VIETNAMESE_LABELS_H_

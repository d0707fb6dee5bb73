// Requests from the command line: awardctl builds any RPC's request from
// flags named by field paths, by protobuf reflection, so every field of every
// request can be given without code per RPC.
//
//   --request='{"draft": {...}}'     the whole request as proto3 JSON, taken first
//   --request_file=PATH              the same from a file
//   --draft.nominee.full_name=...    one field by its path (proto field names)
//   --nomination_ids=a --nomination_ids=b   a repeated field: one value per flag
//   --items[0].nomination_id=...     a field of an element of a repeated message
//
// Values: enums by name with or without their type's prefix, in any case
// (`--kind=cstd_co_so`); dates as YYYY-MM-DD; booleans as true/false, or the
// bare flag for true; bytes as hex, and SHA-256 fields also as @FILE (the
// SHA-256 of that file's content).
#ifndef AWARD_TOOLS_AWARDCTL_REQUEST_FLAGS_H_
#define AWARD_TOOLS_AWARDCTL_REQUEST_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace award::ctl {

// INVALID_ARGUMENT naming the flag when an argument is not a flag of the
// request, or its value does not fit the field.
absl::Status FillRequest(const std::vector<std::string>& args, google::protobuf::Message& request);

// Sets one field, by its path, from its text.
absl::Status SetFieldFromText(google::protobuf::Message& message, absl::string_view path,
                              absl::string_view value);

// One line per flag the request takes: "--path=<type>  label".
std::vector<std::string> RequestFlagHelp(const google::protobuf::Descriptor& request);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_REQUEST_FLAGS_H_

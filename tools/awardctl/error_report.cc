#include "tools/awardctl/error_report.h"

#include <algorithm>
#include <optional>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventstore/errors.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace award::ctl {

std::vector<std::string> CitedRules(const std::string& reason) {
  static const std::regex kRule("\\bR[0-9]{1,2}(?=:)");
  std::vector<std::string> rules;
  for (auto it = std::sregex_iterator(reason.begin(), reason.end(), kRule);
       it != std::sregex_iterator(); ++it) {
    if (std::find(rules.begin(), rules.end(), it->str()) == rules.end()) rules.push_back(it->str());
  }
  return rules;
}

std::string ErrorText(const absl::Status& status) {
  const std::string reason(status.message());
  std::string text = absl::StrCat("lỗi: ", absl::StatusCodeToString(status.code()), "\n");
  if (const std::vector<std::string> rules = CitedRules(reason); !rules.empty()) {
    absl::StrAppend(&text, "quy tắc: ", absl::StrJoin(rules, ", "), "\n");
  }
  if (const std::optional<std::string> field = eventstore::ErrorField(status)) {
    absl::StrAppend(&text, "trường: ", *field, "\n");
  }
  absl::StrAppend(&text, "lý do: ", reason, "\n");
  return text;
}

std::string ErrorJson(const absl::Status& status) {
  const std::string reason(status.message());
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(absl::StatusCodeToString(status.code()));
  google::protobuf::ListValue& rules = *fields["rules"].mutable_list_value();
  for (const std::string& rule : CitedRules(reason)) rules.add_values()->set_string_value(rule);
  if (const std::optional<std::string> field = eventstore::ErrorField(status)) {
    fields["field"].set_string_value(*field);
  }
  fields["message"].set_string_value(reason);
  std::string line;
  // A Struct of strings always prints; were it not to, the error is still
  // reported, as text.
  if (!google::protobuf::util::MessageToJsonString(error, &line).ok()) return ErrorText(status);
  return line;
}

}  // namespace award::ctl

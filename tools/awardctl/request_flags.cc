#include "tools/awardctl/request_flags.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "base/file_contents.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "eventstore/sha256.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "tools/awardctl/vietnamese_labels.h"

namespace award::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr absl::string_view kDate = "award.v1.Date";

absl::Status Bad(absl::string_view path, absl::string_view problem) {
  return eventstore::InvalidField(path, problem);
}

// "items[2]" -> ("items", 2); "items" -> ("items", -1).
absl::StatusOr<std::pair<std::string, int>> Segment(absl::string_view path,
                                                    absl::string_view segment) {
  const size_t open = segment.find('[');
  if (open == absl::string_view::npos) return std::make_pair(std::string(segment), -1);
  int index = -1;
  if (!absl::EndsWith(segment, "]") ||
      !absl::SimpleAtoi(segment.substr(open + 1, segment.size() - open - 2), &index) || index < 0) {
    return Bad(path, "an index is written [0], [1], ...");
  }
  return std::make_pair(std::string(segment.substr(0, open)), index);
}

// The enum's common prefix: "AWARD_KIND_" for AwardKind, from its zero value.
std::string EnumPrefix(const EnumDescriptor& type) {
  const std::string& zero = type.value(0)->name();
  return absl::EndsWith(zero, "UNSPECIFIED") ? zero.substr(0, zero.size() - 11) : "";
}

// The values one may give, without the prefix: "LAO_DONG_TIEN_TIEN, ...".
std::string EnumNames(const EnumDescriptor& type) {
  const std::string prefix = EnumPrefix(type);
  std::vector<std::string> names;
  for (int i = 1; i < type.value_count(); ++i) {
    names.push_back(type.value(i)->name().substr(prefix.size()));
  }
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<const EnumValueDescriptor*> ParseEnum(absl::string_view path,
                                                     const EnumDescriptor& type,
                                                     absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  for (const std::string& name : {upper, EnumPrefix(type) + upper}) {
    if (const EnumValueDescriptor* value = type.FindValueByName(name); value != nullptr) {
      return value;
    }
  }
  return Bad(path, absl::StrCat("'", text, "' is not one of ", EnumNames(type)));
}

absl::StatusOr<std::string> ReadWholeFile(absl::string_view path, absl::string_view file) {
  absl::StatusOr<std::string> contents = FileContents(std::string(file));
  if (!contents.ok()) return Bad(path, contents.status().message());
  return contents;
}

absl::StatusOr<std::string> ParseBytes(absl::string_view path, const FieldDescriptor& field,
                                       absl::string_view text) {
  const bool sha256 = absl::EndsWith(field.name(), "sha256");
  if (sha256 && absl::StartsWith(text, "@")) {
    AWARD_ASSIGN_OR_RETURN(std::string contents, ReadWholeFile(path, text.substr(1)));
    return std::string(eventstore::HashBytes(eventstore::Sha256({contents})));
  }
  const bool hex = text.size() % 2 == 0 && std::all_of(text.begin(), text.end(), [](char c) {
                     return absl::ascii_isxdigit(static_cast<unsigned char>(c));
                   });
  if (!hex) {
    return Bad(path, sha256 ? "give 64 hex digits, or @FILE for the SHA-256 of a file"
                            : "give the bytes in hex");
  }
  std::string bytes = absl::HexStringToBytes(text);
  if (sha256 && bytes.size() != 32) return Bad(path, "a SHA-256 is 64 hex digits");
  return bytes;
}

absl::Status ParseDate(absl::string_view path, absl::string_view text, Message& date) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return Bad(path, "a date is written YYYY-MM-DD");
  const Descriptor& type = *date.GetDescriptor();
  const Reflection& reflection = *date.GetReflection();
  reflection.SetInt32(&date, type.FindFieldByName("year"), static_cast<int32_t>(day.year()));
  reflection.SetInt32(&date, type.FindFieldByName("month"), day.month());
  reflection.SetInt32(&date, type.FindFieldByName("day"), day.day());
  return absl::OkStatus();
}

template <typename Int>
absl::StatusOr<Int> ParseInt(absl::string_view path, absl::string_view text) {
  Int value{};
  if (!absl::SimpleAtoi(text, &value)) {
    return Bad(path, absl::StrCat("'", text, "' is not a whole number in range"));
  }
  return value;
}

absl::StatusOr<bool> ParseBool(absl::string_view path, absl::string_view text) {
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return Bad(path, "give true or false");
}

// Sets (or, for a repeated field without an index, appends) a scalar value.
absl::Status SetScalar(absl::string_view path, Message& message, const FieldDescriptor& field,
                       int index, absl::string_view text) {
  const Reflection& r = *message.GetReflection();
  const bool append = field.is_repeated() && (index < 0 || index == r.FieldSize(message, &field));
  if (field.is_repeated() && !append && index > r.FieldSize(message, &field)) {
    return Bad(path, absl::StrCat("set [", r.FieldSize(message, &field), "] first"));
  }
  // One call per type, choosing between Set, SetRepeated and Add.
#define AWARD_SET(Type, value)                           \
  if (!field.is_repeated()) {                            \
    r.Set##Type(&message, &field, value);                \
  } else if (append) {                                   \
    r.Add##Type(&message, &field, value);                \
  } else {                                               \
    r.SetRepeated##Type(&message, &field, index, value); \
  }                                                      \
  return absl::OkStatus()
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        AWARD_ASSIGN_OR_RETURN(std::string bytes, ParseBytes(path, field, text));
        AWARD_SET(String, bytes);
      }
      AWARD_SET(String, std::string(text));
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      AWARD_ASSIGN_OR_RETURN(int32_t value, ParseInt<int32_t>(path, text));
      AWARD_SET(Int32, value);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      AWARD_ASSIGN_OR_RETURN(int64_t value, ParseInt<int64_t>(path, text));
      AWARD_SET(Int64, value);
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      AWARD_ASSIGN_OR_RETURN(uint32_t value, ParseInt<uint32_t>(path, text));
      AWARD_SET(UInt32, value);
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      AWARD_ASSIGN_OR_RETURN(uint64_t value, ParseInt<uint64_t>(path, text));
      AWARD_SET(UInt64, value);
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      AWARD_ASSIGN_OR_RETURN(bool value, ParseBool(path, text));
      AWARD_SET(Bool, value);
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      AWARD_ASSIGN_OR_RETURN(const EnumValueDescriptor* value,
                             ParseEnum(path, *field.enum_type(), text));
      AWARD_SET(Enum, value);
    }
    default:
      return Bad(path, "this field cannot be given as a flag; use --request");
  }
#undef AWARD_SET
}

// The message at `field[index]` of `message` (appended when index is the size).
absl::StatusOr<Message*> SubMessage(absl::string_view path, Message& message,
                                    const FieldDescriptor& field, int index) {
  const Reflection& r = *message.GetReflection();
  if (!field.is_repeated()) {
    if (index >= 0) return Bad(path, absl::StrCat(field.name(), " is not repeated"));
    return r.MutableMessage(&message, &field);
  }
  const int size = r.FieldSize(message, &field);
  if (index < 0)
    return Bad(path,
               absl::StrCat(field.name(), " is repeated: say which, e.g. ", field.name(), "[0]"));
  if (index > size) return Bad(path, absl::StrCat("set ", field.name(), "[", size, "] first"));
  if (index == size) return r.AddMessage(&message, &field);
  return r.MutableRepeatedMessage(&message, &field, index);
}

void HelpLines(const Descriptor& type, const std::string& prefix, int depth,
               std::vector<std::string>& lines) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    std::string path = prefix + field.name();
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        field.message_type()->full_name() != kDate) {
      if (depth < 4) {
        HelpLines(*field.message_type(), path + (field.is_repeated() ? "[i]." : "."), depth + 1,
                  lines);
      }
      continue;
    }
    std::string kind;
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      kind = "YYYY-MM-DD";
    } else if (field.cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      kind = absl::StrCat(field.enum_type()->name(), ": ", EnumNames(*field.enum_type()));
    } else if (field.type() == FieldDescriptor::TYPE_BYTES) {
      kind = absl::EndsWith(field.name(), "sha256") ? "hex|@FILE" : "hex";
    } else {
      kind = field.cpp_type_name();
    }
    lines.push_back(absl::StrFormat("  %-44s %s",
                                    absl::StrCat("--", path, field.is_repeated() ? " ..." : ""),
                                    absl::StrCat(FieldLabel(field), " <", kind, ">")));
  }
}

}  // namespace

absl::Status SetFieldFromText(Message& message, absl::string_view path, absl::string_view value) {
  Message* current = &message;
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  for (size_t i = 0; i < segments.size(); ++i) {
    AWARD_ASSIGN_OR_RETURN(auto segment, Segment(path, segments[i]));
    const Descriptor& type = *current->GetDescriptor();
    const FieldDescriptor* field = type.FindFieldByName(segment.first);
    if (field == nullptr) {
      return Bad(path, absl::StrCat(type.name(), " has no field '", segment.first, "'"));
    }
    const bool last = i + 1 == segments.size();
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!last) return Bad(path, absl::StrCat(segment.first, " has no fields"));
      if (!field->is_repeated() && segment.second >= 0) {
        return Bad(path, absl::StrCat(segment.first, " is not repeated"));
      }
      return SetScalar(path, *current, *field, segment.second, value);
    }
    const bool date = field->message_type()->full_name() == kDate;
    if (last && !date) {
      return Bad(path, absl::StrCat("give the fields of ", field->message_type()->name(),
                                    ", e.g. --", path, ".<field>"));
    }
    int index = segment.second;
    if (last && field->is_repeated() && index < 0)
      index = current->GetReflection()->FieldSize(*current, field);
    AWARD_ASSIGN_OR_RETURN(current, SubMessage(path, *current, *field, index));
    if (last) return ParseDate(path, value, *current);
  }
  return absl::OkStatus();
}

absl::Status FillRequest(const std::vector<std::string>& args, Message& request) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const std::string& arg : args) {
    if (!absl::StartsWith(arg, "--")) {
      return Bad(arg, "arguments are flags: --field=value (see --help)");
    }
    const size_t equals = arg.find('=');
    std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    std::string value = equals == std::string::npos ? "true" : arg.substr(equals + 1);
    if (name == "request" || name == "request_file") {
      std::string json = value;
      if (name == "request_file") {
        AWARD_ASSIGN_OR_RETURN(json, ReadWholeFile(name, value));
      }
      google::protobuf::util::JsonParseOptions options;
      const auto parsed = google::protobuf::util::JsonStringToMessage(json, &request, options);
      if (!parsed.ok()) {
        return Bad(name, absl::StrCat("not a JSON ", request.GetDescriptor()->name(), ": ",
                                      std::string(parsed.message())));
      }
      continue;
    }
    fields.emplace_back(std::move(name), std::move(value));
  }
  for (const auto& [path, value] : fields) {
    AWARD_RETURN_IF_ERROR(SetFieldFromText(request, path, value));
  }
  return absl::OkStatus();
}

std::vector<std::string> RequestFlagHelp(const Descriptor& request) {
  std::vector<std::string> lines;
  HelpLines(request, "", 0, lines);
  return lines;
}

}  // namespace award::ctl

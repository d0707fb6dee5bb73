#include "tools/awardctl/render_text.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "award/v1/query_service.pb.h"
#include "google/protobuf/descriptor.h"
#include "tools/awardctl/vietnamese_labels.h"

namespace award::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Columns of text on a terminal: a code point each, combining marks none.
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t code = 0;
    if (length == 2 && i + 1 < text.size()) {
      code = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
    }
    if (code < 0x300 || code > 0x36F) ++width;
    i += length;
  }
  return width;
}

std::string Pad(const std::string& text, size_t width) {
  const size_t have = DisplayWidth(text);
  return have >= width ? text : text + std::string(width - have, ' ');
}

std::string TwoDigits(int value) { return absl::StrFormat("%02d", value); }

// Messages shown as one value rather than as fields.
bool IsValueType(const Descriptor& type) {
  const std::string& name = type.full_name();
  return name == "award.v1.Date" || name == "award.v1.Fraction" ||
         name == "award.v1.AchievementPeriod" || name == "google.protobuf.Timestamp";
}

std::string VietnamTime(absl::Time time) {
  return absl::FormatTime("%d/%m/%Y %H:%M:%S", time, absl::FixedTimeZone(7 * 60 * 60));
}

std::string FormatValueMessage(const Message& message) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  auto int_field = [&](const char* name) -> int64_t {
    const FieldDescriptor* field = type.FindFieldByName(name);
    return field->cpp_type() == FieldDescriptor::CPPTYPE_INT64    ? r.GetInt64(message, field)
           : field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ? r.GetUInt32(message, field)
                                                                  : r.GetInt32(message, field);
  };
  const std::string& name = type.full_name();
  if (name == "award.v1.Date") {
    if (int_field("year") == 0) return "";
    return absl::StrCat(TwoDigits(static_cast<int>(int_field("day"))), "/",
                        TwoDigits(static_cast<int>(int_field("month"))), "/", int_field("year"));
  }
  if (name == "award.v1.Fraction") {
    return absl::StrCat(int_field("numerator"), "/", int_field("denominator"));
  }
  if (name == "google.protobuf.Timestamp") {
    return VietnamTime(absl::FromUnixSeconds(int_field("seconds")) +
                       absl::Nanoseconds(int_field("nanos")));
  }
  // AchievementPeriod: a year, a school year, or a range of dates.
  const FieldDescriptor* year = type.FindFieldByName("year");
  const FieldDescriptor* school = type.FindFieldByName("school_year_start");
  const FieldDescriptor* range = type.FindFieldByName("range");
  if (r.HasField(message, year)) return absl::StrCat(r.GetInt32(message, year));
  if (r.HasField(message, school)) {
    const int start = r.GetInt32(message, school);
    return absl::StrCat("năm học ", start, "-", start + 1);
  }
  if (r.HasField(message, range)) {
    const Message& dates = r.GetMessage(message, range);
    const Descriptor& range_type = *dates.GetDescriptor();
    return absl::StrCat(FormatValueMessage(dates.GetReflection()->GetMessage(
                            dates, range_type.FindFieldByName("from"))),
                        " - ",
                        FormatValueMessage(dates.GetReflection()->GetMessage(
                            dates, range_type.FindFieldByName("to"))));
  }
  return "";
}

// The value of a singular scalar or value-type field, or of element `index`
// of a repeated one.
std::string FormatValue(const Message& message, const FieldDescriptor& field, int index) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& value =
          repeated ? r.GetRepeatedMessage(message, &field, index) : r.GetMessage(message, &field);
      return FormatValueMessage(value);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string value =
          repeated ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
      return field.type() == FieldDescriptor::TYPE_BYTES ? absl::BytesToHexString(value) : value;
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumLabel(repeated ? *r.GetRepeatedEnum(message, &field, index)
                                : *r.GetEnum(message, &field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (repeated ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field))
                 ? "có"
                 : "không";
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t value =
          repeated ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field);
      if (absl::EndsWith(field.name(), "_vnd")) return FormatVnd(value);
      if (absl::EndsWith(field.name(), "unix_micros")) {
        return VietnamTime(absl::FromUnixMicros(value));
      }
      return absl::StrCat(value);
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t value =
          repeated ? r.GetRepeatedUInt32(message, &field, index) : r.GetUInt32(message, &field);
      if (absl::EndsWith(field.name(), "_tenths")) {
        return value % 10 == 0 ? absl::StrCat(value / 10)
                               : absl::StrCat(value / 10, ",", value % 10);
      }
      return absl::StrCat(value);
    }
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(repeated ? r.GetRepeatedInt32(message, &field, index)
                                   : r.GetInt32(message, &field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(repeated ? r.GetRepeatedUInt64(message, &field, index)
                                   : r.GetUInt64(message, &field));
    default:
      return "";
  }
}

bool IsSet(const Message& message, const FieldDescriptor& field) {
  const Reflection& r = *message.GetReflection();
  return field.is_repeated() ? r.FieldSize(message, &field) > 0 : r.HasField(message, &field);
}

std::vector<const FieldDescriptor*> SetFields(const Message& message) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);  // in field-number order
  return fields;
}

// A cell of a table: a scalar, a value type, a list of them, or the scalars of
// each element of a repeated message.
std::string Cell(const Message& message, const FieldDescriptor& field) {
  const Reflection& r = *message.GetReflection();
  if (!field.is_repeated()) {
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        IsValueType(*field.message_type())) {
      return FormatValue(message, field, -1);
    }
    std::vector<std::string> parts;
    const Message& nested = r.GetMessage(message, &field);
    for (const FieldDescriptor* sub : SetFields(nested)) {
      parts.push_back(absl::StrCat(FieldLabel(*sub), " ", Cell(nested, *sub)));
    }
    return absl::StrJoin(parts, ", ");
  }
  std::vector<std::string> items;
  for (int i = 0; i < r.FieldSize(message, &field); ++i) {
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !IsValueType(*field.message_type())) {
      const Message& element = r.GetRepeatedMessage(message, &field, i);
      std::vector<std::string> parts;
      for (const FieldDescriptor* sub : SetFields(element)) parts.push_back(Cell(element, *sub));
      items.push_back(absl::StrJoin(parts, " "));
    } else {
      items.push_back(FormatValue(message, field, i));
    }
  }
  return absl::StrJoin(items, field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? "; " : ", ");
}

// A column of a table: a field of the element, or a path through its
// singular messages to one (nomination.draft.kind).
using Column = std::vector<const FieldDescriptor*>;

// The element's message that holds the column's last field; null where a
// message on the way is unset.
const Message* Holder(const Message& element, const Column& column) {
  const Message* at = &element;
  for (size_t i = 0; i + 1 < column.size(); ++i) {
    if (!at->GetReflection()->HasField(*at, column[i])) return nullptr;
    at = &at->GetReflection()->GetMessage(*at, column[i]);
  }
  return at;
}

// Lists of these show a few columns that say what each one is; the rest is
// one `get` away (or in --json).
const std::map<std::string, std::vector<std::string>>& SummaryColumns() {
  static const auto* columns = new std::map<std::string, std::vector<std::string>>{
      {"award.v1.NominationView",
       {"nomination_id", "nomination.draft.nominee.full_name", "nomination.draft.kind",
        "nomination.draft.period", "nomination.state", "amount_vnd"}},
      {"award.v1.DecisionView",
       {"number_text", "draft.decision_date", "draft.subject", "state", "total_vnd"}},
  };
  return *columns;
}

// Whether every field of `type` fits in a cell: a scalar, a value, or a
// message of scalars and values.
bool FitsInCells(const Descriptor& type, int depth = 0) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        IsValueType(*field.message_type())) {
      continue;
    }
    if (depth > 0 || !FitsInCells(*field.message_type(), depth + 1)) return false;
  }
  return true;
}

void RenderTable(const Message& message, const FieldDescriptor& field,
                 const std::vector<Column>& columns, const std::string& indent, std::string& out) {
  const Reflection& r = *message.GetReflection();
  const int rows = r.FieldSize(message, &field);
  std::vector<Column> shown;
  for (const Column& column : columns) {
    for (int i = 0; i < rows; ++i) {
      const Message* holder = Holder(r.GetRepeatedMessage(message, &field, i), column);
      if (holder != nullptr && IsSet(*holder, *column.back())) {
        shown.push_back(column);
        break;
      }
    }
  }
  std::vector<std::vector<std::string>> cells(rows + 1);
  for (const Column& column : shown) cells[0].push_back(FieldLabel(*column.back()));
  for (int i = 0; i < rows; ++i) {
    const Message& element = r.GetRepeatedMessage(message, &field, i);
    for (const Column& column : shown) {
      const FieldDescriptor& last = *column.back();
      const Message* holder = Holder(element, column);
      // A number shows even where it is zero (version 0 is a version).
      const bool number = !last.is_repeated() &&
                          last.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE &&
                          last.cpp_type() != FieldDescriptor::CPPTYPE_STRING;
      cells[i + 1].push_back(
          holder != nullptr && (IsSet(*holder, last) || number) ? Cell(*holder, last) : "");
    }
  }
  std::vector<size_t> widths(shown.size(), 0);
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  for (size_t row = 0; row < cells.size(); ++row) {
    std::string line = indent;
    for (size_t c = 0; c < shown.size(); ++c) {
      line += c + 1 == shown.size() ? cells[row][c] : Pad(cells[row][c], widths[c]) + "  ";
    }
    absl::StrAppend(&out, line, "\n");
    if (row == 0) {
      size_t total = 0;
      for (size_t width : widths) total += width + 2;
      absl::StrAppend(&out, indent, std::string(total > 2 ? total - 2 : 0, '-'), "\n");
    }
  }
}

// The columns of a table of `type`: its summary, or every field.
std::vector<Column> ColumnsOf(const Descriptor& type) {
  std::vector<Column> columns;
  if (auto summary = SummaryColumns().find(type.full_name()); summary != SummaryColumns().end()) {
    for (const std::string& path : summary->second) {
      Column column;
      const Descriptor* at = &type;
      for (absl::string_view name : absl::StrSplit(path, '.')) {
        column.push_back(at->FindFieldByName(std::string(name)));
        at = column.back()->message_type();
      }
      columns.push_back(std::move(column));
    }
    return columns;
  }
  for (int c = 0; c < type.field_count(); ++c) columns.push_back({type.field(c)});
  return columns;
}

void RenderStatistics(const v1::StatisticsTable& table, const std::string& indent,
                      std::string& out) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header = {"Danh hiệu, hình thức - đối tượng"};
  for (int year : table.years()) header.push_back(absl::StrCat(year));
  cells.push_back(header);
  for (const v1::StatisticsRow& row : table.rows()) {
    std::vector<std::string> line = {row.label()};
    for (int64_t count : row.counts()) line.push_back(absl::StrCat(count));
    cells.push_back(line);
  }
  auto summary = [&](const std::string& label, auto values) {
    if (values.empty()) return;
    std::vector<std::string> line = {label};
    for (const auto& value : values) line.push_back(absl::StrCat(value));
    cells.push_back(line);
  };
  summary("Tổng số khen thưởng còn hiệu lực", table.totals());
  summary("  trong đó cá nhân", table.individual_counts());
  summary("  cá nhân trực tiếp lao động, sản xuất", table.direct_worker_counts());
  summary("  tỷ lệ trực tiếp lao động, sản xuất", table.direct_worker_shares());
  summary("Bị hủy bỏ", table.revoked_counts());
  const size_t data_rows = static_cast<size_t>(table.rows_size()) + 1;
  std::vector<size_t> widths(header.size(), 0);
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  absl::StrAppend(&out, indent, "Cơ quan: ", table.authority_id(), "\n");
  for (size_t row = 0; row < cells.size(); ++row) {
    std::string line = indent + Pad(cells[row][0], widths[0]);
    for (size_t c = 1; c < cells[row].size() && c < widths.size(); ++c) {
      const std::string& cell = cells[row][c];
      line += "  " + std::string(widths[c] - std::min(widths[c], DisplayWidth(cell)), ' ') + cell;
    }
    absl::StrAppend(&out, line, "\n");
    if (row == 0 || (row + 1 == data_rows && row + 1 < cells.size())) {
      size_t total = widths[0];
      for (size_t c = 1; c < widths.size(); ++c) total += widths[c] + 2;
      absl::StrAppend(&out, indent, std::string(total, '-'), "\n");
    }
  }
}

void Render(const Message& message, const std::string& indent, std::string& out,
            std::vector<std::pair<std::string, std::string>>& texts) {
  if (const auto* table = google::protobuf::DynamicCastToGenerated<v1::StatisticsTable>(&message)) {
    RenderStatistics(*table, indent, out);
    return;
  }
  const Reflection& r = *message.GetReflection();
  for (const FieldDescriptor* field : SetFields(message)) {
    const std::string label = FieldLabel(*field);
    const bool nested_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                                !IsValueType(*field->message_type());
    if (field->is_repeated() && nested_message) {
      const Descriptor& type = *field->message_type();
      const int count = r.FieldSize(message, field);
      absl::StrAppend(&out, indent, label, " (", count, "):\n");
      if (SummaryColumns().contains(type.full_name()) || FitsInCells(type)) {
        RenderTable(message, *field, ColumnsOf(type), indent + "  ", out);
      } else {
        for (int i = 0; i < count; ++i) {
          absl::StrAppend(&out, indent, "  [", i + 1, "]\n");
          Render(r.GetRepeatedMessage(message, field, i), indent + "    ", out, texts);
        }
      }
    } else if (nested_message) {
      absl::StrAppend(&out, indent, label, ":\n");
      Render(r.GetMessage(message, field), indent + "  ", out, texts);
    } else if (field->is_repeated()) {
      absl::StrAppend(&out, indent, label, ": ", Cell(message, *field), "\n");
    } else {
      const std::string value = FormatValue(message, *field, -1);
      if (value.empty()) continue;  // e.g. a date left all zero
      if (absl::StrContains(value, '\n')) {
        texts.emplace_back(label, value);
      } else {
        absl::StrAppend(&out, indent, label, ": ", value, "\n");
      }
    }
  }
}

}  // namespace

std::string FormatVnd(int64_t amount) {
  std::string digits = absl::StrCat(amount < 0 ? -amount : amount);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ".");
  return absl::StrCat(amount < 0 ? "-" : "", digits, " đ");
}

std::string RenderText(const Message& message) {
  std::string out;
  std::vector<std::pair<std::string, std::string>> texts;
  Render(message, "", out, texts);
  for (const auto& [label, text] : texts) absl::StrAppend(&out, "\n", label, ":\n\n", text, "\n");
  if (out.empty()) out = "Xong.\n";
  return out;
}

}  // namespace award::ctl

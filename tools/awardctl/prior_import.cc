#include "tools/awardctl/prior_import.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "award/v1/common.pb.h"
#include "eventstore/errors.h"
#include "eventstore/sha256.h"

namespace award::ctl {
namespace {

constexpr const char* kRequired[] = {
    "authority_id", "number_text", "decision_date", "signer_name",    "signer_title",
    "scan_sha256",  "awardee_id",  "nominee_name",  "subject_type",   "kind",
    "first_year",   "last_year",   "basis",         "amount_paid_vnd"};
constexpr const char* kOptional[] = {"achievement_ids", "decision_id"};

// The column a field the service names in an error came from.
std::string ColumnOfField(const std::string& field) {
  static const std::map<std::string, std::string> kColumns = {
      {"decision.authority_id", "authority_id"},
      {"decision.number_text", "number_text"},
      {"decision.decision_date", "decision_date"},
      {"decision.signer.full_name", "signer_name"},
      {"decision.signer.title", "signer_title"},
      {"decision.scan_sha256", "scan_sha256"},
      {"award.awardee_id", "awardee_id"},
      {"award.nominee_name", "nominee_name"},
      {"award.subject_type", "subject_type"},
      {"award.kind", "kind"},
      {"award.first_year", "first_year"},
      {"award.last_year", "last_year"},
      {"award.basis", "basis"},
      {"award.amount_paid_vnd", "amount_paid_vnd"},
      {"award.achievement_ids", "achievement_ids"},
      {"decision_id", "decision_id"}};
  auto it = kColumns.find(field);
  return it == kColumns.end() ? "-" : it->second;
}

// An enum value by its name, with or without the enum's prefix.
template <typename Enum>
bool ParseEnumValue(const google::protobuf::EnumDescriptor& type, const std::string& text,
                    absl::string_view prefix, Enum& out) {
  const std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  for (const std::string& name : {upper, absl::StrCat(prefix, upper)}) {
    const google::protobuf::EnumValueDescriptor* value = type.FindValueByName(name);
    if (value != nullptr && value->number() != 0) {
      out = static_cast<Enum>(value->number());
      return true;
    }
  }
  return false;
}

bool ParseDate(const std::string& text, v1::Date& date) {
  const std::vector<std::string> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
    return false;
  }
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return true;
}

// One worker's lines, in the order the file gives them.
class LineQueue {
 public:
  void Push(std::pair<int64_t, PriorLine> line) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return lines_.size() < kCapacity; });
    lines_.push_back(std::move(line));
    ready_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  std::optional<std::pair<int64_t, PriorLine>> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !lines_.empty() || closed_; });
    if (lines_.empty()) return std::nullopt;
    auto line = std::move(lines_.front());
    lines_.pop_front();
    room_.notify_one();
    return line;
  }

 private:
  static constexpr size_t kCapacity = 64;  // the file streams: only this much is held
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::pair<int64_t, PriorLine>> lines_;
  bool closed_ = false;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseCsvRecord(std::string_view line, LineError& error) {
  std::vector<std::string> fields(1);
  const auto broken = [&](const char* reason) {
    error.column = absl::StrCat(fields.size());
    error.reason = reason;
    return absl::InvalidArgumentError(absl::StrCat("column ", error.column, ": ", reason));
  };
  bool quoted = false;
  bool was_quoted = false;  // the current field was quoted and is closed
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
        was_quoted = true;
      }
    } else if (c == ',') {
      fields.emplace_back();
      was_quoted = false;
    } else if (c == '"' && fields.back().empty() && !was_quoted) {
      quoted = true;
    } else if (was_quoted) {
      return broken("text after a closing quote (a quote inside a field is written \"\")");
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return broken("a quoted field is not closed on its line");
  return fields;
}

absl::StatusOr<PriorLine> ParsePriorLine(const std::map<std::string, size_t>& columns,
                                         const std::vector<std::string>& fields, LineError& error) {
  const auto field = [&](const char* name) -> std::string {
    auto it = columns.find(name);
    return it == columns.end() || it->second >= fields.size()
               ? std::string()
               : std::string(absl::StripAsciiWhitespace(fields[it->second]));
  };
  const auto refuse = [&](const char* column, const std::string& reason) {
    error.column = column;
    error.reason = reason;
    return absl::InvalidArgumentError(absl::StrCat(column, ": ", reason));
  };
  if (fields.size() != columns.size()) {
    return refuse("-", absl::StrCat(fields.size(), " fields where the header names ",
                                    columns.size(), " columns"));
  }
  PriorLine line;
  v1::PriorDecision& decision = *line.request.mutable_decision();
  v1::PriorAward& award = *line.request.mutable_award();
  decision.set_authority_id(field("authority_id"));
  decision.set_number_text(field("number_text"));
  if (!ParseDate(field("decision_date"), *decision.mutable_decision_date())) {
    return refuse("decision_date", absl::StrCat("'", field("decision_date"), "' is no YYYY-MM-DD"));
  }
  decision.mutable_signer()->set_full_name(field("signer_name"));
  decision.mutable_signer()->set_title(field("signer_title"));
  absl::StatusOr<eventstore::Hash> scan = eventstore::HashFromHex(field("scan_sha256"));
  if (!scan.ok()) return refuse("scan_sha256", "the SHA-256 of the scan is 64 hex digits");
  decision.set_scan_sha256(std::string(eventstore::HashBytes(*scan)));
  award.set_awardee_id(field("awardee_id"));
  award.set_nominee_name(field("nominee_name"));
  v1::SubjectType subject = v1::SUBJECT_TYPE_UNSPECIFIED;
  if (!ParseEnumValue(*v1::SubjectType_descriptor(), field("subject_type"), "SUBJECT_TYPE_",
                      subject)) {
    return refuse("subject_type", absl::StrCat("'", field("subject_type"), "' is no subject type"));
  }
  award.set_subject_type(subject);
  v1::AwardKind kind = v1::AWARD_KIND_UNSPECIFIED;
  if (!ParseEnumValue(*v1::AwardKind_descriptor(), field("kind"), "AWARD_KIND_", kind)) {
    return refuse("kind", absl::StrCat("'", field("kind"), "' is no award kind"));
  }
  award.set_kind(kind);
  v1::Basis basis = v1::BASIS_UNSPECIFIED;
  if (!ParseEnumValue(*v1::Basis_descriptor(), field("basis"), "BASIS_", basis)) {
    return refuse("basis", absl::StrCat("'", field("basis"), "' is no basis"));
  }
  award.set_basis(basis);
  int32_t first_year = 0, last_year = 0;
  if (!absl::SimpleAtoi(field("first_year"), &first_year)) {
    return refuse("first_year", "not a year");
  }
  if (!absl::SimpleAtoi(field("last_year"), &last_year)) return refuse("last_year", "not a year");
  award.set_first_year(first_year);
  award.set_last_year(last_year);
  int64_t paid = 0;
  if (!absl::SimpleAtoi(field("amount_paid_vnd"), &paid)) {
    return refuse("amount_paid_vnd", "not a whole number of đồng");
  }
  award.set_amount_paid_vnd(paid);
  for (absl::string_view id : absl::StrSplit(field("achievement_ids"), ';', absl::SkipEmpty())) {
    award.add_achievement_ids(std::string(absl::StripAsciiWhitespace(id)));
  }
  line.decision_id = field("decision_id");
  if (line.decision_id.empty()) {
    // The platform's id of a paper decision: its authority, year and number as printed.
    line.decision_id =
        absl::StrCat("giay-", decision.authority_id(), "-", decision.decision_date().year(), "-",
                     absl::StrReplaceAll(decision.number_text(), {{"/", "-"}}));
  }
  line.request.set_decision_id(line.decision_id);
  line.request_id = absl::StrCat(
      "import-",
      eventstore::HashToHex(eventstore::Sha256({line.request.SerializeAsString()})).substr(0, 40));
  return line;
}

absl::StatusOr<ImportSummary> ImportPriorDecisions(const PlatformClient& client, std::istream& csv,
                                                   const ImportOptions& options,
                                                   std::ostream& progress, std::ostream& errors) {
  const absl::Time start = absl::Now();
  std::string text;
  if (!std::getline(csv, text)) return eventstore::InvalidField("file", "empty: no header line");
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.erase(0, 3);  // a byte-order mark
  if (!text.empty() && text.back() == '\r') text.pop_back();
  LineError header_error;
  absl::StatusOr<std::vector<std::string>> header = ParseCsvRecord(text, header_error);
  if (!header.ok()) return eventstore::InvalidField("header", header.status().message());
  std::map<std::string, size_t> columns;
  for (size_t i = 0; i < header->size(); ++i) {
    const std::string name(absl::StripAsciiWhitespace((*header)[i]));
    const bool known =
        std::find_if(std::begin(kRequired), std::end(kRequired),
                     [&](const char* c) { return name == c; }) != std::end(kRequired) ||
        std::find_if(std::begin(kOptional), std::end(kOptional),
                     [&](const char* c) { return name == c; }) != std::end(kOptional);
    if (!known) return eventstore::InvalidField("header", absl::StrCat("no column '", name, "'"));
    if (!columns.emplace(name, i).second) {
      return eventstore::InvalidField("header", absl::StrCat("column '", name, "' twice"));
    }
  }
  for (const char* name : kRequired) {
    if (!columns.contains(name)) {
      return eventstore::InvalidField("header", absl::StrCat("no column '", name, "'"));
    }
  }

  ImportSummary summary;
  std::mutex report_mutex;
  const auto report = [&](const LineError& error) {
    std::lock_guard<std::mutex> lock(report_mutex);
    ++summary.refused;
    errors << "line " << error.line << ", column " << error.column << ": " << error.reason << "\n";
  };
  const int workers = std::max(1, options.workers);
  std::vector<std::unique_ptr<LineQueue>> queues;
  for (int w = 0; w < workers; ++w) queues.push_back(std::make_unique<LineQueue>());
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      while (std::optional<std::pair<int64_t, PriorLine>> next = queues[w]->Pop()) {
        absl::StatusOr<v1::RecordPriorAwardResponse> answer =
            client.Command<v1::RecordPriorAwardResponse>("award.v1.Decisions.RecordPriorAward",
                                                         next->second.request, options.actor,
                                                         next->second.request_id);
        if (!answer.ok()) {
          const std::optional<std::string> field = eventstore::ErrorField(answer.status());
          report({next->first, field.has_value() ? ColumnOfField(*field) : "-",
                  absl::StrCat(absl::StatusCodeToString(answer.status().code()), ": ",
                               answer.status().message())});
          continue;
        }
        // A repeated request id, or the same award under another, writes nothing.
        const bool already = answer->already_recorded() || answer->outcome().recorded().repeated();
        std::lock_guard<std::mutex> lock(report_mutex);
        ++(already ? summary.already_recorded : summary.recorded);
      }
    });
  }
  std::mutex done_mutex;
  std::condition_variable done_signal;
  bool done = false;
  std::thread reporter([&] {
    std::unique_lock<std::mutex> lock(done_mutex);
    while (!done_signal.wait_for(lock, absl::ToChronoMilliseconds(options.progress_every),
                                 [&] { return done; })) {
      std::lock_guard<std::mutex> counts(report_mutex);
      const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
      progress << absl::StrFormat(
                      "import-prior: %d lines read, %d recorded, %d already, %d refused "
                      "(%.0f lines/s)",
                      summary.lines, summary.recorded, summary.already_recorded, summary.refused,
                      (summary.recorded + summary.already_recorded + summary.refused) / seconds)
               << std::endl;
    }
  });

  int64_t number = 1;
  while (std::getline(csv, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    {
      std::lock_guard<std::mutex> lock(report_mutex);
      ++summary.lines;
    }
    LineError error;
    error.line = number;
    absl::StatusOr<std::vector<std::string>> fields = ParseCsvRecord(text, error);
    if (!fields.ok()) {
      report(error);
      continue;
    }
    absl::StatusOr<PriorLine> line = ParsePriorLine(columns, *fields, error);
    if (!line.ok()) {
      report(error);
      continue;
    }
    const size_t worker = std::hash<std::string>{}(line->decision_id) % queues.size();
    queues[worker]->Push({number, *std::move(line)});
  }
  for (auto& queue : queues) queue->Close();
  for (std::thread& thread : threads) thread.join();
  {
    std::lock_guard<std::mutex> lock(done_mutex);
    done = true;
  }
  done_signal.notify_all();
  reporter.join();
  summary.took = absl::Now() - start;
  return summary;
}

}  // namespace award::ctl

#include "services/query/statistics.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/nominations.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/public_record.h"

namespace award::query {
namespace {

std::string CellKey(absl::string_view authority, int year, v1::AwardKind kind,
                    v1::SubjectType subject) {
  return KeyOf(
      {"c", authority, OrderedNumber(year, 4), OrderedNumber(kind, 3), OrderedNumber(subject, 1)});
}
std::string DirectWorkerKey(absl::string_view nomination) { return KeyOf({"w", nomination}); }
std::string GrantKey(absl::string_view decision, absl::string_view nomination, v1::AwardKind kind) {
  return KeyOf({"g", decision, nomination, OrderedNumber(kind, 3)});
}

absl::Status Count(ReadModelBatch& batch, const std::string& cell_key, bool direct_worker,
                   bool revoked) {
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::StatisticsCell> stored,
                         batch.GetMessage<v1::StatisticsCell>(cell_key));
  v1::StatisticsCell cell = stored.value_or(v1::StatisticsCell());
  if (revoked) {
    cell.set_revoked(cell.revoked() + 1);
    if (direct_worker) cell.set_direct_worker_revoked(cell.direct_worker_revoked() + 1);
  } else {
    cell.set_granted(cell.granted() + 1);
    if (direct_worker) cell.set_direct_worker_granted(cell.direct_worker_granted() + 1);
  }
  batch.PutMessage(cell_key, cell);
  return absl::OkStatus();
}

// Columns of text padded to their widest cell, counting characters, not bytes.
size_t Width(absl::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Every line of the table, as cells: the header, the rows, then the summary lines.
std::vector<std::vector<std::string>> Lines(const v1::StatisticsTable& table) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> header = {"Hình thức / danh hiệu - đối tượng"};
  for (int year : table.years()) header.push_back(absl::StrCat(year));
  lines.push_back(std::move(header));
  auto line = [&](const std::string& label, const auto& values) {
    std::vector<std::string> cells = {label};
    for (const auto& value : values) cells.push_back(absl::StrCat(value));
    lines.push_back(std::move(cells));
  };
  for (const v1::StatisticsRow& row : table.rows()) line(row.label(), row.counts());
  line("Tổng cộng", table.totals());
  line("Cá nhân", table.individual_counts());
  line("Cá nhân trực tiếp lao động, sản xuất", table.direct_worker_counts());
  line("Tỷ lệ trực tiếp lao động, sản xuất", table.direct_worker_shares());
  line("Đã hủy bỏ", table.revoked_counts());
  return lines;
}

using eventstore::RecordedEvent;

absl::Status ApplyDrafted(ReadModelBatch& batch, const v1::NominationDrafted& draft,
                          const RecordedEvent&) {
  batch.Put(DirectWorkerKey(draft.nomination_id()), draft.nominee().direct_worker() ? "1" : "0");
  return absl::OkStatus();
}

absl::Status ApplyGranted(ReadModelBatch& batch, const v1::AwardGranted& granted,
                          const RecordedEvent&) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> worker,
                         batch.Get(DirectWorkerKey(granted.nomination_id())));
  const bool direct =
      granted.subject_type() == v1::SUBJECT_TYPE_INDIVIDUAL && worker.value_or("0") == "1";
  const std::string cell = CellKey(granted.authority_id(), granted.decision_date().year(),
                                   granted.kind(), granted.subject_type());
  batch.Put(GrantKey(granted.decision_id(), granted.nomination_id(), granted.kind()),
            absl::StrCat(direct ? "1" : "0", cell));
  return Count(batch, cell, direct, /*revoked=*/false);
}

absl::Status ApplyRevoked(ReadModelBatch& batch, const v1::AwardRevoked& revoked,
                          const RecordedEvent&) {
  AWARD_ASSIGN_OR_RETURN(
      std::optional<std::string> grant,
      batch.Get(GrantKey(revoked.decision_id(), revoked.nomination_id(), revoked.kind())));
  if (!grant.has_value() || grant->empty()) {
    return absl::DataLossError(absl::StrCat(
        "revokes an award never granted: ", revoked.decision_id(), " ", revoked.nomination_id()));
  }
  return Count(batch, grant->substr(1), (*grant)[0] == '1', /*revoked=*/true);
}

const EventAppliers<ReadModelBatch>& Appliers() {
  static const auto* const appliers = &(new EventAppliers<ReadModelBatch>("statistics"))
                                           ->On<v1::NominationDrafted>(ApplyDrafted)
                                           .On<v1::AwardGranted>(ApplyGranted)
                                           .On<v1::AwardRevoked>(ApplyRevoked);
  return *appliers;
}

}  // namespace

eventstore::AllFilter Statistics::filter() const {
  return {.stream_prefixes = {"nomination-", "awardee-"},
          .event_types = {"NominationDrafted", "AwardGranted", "AwardRevoked"}};
}

absl::Status Statistics::Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) {
  return Appliers().ApplyKnown(batch, event);
}

absl::StatusOr<v1::StatisticsTable> ReadStatisticsTable(const ReadModelDb::View& db,
                                                        const std::string& authority_id,
                                                        int from_year, int to_year) {
  if (authority_id.empty()) return eventstore::InvalidField("authority_id", "missing");
  if (from_year < 1945 || from_year > 9999) {
    return eventstore::InvalidField("from_year", "must be a year from 1945");
  }
  if (to_year < from_year || to_year - from_year >= 50 || to_year > 9999) {
    return eventstore::InvalidField("to_year", "must be from from_year, at most 50 years on");
  }
  const size_t columns = static_cast<size_t>(to_year - from_year + 1);
  // (kind, subject) -> cells per year, in the order of the enums.
  std::map<std::pair<int, int>, std::vector<v1::StatisticsCell>> rows;
  const std::string prefix = PrefixOf({"c", authority_id});
  bool corrupt = false;
  AWARD_RETURN_IF_ERROR(db.Scan(prefix, "", [&](absl::string_view key, absl::string_view value) {
    const std::vector<absl::string_view> parts = absl::StrSplit(key.substr(prefix.size()), '\x01');
    int year = 0, kind = 0, subject = 0;
    v1::StatisticsCell cell;
    corrupt = parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
              !absl::SimpleAtoi(parts[1], &kind) || !absl::SimpleAtoi(parts[2], &subject) ||
              !cell.ParseFromArray(value.data(), static_cast<int>(value.size()));
    if (corrupt) return false;
    if (year < from_year || year > to_year) return true;
    std::vector<v1::StatisticsCell>& row = rows[{kind, subject}];
    row.resize(columns);
    row[static_cast<size_t>(year - from_year)] = cell;
    return true;
  }));
  if (corrupt) return absl::DataLossError("statistics read model is corrupt");

  v1::StatisticsTable table;
  table.set_authority_id(authority_id);
  for (int year = from_year; year <= to_year; ++year) table.add_years(year);
  std::vector<int64_t> totals(columns), individuals(columns), direct(columns), revoked(columns);
  for (const auto& [row_key, cells] : rows) {
    v1::StatisticsRow* row = table.add_rows();
    row->set_kind(static_cast<v1::AwardKind>(row_key.first));
    row->set_subject_type(static_cast<v1::SubjectType>(row_key.second));
    row->set_label(
        absl::StrCat(AwardKindName(row->kind()), " - ", SubjectTypeName(row->subject_type())));
    for (size_t i = 0; i < columns; ++i) {
      const v1::StatisticsCell& cell = cells[i];
      const int64_t standing = cell.granted() - cell.revoked();
      row->add_counts(standing);
      totals[i] += standing;
      revoked[i] += cell.revoked();
      if (row->subject_type() == v1::SUBJECT_TYPE_INDIVIDUAL) {
        individuals[i] += standing;
        direct[i] += cell.direct_worker_granted() - cell.direct_worker_revoked();
      }
    }
  }
  for (size_t i = 0; i < columns; ++i) {
    table.add_totals(totals[i]);
    table.add_individual_counts(individuals[i]);
    table.add_direct_worker_counts(direct[i]);
    table.add_direct_worker_shares(
        individuals[i] == 0
            ? "-"
            : ShareText(static_cast<uint64_t>(direct[i]), static_cast<uint64_t>(individuals[i])));
    table.add_revoked_counts(revoked[i]);
  }
  return table;
}

std::string RenderStatisticsTable(const v1::StatisticsTable& table) {
  const std::vector<std::vector<std::string>> lines = Lines(table);
  std::vector<size_t> widths(lines.front().size());
  for (const auto& cells : lines) {
    for (size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], Width(cells[i]));
  }
  std::string out = absl::StrCat("Thống kê khen thưởng - ", table.authority_id(), "\n");
  for (size_t l = 0; l < lines.size(); ++l) {
    for (size_t i = 0; i < lines[l].size(); ++i) {
      const std::string pad(widths[i] - Width(lines[l][i]), ' ');
      // The label column is left-aligned, the numbers right-aligned.
      absl::StrAppend(&out, i == 0 ? "" : "  ", i == 0 ? lines[l][i] + pad : pad + lines[l][i]);
    }
    out += "\n";
    if (l == 0 || l + 5 == lines.size()) {
      size_t rule = 0;
      for (size_t w : widths) rule += w + 2;
      out += std::string(rule - 2, '-') + "\n";
    }
  }
  return out;
}

std::string StatisticsTableCsv(const v1::StatisticsTable& table) {
  std::string out;
  for (const auto& cells : Lines(table)) {
    std::vector<std::string> fields;
    for (const std::string& cell : cells) fields.push_back(CsvField(cell));
    absl::StrAppend(&out, absl::StrJoin(fields, ","), "\n");
  }
  return out;
}

}  // namespace award::query

#include "services/query/statistics.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "award/v1/authorities.pb.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/nominations.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/public_record.h"

namespace award::query {
namespace {

constexpr absl::string_view kAuthorityPrefix = "authority-";

std::string CellKey(absl::string_view authority, int year, v1::AwardKind kind,
                    v1::SubjectType subject) {
  return KeyOf(
      {"c", authority, OrderedNumber(year, 4), OrderedNumber(kind, 3), OrderedNumber(subject, 1)});
}
std::string DirectWorkerKey(absl::string_view nomination) { return KeyOf({"w", nomination}); }
std::string UnitKey(absl::string_view authority) { return KeyOf({"u", authority}); }
std::string ChildKey(absl::string_view parent, absl::string_view child) {
  return KeyOf({"k", parent, child});
}
std::string GrantKey(absl::string_view decision, absl::string_view nomination, v1::AwardKind kind) {
  return KeyOf({"g", decision, nomination, OrderedNumber(kind, 3)});
}

absl::Status Count(ReadModelBatch& batch, const std::string& cell_key, bool direct_worker,
                   bool revoked, bool from_paper = false) {
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::StatisticsCell> stored,
                         batch.GetMessage<v1::StatisticsCell>(cell_key));
  v1::StatisticsCell cell = stored.value_or(v1::StatisticsCell());
  if (revoked) {
    cell.set_revoked(cell.revoked() + 1);
    if (direct_worker) cell.set_direct_worker_revoked(cell.direct_worker_revoked() + 1);
  } else {
    cell.set_granted(cell.granted() + 1);
    if (direct_worker) cell.set_direct_worker_granted(cell.direct_worker_granted() + 1);
    if (from_paper) cell.set_from_paper_granted(cell.from_paper_granted() + 1);
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
  line("Trong đó ghi nhận từ quyết định giấy", table.from_paper_counts());
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
  return Count(batch, cell, direct, /*revoked=*/false, granted.from_paper());
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

absl::Status ApplyRegistered(ReadModelBatch& batch, const v1::AuthorityRegistered& registered,
                             const RecordedEvent&) {
  v1::StatisticsUnit unit;
  unit.set_authority_id(registered.authority_id());
  unit.set_name(registered.name());
  unit.set_parent_id(registered.parent_id());
  *unit.mutable_established_on() = registered.established_on();
  batch.PutMessage(UnitKey(unit.authority_id()), unit);
  if (!unit.parent_id().empty()) batch.Put(ChildKey(unit.parent_id(), unit.authority_id()), "");
  return absl::OkStatus();
}

// Merged or dissolved: the authority stood until the day before `effective_on`.
absl::Status EndUnit(ReadModelBatch& batch, const RecordedEvent& event,
                     const v1::Date& effective_on) {
  absl::string_view id = event.stream;
  if (!absl::ConsumePrefix(&id, kAuthorityPrefix)) {
    return absl::DataLossError(absl::StrCat("an authority's end in stream ", event.stream));
  }
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::StatisticsUnit> unit,
                         batch.GetMessage<v1::StatisticsUnit>(UnitKey(id)));
  if (!unit.has_value()) {
    return absl::DataLossError(absl::StrCat("authority ", id, " ends but was never registered"));
  }
  *unit->mutable_ended_on() = effective_on;
  batch.PutMessage(UnitKey(id), *unit);
  return absl::OkStatus();
}

const EventAppliers<ReadModelBatch>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<ReadModelBatch>("statistics"))
           ->On<v1::NominationDrafted>(ApplyDrafted)
           .On<v1::AwardGranted>(ApplyGranted)
           .On<v1::AwardRevoked>(ApplyRevoked)
           .On<v1::AuthorityRegistered>(ApplyRegistered)
           .On<v1::AuthorityMerged>([](ReadModelBatch& batch, const v1::AuthorityMerged& merged,
                                       const RecordedEvent& event) {
             return EndUnit(batch, event, merged.effective_on());
           })
           .On<v1::AuthorityDissolved>([](ReadModelBatch& batch,
                                          const v1::AuthorityDissolved& dissolved,
                                          const RecordedEvent& event) {
             return EndUnit(batch, event, dissolved.effective_on());
           });
  return *appliers;
}

// (kind, subject) -> one cell per year of the range, in the order of the enums.
using Cells = std::map<std::pair<int, int>, std::vector<v1::StatisticsCell>>;

absl::Status ValidateRange(const std::string& authority_id, int from_year, int to_year) {
  if (authority_id.empty()) return eventstore::InvalidField("authority_id", "missing");
  if (from_year < 1945 || from_year > 9999) {
    return eventstore::InvalidField("from_year", "must be a year from 1945");
  }
  if (to_year < from_year || to_year - from_year >= 50 || to_year > 9999) {
    return eventstore::InvalidField("to_year", "must be from from_year, at most 50 years on");
  }
  return absl::OkStatus();
}

// The cells of the awards `authority_id`'s decisions granted in the range.
absl::StatusOr<Cells> ReadCells(const ReadModelDb::View& db, const std::string& authority_id,
                                int from_year, int to_year) {
  const size_t columns = static_cast<size_t>(to_year - from_year + 1);
  Cells rows;
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
  return rows;
}

void AddCells(Cells& total, const Cells& unit) {
  for (const auto& [row_key, cells] : unit) {
    std::vector<v1::StatisticsCell>& sum = total[row_key];
    sum.resize(cells.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      sum[i].set_granted(sum[i].granted() + cells[i].granted());
      sum[i].set_revoked(sum[i].revoked() + cells[i].revoked());
      sum[i].set_direct_worker_granted(sum[i].direct_worker_granted() +
                                       cells[i].direct_worker_granted());
      sum[i].set_direct_worker_revoked(sum[i].direct_worker_revoked() +
                                       cells[i].direct_worker_revoked());
      sum[i].set_from_paper_granted(sum[i].from_paper_granted() + cells[i].from_paper_granted());
    }
  }
}

v1::StatisticsTable TableOf(const std::string& authority_id, const std::string& name, int from_year,
                            int to_year, const Cells& rows) {
  const size_t columns = static_cast<size_t>(to_year - from_year + 1);
  v1::StatisticsTable table;
  table.set_authority_id(authority_id);
  table.set_authority_name(name);
  for (int year = from_year; year <= to_year; ++year) table.add_years(year);
  std::vector<int64_t> totals(columns), individuals(columns), direct(columns), revoked(columns),
      from_paper(columns);
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
      from_paper[i] += cell.from_paper_granted();  // paper awards are not revoked here
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
    table.add_from_paper_counts(from_paper[i]);
  }
  return table;
}

// Whether `unit` stood on some day of the years `from_year`..`to_year`.
bool StoodIn(const v1::StatisticsUnit& unit, int from_year, int to_year) {
  const bool established = !unit.has_established_on() || unit.established_on().year() <= to_year;
  // An end effective on 1 January leaves nothing of that year.
  const bool not_ended = !unit.has_ended_on() ||
                         absl::CivilDay(unit.ended_on().year(), unit.ended_on().month(),
                                        unit.ended_on().day()) > absl::CivilDay(from_year, 1, 1);
  return established && not_ended;
}

// `authority_id` and every unit under it, depth first in the order of ids.
// A registry with a cycle in it is corrupt, not endless.
absl::StatusOr<std::vector<v1::StatisticsUnit>> SubtreeOf(const ReadModelDb::View& db,
                                                          const std::string& authority_id) {
  std::vector<v1::StatisticsUnit> units;
  std::set<std::string> seen;
  std::vector<std::string> pending = {authority_id};
  while (!pending.empty()) {
    const std::string id = std::move(pending.back());
    pending.pop_back();
    if (!seen.insert(id).second) {
      return absl::DataLossError(
          absl::StrCat("the authorities under ", authority_id, " form a cycle at ", id));
    }
    AWARD_ASSIGN_OR_RETURN(std::optional<v1::StatisticsUnit> unit,
                           db.GetMessage<v1::StatisticsUnit>(UnitKey(id)));
    if (!unit.has_value()) {
      v1::StatisticsUnit unregistered;  // decided awards, but its registration is not in the log
      unregistered.set_authority_id(id);
      unit = std::move(unregistered);
    }
    units.push_back(*std::move(unit));
    std::vector<std::string> children;
    const std::string prefix = PrefixOf({"k", id});
    AWARD_RETURN_IF_ERROR(db.Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
      children.emplace_back(key.substr(prefix.size()));
      return true;
    }));
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return units;
}

}  // namespace

eventstore::AllFilter Statistics::filter() const {
  return {.stream_prefixes = {"nomination-", "awardee-", std::string(kAuthorityPrefix)},
          .event_types = {"NominationDrafted", "AwardGranted", "AwardRevoked",
                          "AuthorityRegistered", "AuthorityMerged", "AuthorityDissolved"}};
}

absl::Status Statistics::Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) {
  return Appliers().ApplyKnown(batch, event);
}

absl::StatusOr<v1::StatisticsTable> ReadStatisticsTable(const ReadModelDb::View& db,
                                                        const std::string& authority_id,
                                                        int from_year, int to_year) {
  v1::GetStatisticsRequest request;
  request.set_authority_id(authority_id);
  request.set_from_year(from_year);
  request.set_to_year(to_year);
  AWARD_ASSIGN_OR_RETURN(v1::GetStatisticsResponse response, ReadStatistics(db, request));
  return std::move(*response.mutable_table());
}

absl::StatusOr<v1::GetStatisticsResponse> ReadStatistics(const ReadModelDb::View& db,
                                                         const v1::GetStatisticsRequest& request) {
  const int from_year = request.from_year();
  const int to_year = request.to_year();
  AWARD_RETURN_IF_ERROR(ValidateRange(request.authority_id(), from_year, to_year));
  v1::GetStatisticsResponse response;
  if (!request.include_subordinates()) {
    AWARD_ASSIGN_OR_RETURN(std::optional<v1::StatisticsUnit> unit,
                           db.GetMessage<v1::StatisticsUnit>(UnitKey(request.authority_id())));
    AWARD_ASSIGN_OR_RETURN(Cells cells, ReadCells(db, request.authority_id(), from_year, to_year));
    *response.mutable_table() =
        TableOf(request.authority_id(), unit ? unit->name() : "", from_year, to_year, cells);
    return response;
  }
  AWARD_ASSIGN_OR_RETURN(std::vector<v1::StatisticsUnit> units,
                         SubtreeOf(db, request.authority_id()));
  Cells total;
  for (const v1::StatisticsUnit& unit : units) {
    const bool asked = unit.authority_id() == request.authority_id();
    if (!asked && !StoodIn(unit, from_year, to_year)) continue;
    AWARD_ASSIGN_OR_RETURN(Cells cells, ReadCells(db, unit.authority_id(), from_year, to_year));
    AddCells(total, cells);
    *response.add_units() = TableOf(unit.authority_id(), unit.name(), from_year, to_year, cells);
  }
  *response.mutable_table() =
      TableOf(request.authority_id(), units.front().name(), from_year, to_year, total);
  return response;
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
    if (l == 0 || l + 6 == lines.size()) {
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

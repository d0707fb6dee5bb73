#include "tools/audit/audit_commands.h"

#include <google/protobuf/util/json_util.h>

#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"
#include "services/query/audit_trails.h"
#include "services/query/awardee_histories.h"
#include "services/query/decision_registers.h"
#include "services/query/nomination_views.h"
#include "services/query/projection_runner.h"
#include "services/query/projections.h"
#include "services/query/statistics.h"
#include "tools/audit/export_format.h"

namespace award::audit {
namespace {

using query::ReadModelDb;

absl::StatusOr<std::string> Json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
      !status.ok()) {
    return absl::InternalError(status.ToString());
  }
  return json;
}

// A projection built afresh in `scratch_dir` from the log, up to `include`.
absl::StatusOr<std::unique_ptr<ReadModelDb>> Build(
    eventstore::EventStore& store, query::Projection& projection, const std::string& scratch_dir,
    const std::function<bool(const eventstore::RecordedEvent&)>& include) {
  const std::string dir = absl::StrCat(scratch_dir, "/", projection.name());
  AWARD_RETURN_IF_ERROR(ReadModelDb::Destroy(dir));
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<ReadModelDb> db, query::OpenReadModel(projection, dir));
  AWARD_RETURN_IF_ERROR(query::CatchUp(store, projection, *db, include));
  return db;
}

absl::Status NotYet(absl::string_view kind, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("no ", kind, " ", id, " at that point of the log"));
}

}  // namespace

std::string DigestText(const eventstore::LogDigest& digest) {
  return absl::StrCat(digest.event_count, ":", eventstore::HashToHex(digest.head_hash));
}

absl::StatusOr<eventstore::LogDigest> ParseDigest(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  eventstore::LogDigest digest;
  absl::StatusOr<eventstore::Hash> head =
      parts.size() == 2 ? eventstore::HashFromHex(parts[1]) : absl::InvalidArgumentError("");
  if (!head.ok() || !absl::SimpleAtoi(parts[0], &digest.event_count)) {
    return absl::InvalidArgumentError(
        absl::StrCat("digest '", text, "': expected <event count>:<64 hex digits>"));
  }
  digest.head_hash = *head;
  return digest;
}

absl::StatusOr<VerifyOutcome> Verify(eventstore::EventStore& store,
                                     const std::optional<eventstore::LogDigest>& expected) {
  AWARD_ASSIGN_OR_RETURN(
      eventstore::VerifyReport report,
      store.Verify({.from_position = 0, .to_position = std::nullopt, .expected = expected}));
  VerifyOutcome outcome;
  outcome.ok = report.ok;
  if (report.ok) {
    outcome.text = absl::StrCat("ok ", DigestText(report.head), " (", report.verified_count,
                                " events verified)");
  } else if (report.first_bad_position.has_value()) {
    outcome.text =
        absl::StrCat("bad at position ", *report.first_bad_position, ": ", report.problem);
  } else {
    outcome.text = absl::StrCat("bad: ", report.problem);
  }
  return outcome;
}

absl::StatusOr<uint64_t> Export(eventstore::EventStore& store, const ExportFilter& filter,
                                std::ostream& out) {
  eventstore::AllFilter all;
  if (!filter.stream_prefix.empty()) all.stream_prefixes.push_back(filter.stream_prefix);
  if (!filter.type.empty()) all.event_types.push_back(filter.type);
  uint64_t written = 0;
  for (uint64_t from = filter.from_position;;) {
    AWARD_ASSIGN_OR_RETURN(eventstore::ReadAllResult page,
                           store.ReadAll({.from_position = from,
                                          .direction = eventstore::Direction::kForward,
                                          .max_count = 1000,
                                          .filter = all}));
    for (const eventstore::RecordedEvent& event : page.events) {
      if (filter.to_position.has_value() && event.position > *filter.to_position) return written;
      if (filter.since.has_value() && event.recorded_time < *filter.since) continue;
      if (filter.until.has_value() && event.recorded_time >= *filter.until) continue;
      AWARD_ASSIGN_OR_RETURN(std::string line, ToJsonLine(event));
      out << line << '\n';
      ++written;
    }
    if (!out) return absl::UnavailableError("cannot write the export");
    if (page.end_of_log || page.next_position <= from) return written;
    if (filter.to_position.has_value() && page.next_position > *filter.to_position) return written;
    from = page.next_position;
  }
}

absl::StatusOr<absl::Time> ParseTime(absl::string_view text, absl::string_view what) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "': not an RFC 3339 time (", error, ")"));
  }
  return time;
}

absl::StatusOr<AsOf> ParseAsOf(absl::string_view text) {
  AsOf as_of;
  uint64_t position = 0;
  if (absl::SimpleAtoi(text, &position)) {
    as_of.position = position;
    return as_of;
  }
  AWARD_ASSIGN_OR_RETURN(as_of.time, ParseTime(text, "--as_of (a position or a time)"));
  return as_of;
}

absl::StatusOr<std::string> Replay(eventstore::EventStore& store, absl::string_view entity_kind,
                                   absl::string_view id, const AsOf& as_of,
                                   const std::string& scratch_dir) {
  auto include = [&](const eventstore::RecordedEvent& event) {
    if (as_of.position.has_value()) return event.position <= *as_of.position;
    return !as_of.time.has_value() || event.recorded_time <= *as_of.time;
  };
  // Builds `projection` up to the point and prints what `read` finds there.
  auto replay = [&](query::Projection&& projection, auto read) -> absl::StatusOr<std::string> {
    AWARD_ASSIGN_OR_RETURN(auto db, Build(store, projection, scratch_dir, include));
    AWARD_ASSIGN_OR_RETURN(auto found, read(*db->Snapshot()));
    if (!found.has_value()) return NotYet(entity_kind, id);
    return Json(*found);
  };
  if (entity_kind == "nomination") {
    return replay(query::NominationViews(),
                  [&](const ReadModelDb::View& db) { return query::ReadNominationView(db, id); });
  }
  if (entity_kind == "decision") {
    return replay(query::DecisionRegisters(),
                  [&](const ReadModelDb::View& db) { return query::ReadDecisionView(db, id); });
  }
  if (entity_kind == "meeting") {
    return replay(query::AuditTrails(),
                  [&](const ReadModelDb::View& db) { return query::ReadMeetingAudit(db, id); });
  }
  if (entity_kind == "awardee") {
    return replay(query::AwardeeHistories(),
                  [&](const ReadModelDb::View& db)
                      -> absl::StatusOr<std::optional<v1::GetAwardeeHistoryResponse>> {
                    AWARD_ASSIGN_OR_RETURN(std::vector<v1::AwardeeEntry> entries,
                                           query::ReadAwardeeHistory(db, id));
                    if (entries.empty()) return std::nullopt;
                    v1::GetAwardeeHistoryResponse history;
                    for (v1::AwardeeEntry& entry : entries)
                      *history.add_entries() = std::move(entry);
                    return history;
                  });
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot replay a '", entity_kind, "': name a nomination, meeting, decision or awardee"));
}

absl::StatusOr<std::string> Report(eventstore::EventStore& store, const std::string& authority_id,
                                   int from_year, int to_year, bool csv,
                                   const std::string& scratch_dir) {
  query::Statistics projection;
  AWARD_ASSIGN_OR_RETURN(auto db, Build(store, projection, scratch_dir, nullptr));
  AWARD_ASSIGN_OR_RETURN(
      v1::StatisticsTable table,
      query::ReadStatisticsTable(*db->Snapshot(), authority_id, from_year, to_year));
  return csv ? query::StatisticsTableCsv(table) : query::RenderStatisticsTable(table);
}

}  // namespace award::audit

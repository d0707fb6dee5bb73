#include "services/nominations/nomination_record.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace award::nominations {

absl::StatusOr<std::vector<eventstore::RecordedEvent>> ReadWholeStream(
    eventstore::EventStore& store, const std::string& stream) {
  std::vector<eventstore::RecordedEvent> events;
  for (uint64_t from = 0;;) {
    absl::StatusOr<eventstore::ReadStreamResult> page =
        store.ReadStream({stream, from, eventstore::Direction::kForward, 10'000});
    if (absl::IsNotFound(page.status())) return events;
    AWARD_RETURN_IF_ERROR(page.status());
    for (eventstore::RecordedEvent& event : page->events) events.push_back(std::move(event));
    from = page->next_version;
    if (page->end_of_stream) return events;
  }
}

absl::StatusOr<std::optional<eventstore::RecordedEvent>> ReadLastEvent(
    eventstore::EventStore& store, const std::string& stream) {
  absl::StatusOr<eventstore::ReadStreamResult> last =
      store.ReadStream({stream, eventstore::kEnd, eventstore::Direction::kBackward, 1});
  if (absl::IsNotFound(last.status())) return std::nullopt;
  AWARD_RETURN_IF_ERROR(last.status());
  if (last->events.empty()) return std::nullopt;
  return std::move(last->events.front());
}

absl::StatusOr<Claim> ReadClaim(eventstore::EventStore& store, const std::string& stream) {
  AWARD_ASSIGN_OR_RETURN(std::optional<eventstore::RecordedEvent> last,
                         ReadLastEvent(store, stream));
  return ClaimOf(last);
}

absl::StatusOr<NominationRecord> ReadNominationRecord(eventstore::EventStore& store,
                                                      absl::string_view nomination_id) {
  const std::string own_stream = NominationStream(nomination_id);
  std::vector<eventstore::RecordedEvent> events;
  NominationRecord record;
  for (auto [stream, version] : {std::pair{own_stream, &record.own_version},
                                 {AgendaStream(nomination_id), nullptr},
                                 {ResolutionStream(nomination_id), &record.resolution_version}}) {
    AWARD_ASSIGN_OR_RETURN(std::vector<eventstore::RecordedEvent> read,
                           ReadWholeStream(store, stream));
    if (!read.empty() && version != nullptr) {
      *version = static_cast<int64_t>(read.back().version);
    }
    std::move(read.begin(), read.end(), std::back_inserter(events));
  }
  std::sort(events.begin(), events.end(),
            [](const eventstore::RecordedEvent& a, const eventstore::RecordedEvent& b) {
              return a.position < b.position;
            });
  for (eventstore::RecordedEvent& event : events) {
    std::string note;
    if (event.stream == own_stream) {
      AWARD_RETURN_IF_ERROR(NominationAggregate::Evolve(record.own, event));
      Nomination trial = record.combined;
      if (absl::Status evolved = NominationAggregate::Evolve(trial, event); evolved.ok()) {
        record.combined = std::move(trial);
      } else {
        note = absl::StrCat("void: another service's record held it ",
                            StateName(record.combined.status.state));
      }
    } else if (absl::Status applied = ApplyRecordEvent(record.combined, event); !applied.ok()) {
      if (!absl::IsFailedPrecondition(applied)) return applied;
      note = absl::StrCat("void: ", applied.message());
    }
    record.history.push_back({std::move(event), std::move(note)});
  }
  return record;
}

}  // namespace award::nominations

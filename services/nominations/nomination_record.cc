#include "services/nominations/nomination_record.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/stream_reads.h"

namespace award::nominations {

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
  std::vector<eventstore::RecordedEvent> events;
  for (const std::string& stream : NominationRecordStreams(nomination_id)) {
    AWARD_ASSIGN_OR_RETURN(std::vector<eventstore::RecordedEvent> read,
                           eventstore::ReadWholeStream(store, stream));
    std::move(read.begin(), read.end(), std::back_inserter(events));
  }
  return FoldNominationRecord(nomination_id, std::move(events));
}

void RequireOtherRecordsUnchanged(Effects& effects, const NominationRecord& record,
                                  absl::string_view nomination_id) {
  RequireUnchanged(effects, AgendaStream(nomination_id), record.agenda_version);
  RequireUnchanged(effects, ResolutionStream(nomination_id), record.resolution_version);
}

std::array<std::string, 3> NominationRecordStreams(absl::string_view nomination_id) {
  return {NominationStream(nomination_id), AgendaStream(nomination_id),
          ResolutionStream(nomination_id)};
}

absl::StatusOr<NominationRecord> FoldNominationRecord(
    absl::string_view nomination_id, std::vector<eventstore::RecordedEvent> events) {
  const std::string own_stream = NominationStream(nomination_id);
  const std::string resolution_stream = ResolutionStream(nomination_id);
  const std::string agenda_stream = AgendaStream(nomination_id);
  std::sort(events.begin(), events.end(),
            [](const eventstore::RecordedEvent& a, const eventstore::RecordedEvent& b) {
              return a.position < b.position;
            });
  NominationRecord record;
  for (eventstore::RecordedEvent& event : events) {
    std::string note;
    if (event.stream == own_stream) {
      record.own_version = static_cast<int64_t>(event.version);
      AWARD_RETURN_IF_ERROR(NominationAggregate::Evolve(record.own_stream, event));
      Nomination trial = record.overall;
      if (absl::Status evolved = NominationAggregate::Evolve(trial, event); evolved.ok()) {
        record.overall = std::move(trial);
      } else {
        note = absl::StrCat("void: another service's record held it ",
                            StateName(record.overall.status.state));
      }
    } else if (absl::Status applied = ApplyRecordEvent(record.overall, event); !applied.ok()) {
      if (!absl::IsFailedPrecondition(applied)) return applied;
      note = absl::StrCat("void: ", applied.message());
    }
    if (event.stream == resolution_stream) {
      record.resolution_version = static_cast<int64_t>(event.version);
    } else if (event.stream == agenda_stream) {
      record.agenda_version = static_cast<int64_t>(event.version);
    }
    record.history.push_back({std::move(event), std::move(note)});
  }
  return record;
}

v1::NominationState ToProto(NominationState state) {
  switch (state) {
    case NominationState::kDraft:
      return v1::NOMINATION_STATE_DRAFT;
    case NominationState::kSubmitted:
      return v1::NOMINATION_STATE_SUBMITTED;
    case NominationState::kSupplementRequested:
      return v1::NOMINATION_STATE_SUPPLEMENT_REQUESTED;
    case NominationState::kAppraised:
      return v1::NOMINATION_STATE_APPRAISED;
    case NominationState::kAppraisalFailed:
      return v1::NOMINATION_STATE_APPRAISAL_FAILED;
    case NominationState::kOnAgenda:
      return v1::NOMINATION_STATE_ON_AGENDA;
    case NominationState::kRecommended:
      return v1::NOMINATION_STATE_RECOMMENDED;
    case NominationState::kNotRecommended:
      return v1::NOMINATION_STATE_NOT_RECOMMENDED;
    case NominationState::kDecided:
      return v1::NOMINATION_STATE_DECIDED;
    case NominationState::kForwarded:
      return v1::NOMINATION_STATE_FORWARDED;
    case NominationState::kWithdrawn:
      return v1::NOMINATION_STATE_WITHDRAWN;
    case NominationState::kSuspended:
      return v1::NOMINATION_STATE_SUSPENDED;
    case NominationState::kRevoked:
      return v1::NOMINATION_STATE_REVOKED;
    case NominationState::kNeedsReview:
      return v1::NOMINATION_STATE_NEEDS_REVIEW;
  }
  return v1::NOMINATION_STATE_UNSPECIFIED;
}

void ToProto(const NominationRecord& record, v1::GetNominationResponse& response) {
  for (const NominationRecord::Entry& entry : record.history) {
    const eventstore::RecordedEvent& event = entry.event;
    v1::HistoryEntry* line = response.add_history();
    line->set_version(static_cast<int64_t>(event.version));
    line->set_position(event.position);
    line->set_event_type(event.event.type);
    line->set_actor(event.event.metadata.actor);
    line->set_request_id(event.event.metadata.request_id);
    line->set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
    line->set_stream(event.stream);
    line->set_note(entry.note);
  }
  // The dossier as its own stream holds it; the state as all records make it.
  const Nomination& n = record.own_stream;
  const Nomination& state = record.overall;
  *response.mutable_draft() = n.draft;
  response.set_state(ToProto(state.status.state));
  if (state.status.suspended_from.has_value()) {
    response.set_suspended_from(ToProto(*state.status.suspended_from));
  }
  for (const v1::DossierDocument& document : n.documents) *response.add_documents() = document;
  response.set_rule_set_version(n.rule_set_version);
  response.set_manual_appraisal(n.manual_appraisal);
  for (const std::string& reason : n.supplement_reasons) response.add_supplement_reasons(reason);
  *response.mutable_supplement_due() = n.supplement_due;
  for (const v1::RuleFinding& finding : n.findings) *response.add_findings() = finding;
  response.set_version(record.own_version);
  response.set_agenda_id(state.agenda_id);
  if (state.council_outcome.has_value()) {
    *response.mutable_council_outcome() = *state.council_outcome;
  }
  if (n.listed_on.has_value()) *response.mutable_listed_publicly_on() = *n.listed_on;
  if (state.decided.has_value()) *response.mutable_decided() = *state.decided;
  if (state.forwarded.has_value()) *response.mutable_forwarded() = *state.forwarded;
  if (state.revoked_prerequisite.has_value()) {
    *response.mutable_revoked_prerequisite() = *state.revoked_prerequisite;
  }
}

}  // namespace award::nominations

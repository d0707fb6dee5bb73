// A nomination as every service's record of it says: its own stream
// (nomination-<id>, the nominations service), the council's (agenda-<id>) and
// the deciding authority's (resolution-<id>, the decisions service), folded
// together in the order of the log. Of two acts that raced across the streams
// (a withdrawal and a placement on an agenda, say), the later one in the log is
// void, and the history says so.
#ifndef AWARD_SERVICES_NOMINATIONS_NOMINATION_RECORD_H_
#define AWARD_SERVICES_NOMINATIONS_NOMINATION_RECORD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/nominations_service.pb.h"
#include "eventstore/event.h"
#include "eventstore/event_store.h"
#include "services/nominations/domain/nomination.h"

namespace award::nominations {

struct NominationRecord {
  OwnStreamNomination own_stream;  // its dossier and the nominations service's acts
  Nomination overall;  // with the other services' records: the state it is in, as the API reports
  struct Entry {
    eventstore::RecordedEvent event;
    std::string note;  // why the act is void; empty when it took effect
  };
  std::vector<Entry> history;  // every event of the three streams, in log order
  // The version each of the three streams was read at (-1: none yet).
  int64_t own_version = -1;  // -1: no such nomination
  int64_t agenda_version = -1;
  int64_t resolution_version = -1;
};

absl::StatusOr<NominationRecord> ReadNominationRecord(eventstore::EventStore& store,
                                                      absl::string_view nomination_id);

// Conditions `effects` of a command judged on `record` but written to the
// nomination's own stream on the council's and the deciding authority's
// records being still as read: a withdrawal racing a placement on an agenda,
// or a suspension racing an issued decision, cannot both be recorded.
void RequireOtherRecordsUnchanged(Effects& effects, const NominationRecord& record,
                                  absl::string_view nomination_id);

// The three streams that make up a nomination's record.
std::array<std::string, 3> NominationRecordStreams(absl::string_view nomination_id);

// The record from the events of its three streams, in any order (they are
// folded in log order). The query service keeps its read model this way.
absl::StatusOr<NominationRecord> FoldNominationRecord(
    absl::string_view nomination_id, std::vector<eventstore::RecordedEvent> events);

// The record as award.v1.Nominations.GetNomination answers it.
v1::NominationState ToProto(NominationState state);
void ToProto(const NominationRecord& record, v1::GetNominationResponse& response);

// The last event of `stream`; nullopt if it has none.
absl::StatusOr<std::optional<eventstore::RecordedEvent>> ReadLastEvent(
    eventstore::EventStore& store, const std::string& stream);

// The nominee's claim (stream claim-..., see ClaimStream) as it stands now.
absl::StatusOr<Claim> ReadClaim(eventstore::EventStore& store, const std::string& stream);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_NOMINATION_RECORD_H_

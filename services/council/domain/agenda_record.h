// A nomination's record with the council (stream agenda-<nomination_id>,
// written by the council service only): on which open agenda it stands, and
// the council's outcome once there is one.
//
// Why a stream of its own, read across by the other services, rather than an
// event that the nominations service writes when it sees the council's: the
// reservation must be taken atomically with the meeting's own event and with
// an expected version, so that two meetings scheduling one nomination at once
// cannot both win; the outcome is written in the same append as the signature
// that concludes the meeting, so no reader ever sees a concluded meeting
// without its outcomes, or the reverse. The nominations service folds this
// stream into the nomination's state and history by global position, and the
// decisions service reads the outcome from it, both at once after the write
// (no reaction to wait for, no second writer to keep idempotent).
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_AGENDA_RECORD_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_AGENDA_RECORD_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/council.pb.h"
#include "eventstore/event.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/nominations/domain/nomination.h"

namespace award::council {

struct AgendaRecord {
  v1::AgendaKind agenda_kind = v1::AGENDA_KIND_UNSPECIFIED;
  std::string agenda_id;  // the open agenda holding the nomination; empty: none
  std::optional<v1::CouncilOutcomeRecorded> outcome;
};

struct AgendaRecordAggregate {
  using State = AgendaRecord;
  static absl::Status Evolve(AgendaRecord& record, const eventstore::RecordedEvent& event);
};

using nominations::AgendaStream;

// The item `nomination_id` would be on the agenda of `authority_id`'s council:
// the nomination's own stream must hold it APPRAISED for that authority (not
// withdrawn or suspended since), the council's record must hold it free of any
// open agenda and of an earlier outcome, and its kind must have a ballot rule for that
// council (the rule set it was submitted under, or the authority's override).
// An open vote only where the rule allows it. Where the rule asks for a public
// listing (R13), it must have run its working days in full before
// `considered_on` (the meeting date, or the day a consultation opens), unless
// the nomination follows the simplified procedure.
absl::StatusOr<v1::AgendaItem> AgendaItemFor(const nominations::OwnStreamNomination& nomination,
                                             const AgendaRecord& record,
                                             absl::string_view nomination_id,
                                             absl::string_view authority_id, bool open_vote,
                                             const RuleBook& rules, absl::CivilDay considered_on,
                                             const WorkingDayCalendar& calendar);

// The append that places the nomination on the agenda, expected at `version`
// (-1: the stream is new).
eventstore::StreamAppend PlaceOnAgenda(int64_t version, const v1::AgendaItem& item,
                                       v1::AgendaKind kind, absl::string_view agenda_id,
                                       absl::string_view authority_id);
// The append that takes it off (the item was removed, or the meeting cancelled).
eventstore::StreamAppend TakeOffAgenda(int64_t version, absl::string_view nomination_id,
                                       v1::AgendaKind kind, absl::string_view agenda_id,
                                       absl::string_view reason);
// The append that records the council's outcome.
eventstore::StreamAppend RecordOutcome(int64_t version, const v1::CouncilOutcomeRecorded& outcome);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_AGENDA_RECORD_H_

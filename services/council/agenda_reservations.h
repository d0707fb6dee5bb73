// The council's hold on nominations (their agenda-<id> records): the item a
// nomination would be on an agenda and the append that reserves it there, the
// append that takes it off, and the append that records the council's
// outcome. Each append expects the version it read, and a reservation is
// conditioned on the nomination's own stream being still as read, so that of
// two commands racing over one nomination (two agendas, or an agenda and a
// withdrawal or a suspension) one loses and is decided again from fresh reads.
#ifndef AWARD_SERVICES_COUNCIL_AGENDA_RESERVATIONS_H_
#define AWARD_SERVICES_COUNCIL_AGENDA_RESERVATIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "award/v1/council.pb.h"
#include "award/v1/council_service.pb.h"
#include "eventstore/event.h"
#include "eventstore/event_store.h"
#include "google/protobuf/repeated_field.h"
#include "services/common/aggregate_repository.h"
#include "services/common/command.h"
#include "services/common/rule_book.h"
#include "services/common/working_days.h"
#include "services/council/domain/agenda_record.h"
#include "services/nominations/domain/nomination.h"

namespace award::council {

class AgendaReservations {
 public:
  AgendaReservations(eventstore::EventStore& store, const RuleBook& rules,
                     const WorkingDayCalendar& calendar);

  struct Reserved {
    v1::AgendaItem item;
    eventstore::StreamAppend append;
    eventstore::StreamCondition nomination_as_read;
  };
  // The item for `request` on the agenda `agenda_id` of `authority_id`'s
  // council, considered on `considered_on`, and the append that reserves it.
  absl::StatusOr<Reserved> Reserve(const v1::AgendaItemRequest& request, v1::AgendaKind kind,
                                   const std::string& agenda_id, const std::string& authority_id,
                                   absl::CivilDay considered_on);
  // Every requested item, reserved: the items go to `items`, the reservations
  // into `effects`' append. An error names the item ("items[2]: ...").
  absl::Status ReserveAll(const google::protobuf::RepeatedPtrField<v1::AgendaItemRequest>& requests,
                          v1::AgendaKind kind, const std::string& agenda_id,
                          const std::string& authority_id, absl::CivilDay considered_on,
                          google::protobuf::RepeatedPtrField<v1::AgendaItem>& items,
                          Effects& effects);
  // The append that takes the nomination off the agenda of `meeting_id`.
  absl::StatusOr<eventstore::StreamAppend> Release(const std::string& nomination_id,
                                                   const std::string& meeting_id,
                                                   const std::string& reason);
  // The append that records `tally` as the council's outcome on the
  // nomination's record, which `agenda_id` must hold.
  absl::StatusOr<eventstore::StreamAppend> Conclude(const v1::ItemTally& tally, v1::AgendaKind kind,
                                                    const std::string& agenda_id,
                                                    const std::string& authority_id,
                                                    const v1::Date& held_on);

  // The council's record of a nomination.
  absl::StatusOr<AgendaRecord> RecordOf(const std::string& nomination_id);
  // The nomination as its own stream alone has it.
  absl::StatusOr<nominations::OwnStreamNomination> OwnStreamOf(const std::string& nomination_id);

 private:
  const RuleBook& rules_;
  const WorkingDayCalendar& calendar_;
  AggregateRepository<AgendaRecordAggregate> records_;
  AggregateRepository<nominations::NominationAggregate> nominations_;
};

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_AGENDA_RESERVATIONS_H_

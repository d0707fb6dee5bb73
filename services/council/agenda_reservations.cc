#include "services/council/agenda_reservations.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"

namespace award::council {

AgendaReservations::AgendaReservations(eventstore::EventStore& store, const RuleBook& rules,
                                       const WorkingDayCalendar& calendar)
    : rules_(rules), calendar_(calendar), records_(store), nominations_(store) {}

absl::StatusOr<AgendaReservations::Reserved> AgendaReservations::Reserve(
    const v1::AgendaItemRequest& request, v1::AgendaKind kind, const std::string& agenda_id,
    const std::string& authority_id, absl::CivilDay considered_on) {
  if (request.nomination_id().empty()) {
    return eventstore::InvalidField("nomination_id", "missing");
  }
  AWARD_ASSIGN_OR_RETURN(auto own_stream,
                         nominations_.Load(nominations::NominationStream(request.nomination_id())));
  AWARD_ASSIGN_OR_RETURN(auto record, records_.Load(AgendaStream(request.nomination_id())));
  AWARD_ASSIGN_OR_RETURN(
      v1::AgendaItem item,
      AgendaItemFor(own_stream.state, record.state, request.nomination_id(), authority_id,
                    request.open_vote(), rules_, considered_on, calendar_));
  eventstore::StreamAppend append =
      PlaceOnAgenda(record.version, item, kind, agenda_id, authority_id);
  return Reserved{
      std::move(item),
      std::move(append),
      {nominations::NominationStream(request.nomination_id()), ExpectedAt(own_stream.version)}};
}

absl::Status AgendaReservations::ReserveAll(
    const google::protobuf::RepeatedPtrField<v1::AgendaItemRequest>& requests, v1::AgendaKind kind,
    const std::string& agenda_id, const std::string& authority_id, absl::CivilDay considered_on,
    google::protobuf::RepeatedPtrField<v1::AgendaItem>& items, Effects& effects) {
  for (int i = 0; i < requests.size(); ++i) {
    absl::StatusOr<Reserved> reserved =
        Reserve(requests[i], kind, agenda_id, authority_id, considered_on);
    if (!reserved.ok()) {
      return absl::Status(reserved.status().code(),
                          absl::StrCat("items[", i, "]: ", reserved.status().message()));
    }
    *items.Add() = std::move(reserved->item);
    effects.also.push_back(std::move(reserved->append));
    effects.unchanged.push_back(std::move(reserved->nomination_as_read));
  }
  return absl::OkStatus();
}

absl::StatusOr<eventstore::StreamAppend> AgendaReservations::Release(
    const std::string& nomination_id, const std::string& meeting_id, const std::string& reason) {
  AWARD_ASSIGN_OR_RETURN(auto record, records_.Load(AgendaStream(nomination_id)));
  return TakeOffAgenda(record.version, nomination_id, v1::AGENDA_KIND_MEETING, meeting_id, reason);
}

absl::StatusOr<eventstore::StreamAppend> AgendaReservations::Conclude(
    const v1::ItemTally& tally, v1::AgendaKind kind, const std::string& agenda_id,
    const std::string& authority_id, const v1::Date& held_on) {
  AWARD_ASSIGN_OR_RETURN(auto record, records_.Load(AgendaStream(tally.nomination_id())));
  if (record.state.agenda_id != agenda_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("nomination ", tally.nomination_id(), " is not held by ", agenda_id));
  }
  v1::CouncilOutcomeRecorded outcome;
  outcome.set_nomination_id(tally.nomination_id());
  outcome.set_agenda_kind(kind);
  outcome.set_agenda_id(agenda_id);
  outcome.set_authority_id(authority_id);
  *outcome.mutable_held_on() = held_on;
  *outcome.mutable_tally() = tally;
  outcome.mutable_tally()->clear_opened_choices();  // kept once, with the meeting's tally
  return RecordOutcome(record.version, outcome);
}

absl::StatusOr<AgendaRecord> AgendaReservations::RecordOf(const std::string& nomination_id) {
  AWARD_ASSIGN_OR_RETURN(auto record, records_.Load(AgendaStream(nomination_id)));
  return std::move(record.state);
}

absl::StatusOr<nominations::OwnStreamNomination> AgendaReservations::OwnStreamOf(
    const std::string& nomination_id) {
  AWARD_ASSIGN_OR_RETURN(auto own_stream,
                         nominations_.Load(nominations::NominationStream(nomination_id)));
  return std::move(own_stream.state);
}

}  // namespace award::council

#include "services/council/domain/consultation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"
#include "services/common/state_machine.h"

namespace award::council {
namespace {

using eventstore::InvalidField;
using S = ConsultationState;
using T = ConsultationTransition;

// The whole state machine. A transition without a row from a state is refused.
constexpr auto kMachine = MakeStateMachine<S, T>("consultation", S::kNone,
                                                 {
                                                     {S::kNone, T::kOpen, S::kOpen},
                                                     {S::kOpen, T::kAnswer, S::kOpen},
                                                     {S::kOpen, T::kClose, S::kClosed},
                                                 },
                                                 StateName, TransitionName);

using eventstore::RecordedEvent;

absl::Status Move(Consultation& consultation, T transition, const RecordedEvent& event) {
  return FollowStoredTransition(consultation.state, kMachine.Apply(consultation.state, transition),
                                event);
}

const EventAppliers<Consultation>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Consultation>("consultation"))
           ->On<v1::ConsultationOpened>([](Consultation& consultation,
                                           v1::ConsultationOpened&& opened,
                                           const RecordedEvent& event) {
             AWARD_RETURN_IF_ERROR(Move(consultation, T::kOpen, event));
             consultation.opened = std::move(opened);
             return absl::OkStatus();
           })
           .On<v1::BallotCast>([](Consultation& consultation, const v1::BallotCast& cast,
                                  const RecordedEvent& event) {
             AWARD_RETURN_IF_ERROR(Move(consultation, T::kAnswer, event));
             consultation.box.Record(cast);
             return absl::OkStatus();
           })
           .On<v1::ConsultationClosed>([](Consultation& consultation,
                                          const v1::ConsultationClosed& closed,
                                          const RecordedEvent& event) {
             AWARD_RETURN_IF_ERROR(Move(consultation, T::kClose, event));
             consultation.closed_on = closed.closed_on();
             consultation.tallies.assign(closed.tallies().begin(), closed.tallies().end());
             return absl::OkStatus();
           });
  return *appliers;
}

}  // namespace

absl::StatusOr<ConsultationState> ApplyTransition(ConsultationState state,
                                                  ConsultationTransition transition) {
  return kMachine.Apply(state, transition);
}

absl::Status ConsultationStateAllows(ConsultationState state, ConsultationTransition transition) {
  return kMachine.Allows(state, transition);
}

absl::string_view StateName(ConsultationState state) {
  switch (state) {
    case S::kNone:
      return "NOT_OPENED";
    case S::kOpen:
      return "OPEN";
    case S::kClosed:
      return "CLOSED";
  }
  return "UNKNOWN";
}

absl::string_view TransitionName(ConsultationTransition transition) {
  switch (transition) {
    case T::kOpen:
      return "open";
    case T::kAnswer:
      return "answer";
    case T::kClose:
      return "close";
  }
  return "unknown";
}

const v1::AgendaItem* Consultation::FindItem(absl::string_view nomination_id) const {
  for (const v1::AgendaItem& item : opened.items()) {
    if (item.nomination_id() == nomination_id) return &item;
  }
  return nullptr;
}

std::string ConsultationStream(absl::string_view consultation_id) {
  return absl::StrCat("consultation-", consultation_id);
}

absl::Status ConsultationAggregate::Evolve(Consultation& consultation,
                                           const eventstore::RecordedEvent& event) {
  return Appliers().Apply(consultation, event);
}

absl::StatusOr<v1::ConsultationOpened> ConsultationOpenedOn(absl::string_view consultation_id,
                                                            absl::string_view authority_id,
                                                            absl::CivilDay today,
                                                            uint32_t working_days,
                                                            const WorkingDayCalendar& calendar) {
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay deadline,
                         calendar.AddWorkingDays(today, static_cast<int>(working_days)));
  v1::ConsultationOpened opened;
  opened.set_consultation_id(std::string(consultation_id));
  opened.set_authority_id(std::string(authority_id));
  *opened.mutable_opened_on() = DateOf(today);
  opened.set_working_days(working_days);
  *opened.mutable_deadline() = DateOf(deadline);
  return opened;
}

absl::StatusOr<std::vector<NewEvent>> DecideOpenConsultation(const Consultation& consultation,
                                                             const v1::ConsultationOpened& opened) {
  if (consultation.exists()) {
    return absl::AlreadyExistsError(
        absl::StrCat("consultation ", opened.consultation_id(), " is already open"));
  }
  if (opened.consultation_id().empty()) return InvalidField("consultation_id", "missing");
  if (opened.authority_id().empty()) return InvalidField("authority_id", "missing");
  if (opened.items().empty()) return InvalidField("items", "a consultation asks about something");
  if (opened.working_days() < 1) return InvalidField("working_days", "must be at least 1");
  return std::vector<NewEvent>{ToNewEvent(opened)};
}

absl::StatusOr<std::vector<NewEvent>> DecideAnswer(const Consultation& consultation,
                                                   const BallotSeal& seal,
                                                   absl::string_view nomination_id,
                                                   const std::string& member_id,
                                                   v1::BallotChoice choice, absl::CivilDay today) {
  AWARD_RETURN_IF_ERROR(ConsultationStateAllows(consultation.state, T::kAnswer));
  const v1::AgendaItem* item = consultation.FindItem(nomination_id);
  if (item == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("nomination ", nomination_id, " is not asked about in this consultation"));
  }
  const auto& members = consultation.opened.voting_member_ids();
  if (std::find(members.begin(), members.end(), member_id) == members.end()) {
    return absl::PermissionDeniedError(
        absl::StrCat(member_id, " is not a voting member of the council consulted"));
  }
  if (today > ToCivilDay(consultation.opened.deadline())) {
    return absl::FailedPreconditionError(
        absl::StrCat("the deadline passed on ",
                     absl::FormatCivilTime(ToCivilDay(consultation.opened.deadline()))));
  }
  AWARD_ASSIGN_OR_RETURN(v1::BallotCast cast,
                         consultation.box.Cast(seal, consultation.opened.consultation_id(), *item,
                                               member_id, choice, /*written_opinion=*/true));
  return std::vector<NewEvent>{ToNewEvent(cast)};
}

absl::StatusOr<v1::ConsultationClosed> DecideCloseConsultation(const Consultation& consultation,
                                                               const BallotSeal& seal,
                                                               absl::CivilDay today) {
  AWARD_RETURN_IF_ERROR(ConsultationStateAllows(consultation.state, T::kClose));
  const absl::CivilDay deadline = ToCivilDay(consultation.opened.deadline());
  if (today < deadline) {
    return absl::FailedPreconditionError(absl::StrCat("the consultation runs until ",
                                                      absl::FormatCivilTime(deadline),
                                                      "; it closes on or after"));
  }
  const std::vector<v1::AgendaItem> items(consultation.opened.items().begin(),
                                          consultation.opened.items().end());
  AWARD_ASSIGN_OR_RETURN(
      std::vector<v1::ItemTally> tallies,
      consultation.box.Tally(seal, consultation.opened.consultation_id(), items,
                             static_cast<uint32_t>(consultation.opened.voting_member_ids_size())));
  v1::ConsultationClosed closed;
  *closed.mutable_closed_on() = DateOf(today);
  for (v1::ItemTally& tally : tallies) *closed.add_tallies() = std::move(tally);
  return closed;
}

}  // namespace award::council

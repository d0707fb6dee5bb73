// The written consultation aggregate (stream consultation-<id>): the council
// decides items without meeting (lấy ý kiến bằng văn bản). It opens with its
// items and a deadline in working days; each voting member answers each item
// once, until the deadline; it closes on or after the deadline, and the items
// are tallied against the whole voting membership as a meeting's are (R11).
//
//   (none) -> OPEN -> CLOSED;  OPEN -> OPEN: each answer
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_CONSULTATION_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_CONSULTATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "award/v1/council.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"
#include "services/common/working_days.h"
#include "services/council/domain/ballot_box.h"
#include "services/council/domain/ballot_seal.h"

namespace award::council {

enum class ConsultationState { kNone, kOpen, kClosed };

enum class ConsultationTransition { kOpen, kAnswer, kClose };

// The state after `transition`, or FAILED_PRECONDITION naming the state and
// the states it is allowed from.
absl::StatusOr<ConsultationState> ApplyTransition(ConsultationState state,
                                                  ConsultationTransition transition);

// Whether a consultation in `state` may make `transition`: NOT_FOUND for one
// never opened, else as ApplyTransition.
absl::Status ConsultationStateAllows(ConsultationState state, ConsultationTransition transition);

absl::string_view StateName(ConsultationState state);
absl::string_view TransitionName(ConsultationTransition transition);

struct Consultation {
  ConsultationState state = ConsultationState::kNone;
  v1::ConsultationOpened opened;
  BallotBox box;
  std::vector<v1::ItemTally> tallies;
  v1::Date closed_on;

  bool exists() const { return state != ConsultationState::kNone; }
  const v1::AgendaItem* FindItem(absl::string_view nomination_id) const;
};

struct ConsultationAggregate {
  using State = Consultation;
  static absl::Status Evolve(Consultation& consultation, const eventstore::RecordedEvent& event);
};

std::string ConsultationStream(absl::string_view consultation_id);

// The ConsultationOpened of a consultation opened on `today` for
// `working_days` working days: its deadline counted on `calendar`. The caller
// adds the voting members on that day and the items it reserves.
// FAILED_PRECONDITION when the deadline runs into a year the calendar lacks.
absl::StatusOr<v1::ConsultationOpened> ConsultationOpenedOn(absl::string_view consultation_id,
                                                            absl::string_view authority_id,
                                                            absl::CivilDay today,
                                                            uint32_t working_days,
                                                            const WorkingDayCalendar& calendar);

// `opened` carries its items (checked and reserved by the caller), its
// deadline and the voting membership on the day it opens.
absl::StatusOr<std::vector<NewEvent>> DecideOpenConsultation(const Consultation& consultation,
                                                             const v1::ConsultationOpened& opened);
absl::StatusOr<std::vector<NewEvent>> DecideAnswer(const Consultation& consultation,
                                                   const BallotSeal& seal,
                                                   absl::string_view nomination_id,
                                                   const std::string& member_id,
                                                   v1::BallotChoice choice, absl::CivilDay today);
// The ConsultationClosed to record, on or after the deadline: each item
// tallied against the whole voting membership. Its tallies are the outcomes
// the caller records on each nomination, in the same append.
absl::StatusOr<v1::ConsultationClosed> DecideCloseConsultation(const Consultation& consultation,
                                                               const BallotSeal& seal,
                                                               absl::CivilDay today);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_CONSULTATION_H_

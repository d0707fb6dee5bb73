// The council meeting aggregate (stream meeting-<id>): its state, folded from
// its events by Evolve through the state machine of meeting_state.h, and the
// pure Decide functions of the commands the council service takes. Each
// returns the events to record or the rejection: INVALID_ARGUMENT naming the
// field, NOT_FOUND, ALREADY_EXISTS (a second ballot), PERMISSION_DENIED (a
// ballot from a non-member) or FAILED_PRECONDITION naming the state or rule.
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/council.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"
#include "services/council/domain/ballot_box.h"
#include "services/council/domain/ballot_seal.h"
#include "services/council/domain/council.h"
#include "services/council/domain/meeting_state.h"
#include "services/nominations/domain/nomination_state.h"

namespace award::council {

struct Meeting {
  MeetingState state = MeetingState::kNone;
  v1::MeetingScheduled scheduled;     // id, authority, date, place; items live in `items`
  std::vector<v1::AgendaItem> items;  // once voting opens: the items voted on
  std::vector<v1::DeferredItem> deferred;
  v1::MeetingConvened convened;
  int inquorate_attempts = 0;
  v1::ConveningInquorate last_inquorate;
  BallotBox box;
  std::vector<v1::ItemTally> tallies;
  std::vector<v1::MinutesSigned> signatures;
  std::string cancel_reason;

  const v1::AgendaItem* FindItem(absl::string_view nomination_id) const;
};

struct MeetingAggregate {
  using State = Meeting;
  // DATA_LOSS for an unknown event, or one the state machine would not have allowed.
  static absl::Status Evolve(Meeting& meeting, const eventstore::RecordedEvent& event);
};

std::string MeetingStream(absl::string_view meeting_id);

// The state machine's own check, before any other: NOT_FOUND for a meeting
// never scheduled, FAILED_PRECONDITION naming the state.
absl::Status MeetingAllows(const Meeting& meeting, MeetingTransition transition);

// The quorum a meeting needs: the strictest of its items' ballot rules; 2/3
// of all members when the agenda is empty (R12, E5).
v1::Fraction QuorumOf(const std::vector<v1::AgendaItem>& items);

// Why an item is not voted on when voting opens, judged on its nomination's
// own stream: nullopt while the nominations service still holds it APPRAISED;
// a nomination suspended by a pending proceeding (R14), or withdrawn, leaves
// the agenda for a later meeting with the reason the minutes give.
std::optional<std::string> DeferralReason(nominations::NominationState own_stream_state);

// `scheduled` carries its items, already checked and reserved by the caller.
absl::StatusOr<std::vector<NewEvent>> DecideSchedule(const Meeting& meeting,
                                                     const v1::MeetingScheduled& scheduled);
absl::StatusOr<std::vector<NewEvent>> DecideAddItem(const Meeting& meeting,
                                                    const v1::AgendaItem& item);
absl::StatusOr<std::vector<NewEvent>> DecideRemoveItem(const Meeting& meeting,
                                                       absl::string_view nomination_id,
                                                       const std::string& reason);
// MeetingConvened with a quorum, ConveningInquorate without one.
absl::StatusOr<std::vector<NewEvent>> DecideConvene(const Meeting& meeting, const Council& council,
                                                    bool secretary_votes,
                                                    const std::vector<std::string>& present,
                                                    const std::string& presiding,
                                                    const std::string& secretary);
absl::StatusOr<std::vector<NewEvent>> DecideCancel(const Meeting& meeting,
                                                   const std::string& reason);
// `deferred` are the items whose nominations can no longer be voted on (the
// caller reads them), with the reason; FAILED_PRECONDITION when none is left.
absl::StatusOr<std::vector<NewEvent>> DecideOpenVoting(
    const Meeting& meeting, const std::vector<v1::DeferredItem>& deferred);
// A present voting member votes in person; an absent one only by written
// opinion, where the item's ballot rule allows it (E3).
absl::StatusOr<std::vector<NewEvent>> DecideCastBallot(
    const Meeting& meeting, const BallotSeal& seal, absl::string_view nomination_id,
    const std::string& member_id, v1::BallotChoice choice, bool written_opinion);
absl::StatusOr<std::vector<NewEvent>> DecideCloseVoting(const Meeting& meeting,
                                                        const BallotSeal& seal);
// The presiding member and the secretary each sign the minutes whose SHA-256
// is `rendered_sha256`; the signer must have read those (`given_sha256`).
absl::StatusOr<std::vector<NewEvent>> DecideSignMinutes(const Meeting& meeting,
                                                        const std::string& signer_id,
                                                        v1::MinutesSignatory signatory,
                                                        absl::string_view given_sha256,
                                                        absl::string_view rendered_sha256);

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_MEETING_H_

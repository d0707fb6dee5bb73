#include "services/council/domain/meeting.h"

#include <algorithm>
#include <iterator>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/rule_book.h"
#include "services/council/domain/tally.h"

namespace award::council {
namespace {

using eventstore::InvalidField;
using T = MeetingTransition;

std::vector<NewEvent> One(const google::protobuf::Message& message) {
  return {ToNewEvent(message)};
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& ids, absl::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool Presides(v1::CouncilRole role) {
  return role == v1::COUNCIL_ROLE_CHAIR || role == v1::COUNCIL_ROLE_STANDING_VICE_CHAIR ||
         role == v1::COUNCIL_ROLE_VICE_CHAIR;
}

}  // namespace

const v1::AgendaItem* Meeting::FindItem(absl::string_view nomination_id) const {
  for (const v1::AgendaItem& item : items) {
    if (item.nomination_id() == nomination_id) return &item;
  }
  return nullptr;
}

std::string MeetingStream(absl::string_view meeting_id) {
  return absl::StrCat("meeting-", meeting_id);
}

absl::Status MeetingAllows(const Meeting& meeting, MeetingTransition transition) {
  return MeetingStateAllows(meeting.state, transition);
}

v1::Fraction QuorumOf(const std::vector<v1::AgendaItem>& items) {
  v1::Fraction quorum;
  quorum.set_numerator(2);
  quorum.set_denominator(3);
  for (const v1::AgendaItem& item : items) quorum = StricterQuorum(quorum, item.ballot().quorum());
  return quorum;
}

namespace {

using eventstore::RecordedEvent;

absl::Status Move(Meeting& meeting, MeetingTransition transition, const RecordedEvent& event) {
  return FollowStoredTransition(meeting.state, ApplyTransition(meeting.state, transition), event);
}

void DropItem(Meeting& meeting, const std::string& nomination_id) {
  std::erase_if(meeting.items,
                [&](const v1::AgendaItem& item) { return item.nomination_id() == nomination_id; });
}

const EventAppliers<Meeting>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<Meeting>("meeting"))
           ->On<v1::MeetingScheduled>(
               [](Meeting& meeting, v1::MeetingScheduled&& scheduled, const RecordedEvent& event) {
                 meeting.items.assign(std::make_move_iterator(scheduled.mutable_items()->begin()),
                                      std::make_move_iterator(scheduled.mutable_items()->end()));
                 scheduled.clear_items();
                 meeting.scheduled = std::move(scheduled);
                 return Move(meeting, T::kSchedule, event);
               })
           .On<v1::AgendaItemAdded>(
               [](Meeting& meeting, const v1::AgendaItemAdded& added, const RecordedEvent& event) {
                 meeting.items.push_back(added.item());
                 return Move(meeting, T::kChangeAgenda, event);
               })
           .On<v1::AgendaItemRemoved>([](Meeting& meeting, const v1::AgendaItemRemoved& removed,
                                         const RecordedEvent& event) {
             DropItem(meeting, removed.nomination_id());
             return Move(meeting, T::kChangeAgenda, event);
           })
           .On<v1::ConveningInquorate>([](Meeting& meeting, v1::ConveningInquorate&& inquorate,
                                          const RecordedEvent& event) {
             meeting.last_inquorate = std::move(inquorate);
             ++meeting.inquorate_attempts;
             return Move(meeting, T::kRecordInquorate, event);
           })
           .On<v1::MeetingConvened>(
               [](Meeting& meeting, v1::MeetingConvened&& convened, const RecordedEvent& event) {
                 meeting.convened = std::move(convened);
                 return Move(meeting, T::kConvene, event);
               })
           .On<v1::MeetingCancelled>([](Meeting& meeting, const v1::MeetingCancelled& cancelled,
                                        const RecordedEvent& event) {
             meeting.cancel_reason = cancelled.reason();
             return Move(meeting, T::kCancel, event);
           })
           .On<v1::VotingOpened>(
               [](Meeting& meeting, const v1::VotingOpened& opened, const RecordedEvent& event) {
                 for (const v1::DeferredItem& deferred : opened.deferred()) {
                   DropItem(meeting, deferred.nomination_id());
                   meeting.deferred.push_back(deferred);
                 }
                 return Move(meeting, T::kOpenVoting, event);
               })
           .On<v1::BallotCast>(
               [](Meeting& meeting, const v1::BallotCast& cast, const RecordedEvent& event) {
                 meeting.box.Record(cast);
                 return Move(meeting, T::kCastBallot, event);
               })
           .On<v1::VotingClosed>(
               [](Meeting& meeting, const v1::VotingClosed& closed, const RecordedEvent& event) {
                 meeting.tallies.assign(closed.tallies().begin(), closed.tallies().end());
                 return Move(meeting, T::kCloseVoting, event);
               })
           .On<v1::MinutesSigned>(
               [](Meeting& meeting, v1::MinutesSigned&& signature, const RecordedEvent& event) {
                 meeting.signatures.push_back(std::move(signature));
                 return Move(meeting,
                             meeting.signatures.size() >= 2 ? T::kConcludeMinutes : T::kSignMinutes,
                             event);
               });
  return *appliers;
}

}  // namespace

absl::Status MeetingAggregate::Evolve(Meeting& meeting, const eventstore::RecordedEvent& event) {
  return Appliers().Apply(meeting, event);
}

absl::StatusOr<std::vector<NewEvent>> DecideSchedule(const Meeting& meeting,
                                                     const v1::MeetingScheduled& scheduled) {
  if (meeting.state != MeetingState::kNone) {
    return absl::AlreadyExistsError(
        absl::StrCat("meeting ", scheduled.meeting_id(), " is already scheduled"));
  }
  if (scheduled.meeting_id().empty()) return InvalidField("meeting_id", "missing");
  if (scheduled.authority_id().empty()) return InvalidField("authority_id", "missing");
  AWARD_RETURN_IF_ERROR(CivilDayOf(scheduled.meeting_date(), "meeting_date").status());
  if (scheduled.place().empty()) return InvalidField("place", "missing");
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < scheduled.items_size(); ++i) {
    if (!ids.insert(scheduled.items(i).nomination_id()).second) {
      return InvalidField(absl::StrCat("items[", i, "].nomination_id"),
                          "the same nomination twice on one agenda");
    }
  }
  return One(scheduled);
}

absl::StatusOr<std::vector<NewEvent>> DecideAddItem(const Meeting& meeting,
                                                    const v1::AgendaItem& item) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kChangeAgenda));
  if (meeting.FindItem(item.nomination_id()) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("nomination ", item.nomination_id(), " is already on this agenda"));
  }
  v1::AgendaItemAdded added;
  *added.mutable_item() = item;
  return One(added);
}

absl::StatusOr<std::vector<NewEvent>> DecideRemoveItem(const Meeting& meeting,
                                                       absl::string_view nomination_id,
                                                       const std::string& reason) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kChangeAgenda));
  if (meeting.FindItem(nomination_id) == nullptr) {
    return absl::NotFoundError(absl::StrCat("nomination ", nomination_id, " is not on the agenda"));
  }
  if (reason.empty()) return InvalidField("reason", "say why the item is removed");
  v1::AgendaItemRemoved removed;
  removed.set_nomination_id(std::string(nomination_id));
  removed.set_reason(reason);
  return One(removed);
}

absl::StatusOr<std::vector<NewEvent>> DecideConvene(const Meeting& meeting, const Council& council,
                                                    bool secretary_votes,
                                                    const std::vector<std::string>& present,
                                                    const std::string& presiding,
                                                    const std::string& secretary) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kConvene));
  if (!council.exists) {
    return absl::FailedPreconditionError(
        absl::StrCat("authority ", meeting.scheduled.authority_id(), " has no council"));
  }
  const absl::CivilDay day = ToCivilDay(meeting.scheduled.meeting_date());
  absl::flat_hash_set<std::string> seen;
  uint32_t present_voting = 0;
  for (size_t i = 0; i < present.size(); ++i) {
    const std::string field = absl::StrCat("present_member_ids[", i, "]");
    if (!seen.insert(present[i]).second) return InvalidField(field, "listed twice");
    std::optional<v1::CouncilMember> member = MemberOn(council, present[i], day);
    if (!member) {
      return InvalidField(field, absl::StrCat(present[i], " is not a member of the council on ",
                                              absl::FormatCivilTime(day)));
    }
    present_voting += Votes(*member, secretary_votes);
  }
  const std::vector<v1::CouncilMember> voting = VotingMembersOn(council, day, secretary_votes);
  const v1::Fraction quorum = QuorumOf(meeting.items);
  if (!MeetsQuorum(present_voting, voting.size(), quorum)) {
    v1::ConveningInquorate inquorate;
    for (const std::string& id : present) inquorate.add_present_member_ids(id);
    inquorate.set_voting_members(static_cast<uint32_t>(voting.size()));
    inquorate.set_present_voting_members(present_voting);
    *inquorate.mutable_quorum() = quorum;
    return One(inquorate);
  }
  // The chair presides; in the chair's absence, a vice-chair who is present.
  std::optional<v1::CouncilMember> chair = MemberOn(council, presiding, day);
  if (!seen.contains(presiding) || !chair || !Presides(chair->role())) {
    return InvalidField("presiding_member_id",
                        "the chair, or a vice-chair, who is present presides");
  }
  if (chair->role() != v1::COUNCIL_ROLE_CHAIR) {
    for (const std::string& id : present) {
      if (MemberOn(council, id, day)->role() == v1::COUNCIL_ROLE_CHAIR) {
        return InvalidField("presiding_member_id", "the chair is present and presides");
      }
    }
  }
  if (!seen.contains(secretary)) {
    return InvalidField("secretary_id", "the meeting's secretary is a member who is present");
  }
  v1::MeetingConvened convened;
  for (const std::string& id : present) convened.add_present_member_ids(id);
  convened.set_presiding_member_id(presiding);
  convened.set_secretary_id(secretary);
  convened.set_voting_members(static_cast<uint32_t>(voting.size()));
  convened.set_present_voting_members(present_voting);
  *convened.mutable_quorum() = quorum;
  for (const v1::CouncilMember& member : voting) convened.add_voting_member_ids(member.member_id());
  convened.set_council_name(council.name);
  for (const v1::CouncilMember& member : MembersOn(council, day)) *convened.add_members() = member;
  return One(convened);
}

absl::StatusOr<std::vector<NewEvent>> DecideCancel(const Meeting& meeting,
                                                   const std::string& reason) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kCancel));
  if (reason.empty()) return InvalidField("reason", "say why the meeting is cancelled");
  v1::MeetingCancelled cancelled;
  cancelled.set_reason(reason);
  return One(cancelled);
}

std::optional<std::string> DeferralReason(nominations::NominationState own_stream_state) {
  switch (own_stream_state) {
    case nominations::NominationState::kAppraised:
      return std::nullopt;
    case nominations::NominationState::kSuspended:
      return "tạm dừng xét: đang có kỷ luật, thanh tra, điều tra hoặc khiếu nại (R14)";
    default:
      return absl::StrCat("hồ sơ không còn chờ xét (", nominations::StateName(own_stream_state),
                          ")");
  }
}

absl::StatusOr<std::vector<NewEvent>> DecideOpenVoting(
    const Meeting& meeting, const std::vector<v1::DeferredItem>& deferred) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kOpenVoting));
  v1::VotingOpened opened;
  for (const v1::DeferredItem& item : deferred) {
    if (meeting.FindItem(item.nomination_id()) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("nomination ", item.nomination_id(), " is not on the agenda"));
    }
    *opened.add_deferred() = item;
  }
  for (const v1::AgendaItem& item : meeting.items) {
    const bool is_deferred = std::any_of(
        deferred.begin(), deferred.end(),
        [&](const v1::DeferredItem& d) { return d.nomination_id() == item.nomination_id(); });
    if (!is_deferred) opened.add_nomination_ids(item.nomination_id());
  }
  if (opened.nomination_ids().empty()) {
    return absl::FailedPreconditionError(
        meeting.items.empty() ? "the agenda is empty: there is nothing to vote on"
                              : "every item is deferred: there is nothing to vote on; cancel "
                                "the meeting");
  }
  return One(opened);
}

absl::StatusOr<std::vector<NewEvent>> DecideCastBallot(
    const Meeting& meeting, const BallotSeal& seal, absl::string_view nomination_id,
    const std::string& member_id, v1::BallotChoice choice, bool written_opinion) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kCastBallot));
  const v1::AgendaItem* item = meeting.FindItem(nomination_id);
  if (item == nullptr) {
    return absl::NotFoundError(absl::StrCat("nomination ", nomination_id, " is not on the agenda"));
  }
  const v1::MeetingConvened& convened = meeting.convened;
  if (!Contains(convened.voting_member_ids(), member_id)) {
    return absl::PermissionDeniedError(
        absl::StrCat(member_id, " is not a voting member of the council on the meeting date"));
  }
  const bool present = Contains(convened.present_member_ids(), member_id);
  if (present && written_opinion) {
    return absl::FailedPreconditionError(
        absl::StrCat(member_id, " is present and votes in person, not in writing"));
  }
  if (!present && !written_opinion) {
    return absl::FailedPreconditionError(
        absl::StrCat(member_id, " is absent: an absent member votes only by written opinion"));
  }
  if (written_opinion && !item->ballot().written_opinions_allowed()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ballot rule for ", v1::AwardKind_Name(item->kind()),
                     " does not allow written opinions of absent members"));
  }
  AWARD_ASSIGN_OR_RETURN(v1::BallotCast cast,
                         meeting.box.Cast(seal, meeting.scheduled.meeting_id(), *item, member_id,
                                          choice, written_opinion));
  return One(cast);
}

absl::StatusOr<std::vector<NewEvent>> DecideCloseVoting(const Meeting& meeting,
                                                        const BallotSeal& seal) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kCloseVoting));
  AWARD_ASSIGN_OR_RETURN(std::vector<v1::ItemTally> tallies,
                         meeting.box.Tally(seal, meeting.scheduled.meeting_id(), meeting.items,
                                           meeting.convened.voting_members()));
  v1::VotingClosed closed;
  for (v1::ItemTally& tally : tallies) *closed.add_tallies() = std::move(tally);
  return One(closed);
}

absl::StatusOr<std::vector<NewEvent>> DecideSignMinutes(const Meeting& meeting,
                                                        const std::string& signer_id,
                                                        v1::MinutesSignatory signatory,
                                                        absl::string_view given_sha256,
                                                        absl::string_view rendered_sha256) {
  AWARD_RETURN_IF_ERROR(MeetingAllows(meeting, T::kSignMinutes));
  const std::string& expected =
      signatory == v1::MINUTES_SIGNATORY_PRESIDING   ? meeting.convened.presiding_member_id()
      : signatory == v1::MINUTES_SIGNATORY_SECRETARY ? meeting.convened.secretary_id()
                                                     : "";
  if (expected.empty()) return InvalidField("signatory", "say presiding member or secretary");
  if (signer_id != expected) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the minutes are signed as ", v1::MinutesSignatory_Name(signatory), " by ", expected));
  }
  for (const v1::MinutesSigned& signature : meeting.signatures) {
    if (signature.signatory() == signatory) {
      return absl::AlreadyExistsError(
          absl::StrCat(v1::MinutesSignatory_Name(signatory), " has already signed"));
    }
  }
  if (given_sha256.size() != 32) return InvalidField("minutes_sha256", "must be 32 bytes");
  if (given_sha256 != rendered_sha256) {
    return absl::FailedPreconditionError(
        "the SHA-256 given is not that of the minutes as the log renders them; read them again");
  }
  v1::MinutesSigned signed_;
  signed_.set_signer_id(signer_id);
  signed_.set_signatory(signatory);
  signed_.set_minutes_sha256(std::string(rendered_sha256));
  return One(signed_);
}

}  // namespace award::council

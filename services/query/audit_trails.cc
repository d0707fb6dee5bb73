#include "services/query/audit_trails.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "award/v1/council.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/query/nomination_views.h"

namespace award::query {
namespace {

constexpr absl::string_view kMeetingPrefix = "meeting-";
constexpr absl::string_view kConsultationPrefix = "consultation-";

std::string EntityKey(absl::string_view entity, uint64_t position) {
  return KeyOf({"t", entity, OrderedNumber(position)});
}
std::string ActorKey(absl::string_view actor, uint64_t position) {
  return KeyOf({"a", actor, OrderedNumber(position)});
}
std::string MeetingKey(absl::string_view id) { return KeyOf({"m", id}); }

v1::BallotParticipation& BallotOf(v1::MeetingAudit& meeting, const std::string& nomination_id) {
  for (v1::BallotParticipation& ballot : *meeting.mutable_ballots()) {
    if (ballot.nomination_id() == nomination_id) return ballot;
  }
  v1::BallotParticipation* ballot = meeting.add_ballots();
  ballot->set_nomination_id(nomination_id);
  return *ballot;
}

using eventstore::RecordedEvent;

// What a council's meeting or consultation record tells an auditor; agenda
// changes are in the trail, not in this summary.
const EventAppliers<v1::MeetingAudit>& MeetingAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<v1::MeetingAudit>("meeting audit"))
           ->On<v1::MeetingScheduled>([](v1::MeetingAudit& meeting,
                                         const v1::MeetingScheduled& scheduled,
                                         const RecordedEvent&) {
             meeting.set_authority_id(scheduled.authority_id());
             *meeting.mutable_meeting_date() = scheduled.meeting_date();
             meeting.set_state("SCHEDULED");
             return absl::OkStatus();
           })
           .On<v1::ConsultationOpened>([](v1::MeetingAudit& meeting,
                                          const v1::ConsultationOpened& opened,
                                          const RecordedEvent&) {
             meeting.set_authority_id(opened.authority_id());
             *meeting.mutable_meeting_date() = opened.opened_on();
             *meeting.mutable_voting_member_ids() = opened.voting_member_ids();
             meeting.set_state("OPEN");
             return absl::OkStatus();
           })
           .On<v1::MeetingConvened>([](v1::MeetingAudit& meeting,
                                       const v1::MeetingConvened& convened, const RecordedEvent&) {
             *meeting.mutable_present_member_ids() = convened.present_member_ids();
             meeting.set_presiding_member_id(convened.presiding_member_id());
             meeting.set_secretary_id(convened.secretary_id());
             *meeting.mutable_voting_member_ids() = convened.voting_member_ids();
             meeting.set_state("CONVENED");
             return absl::OkStatus();
           })
           .On<v1::ConveningInquorate>([](v1::MeetingAudit& meeting,
                                          v1::ConveningInquorate&& inquorate,
                                          const RecordedEvent&) {
             *meeting.add_inquorate() = std::move(inquorate);
             return absl::OkStatus();
           })
           .On<v1::MeetingCancelled>(
               [](v1::MeetingAudit& meeting, const v1::MeetingCancelled&, const RecordedEvent&) {
                 meeting.set_state("CANCELLED");
                 return absl::OkStatus();
               })
           .On<v1::VotingOpened>(
               [](v1::MeetingAudit& meeting, const v1::VotingOpened& opened, const RecordedEvent&) {
                 for (const std::string& nomination : opened.nomination_ids()) {
                   BallotOf(meeting, nomination);
                 }
                 meeting.set_state("VOTING");
                 return absl::OkStatus();
               })
           .On<v1::BallotCast>(
               [](v1::MeetingAudit& meeting, const v1::BallotCast& cast, const RecordedEvent&) {
                 v1::BallotParticipation& ballot = BallotOf(meeting, cast.nomination_id());
                 ballot.add_member_ids(cast.member_id());
                 if (cast.written_opinion()) {
                   ballot.add_written_opinion_member_ids(cast.member_id());
                 }
                 return absl::OkStatus();
               })
           .On<v1::VotingClosed>(
               [](v1::MeetingAudit& meeting, const v1::VotingClosed& closed, const RecordedEvent&) {
                 *meeting.mutable_tallies() = closed.tallies();
                 meeting.set_state("TALLIED");
                 return absl::OkStatus();
               })
           .On<v1::ConsultationClosed>([](v1::MeetingAudit& meeting,
                                          const v1::ConsultationClosed& closed,
                                          const RecordedEvent&) {
             *meeting.mutable_tallies() = closed.tallies();
             meeting.set_state("CLOSED");
             return absl::OkStatus();
           })
           .On<v1::MinutesSigned>([](v1::MeetingAudit& meeting, const v1::MinutesSigned& signed_,
                                     const RecordedEvent& event) {
             v1::MinutesSignature* signature = meeting.add_signatures();
             signature->set_signer_id(signed_.signer_id());
             signature->set_signatory(signed_.signatory());
             signature->set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
             signature->set_position(event.position);
             // The second signature concludes the meeting (council.proto).
             if (meeting.signatures_size() >= 2) meeting.set_state("CONCLUDED");
             return absl::OkStatus();
           });
  return *appliers;
}

absl::Status ApplyToMeeting(absl::string_view id, const RecordedEvent& event,
                            ReadModelBatch& batch) {
  if (!MeetingAppliers().Knows(event.event.content_type)) return absl::OkStatus();
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::MeetingAudit> stored,
                         batch.GetMessage<v1::MeetingAudit>(MeetingKey(id)));
  v1::MeetingAudit meeting = stored.value_or(v1::MeetingAudit());
  meeting.set_meeting_id(std::string(id));
  AWARD_RETURN_IF_ERROR(MeetingAppliers().Apply(meeting, event));
  meeting.set_last_position(event.position);
  batch.PutMessage(MeetingKey(id), meeting);
  return absl::OkStatus();
}

}  // namespace

std::string EntityOf(absl::string_view stream) {
  for (absl::string_view prefix : {"agenda-", "resolution-"}) {
    if (absl::ConsumePrefix(&stream, prefix)) return absl::StrCat("nomination-", stream);
  }
  return std::string(stream);
}

absl::Status AuditTrails::Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) {
  v1::AuditEntry entry;
  entry.set_position(event.position);
  entry.set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
  entry.set_stream(event.stream);
  entry.set_version(event.version);
  entry.set_event_type(event.event.type);
  const eventstore::EventMetadata& meta = event.event.metadata;
  entry.set_actor(meta.actor);
  entry.set_request_id(meta.request_id);
  entry.set_correlation_id(meta.correlation_id);
  entry.set_causation_id(meta.causation_id);
  entry.set_event_id(event.event.id.ToString());
  batch.PutMessage(EntityKey(EntityOf(event.stream), event.position), entry);
  if (!meta.actor.empty()) batch.PutMessage(ActorKey(meta.actor, event.position), entry);
  absl::string_view rest = event.stream;
  if (absl::ConsumePrefix(&rest, kMeetingPrefix) ||
      absl::ConsumePrefix(&rest, kConsultationPrefix)) {
    return ApplyToMeeting(rest, event, batch);
  }
  return absl::OkStatus();
}

absl::StatusOr<AuditPage> ReadAuditTrail(const ReadModelDb::View& db,
                                         const v1::GetAuditTrailRequest& request) {
  std::string prefix;
  if (request.of_case() == v1::GetAuditTrailRequest::kEntity && !request.entity().empty()) {
    prefix = PrefixOf({"t", request.entity()});
  } else if (request.of_case() == v1::GetAuditTrailRequest::kActor && !request.actor().empty()) {
    prefix = PrefixOf({"a", request.actor()});
  } else {
    return eventstore::InvalidField("entity", "name an entity or an actor");
  }
  uint64_t after = 0;
  if (!request.page_token().empty() && !absl::SimpleAtoi(request.page_token(), &after)) {
    return eventstore::InvalidField("page_token", "not a token this list gave");
  }
  const uint32_t page_size = PageSizeOf(request.page_size());
  AuditPage page;
  bool corrupt = false;
  AWARD_RETURN_IF_ERROR(db.Scan(
      prefix, request.page_token().empty() ? "" : absl::StrCat(prefix, OrderedNumber(after)),
      [&](absl::string_view, absl::string_view value) {
        if (page.entries.size() == page_size) {
          page.next_page_token = absl::StrCat(page.entries.back().position());
          return false;
        }
        corrupt = !page.entries.emplace_back().ParseFromArray(value.data(),
                                                              static_cast<int>(value.size()));
        return !corrupt;
      }));
  if (corrupt) return absl::DataLossError("audit trail read model is corrupt");
  return page;
}

absl::StatusOr<std::optional<v1::MeetingAudit>> ReadMeetingAudit(const ReadModelDb::View& db,
                                                                 absl::string_view meeting_id) {
  return db.GetMessage<v1::MeetingAudit>(MeetingKey(meeting_id));
}

}  // namespace award::query

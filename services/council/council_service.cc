#include "services/council/council_service.h"

#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/proto_events.h"
#include "services/common/service_edge.h"
#include "services/council/domain/minutes.h"

namespace award::council {
namespace {

using eventstore::InvalidField;

absl::Status NormalizeMember(v1::CouncilMember& member, const std::string& field) {
  AWARD_RETURN_IF_ERROR(NormalizeInPlace(*member.mutable_full_name(), field + ".full_name"));
  return NormalizeInPlace(*member.mutable_position(), field + ".position");
}

// Who may change each aggregate: those who hold the role at the council's
// authority, or at the authority that scheduled the meeting or opened the
// consultation.
std::optional<std::string> AuthorityOfCouncil(const Council& c) {
  return c.exists ? std::optional(c.authority_id) : std::nullopt;
}
std::optional<std::string> AuthorityOfMeeting(const Meeting& m) {
  return m.state == MeetingState::kNone ? std::nullopt : std::optional(m.scheduled.authority_id());
}
std::optional<std::string> AuthorityOfConsultation(const Consultation& c) {
  return c.exists() ? std::optional(c.opened.authority_id()) : std::nullopt;
}

v1::MeetingState ToProto(MeetingState state) {
  switch (state) {
    case MeetingState::kScheduled:
      return v1::MEETING_STATE_SCHEDULED;
    case MeetingState::kConvened:
      return v1::MEETING_STATE_CONVENED;
    case MeetingState::kVoting:
      return v1::MEETING_STATE_VOTING;
    case MeetingState::kTallied:
      return v1::MEETING_STATE_TALLIED;
    case MeetingState::kConcluded:
      return v1::MEETING_STATE_CONCLUDED;
    case MeetingState::kCancelled:
      return v1::MEETING_STATE_CANCELLED;
    case MeetingState::kNone:
      break;
  }
  return v1::MEETING_STATE_UNSPECIFIED;
}

// Who took part in each item: names only, never choices.
template <typename Items>
void AddParticipation(const Items& items, const BallotBox& box,
                      google::protobuf::RepeatedPtrField<v1::ItemParticipation>& out) {
  for (const v1::AgendaItem& item : items) {
    v1::ItemParticipation* participation = out.Add();
    participation->set_nomination_id(item.nomination_id());
    for (const v1::BallotCast& cast : box.CastOn(item.nomination_id())) {
      (cast.written_opinion() ? participation->add_written_opinion_member_ids()
                              : participation->add_voted_member_ids())
          ->assign(cast.member_id());
    }
  }
}

}  // namespace

CouncilService::CouncilService(eventstore::EventStore& store, const RuleBook& rules,
                               const WorkingDayCalendar& calendar, const BallotSeal& seal,
                               CouncilServiceOptions options)
    : access_(options.access),
      store_(store),
      rules_(rules),
      calendar_(calendar),
      seal_(seal),
      today_(options.today ? std::move(options.today) : VietnamToday),
      councils_(store, AuthorityOfCouncil),
      meetings_(store, AuthorityOfMeeting, /*max_attempts=*/5, /*cached_streams=*/256),
      consultations_(store, AuthorityOfConsultation, /*max_attempts=*/5, /*cached_streams=*/256),
      agenda_(store, rules, calendar),
      authorities_(store) {}

absl::Mutex& CouncilService::StripeOf(const std::string& stream) {
  return stripes_[absl::Hash<std::string>{}(stream) % stripes_.size()];
}

bool CouncilService::SecretaryVotes(absl::CivilDay day) const {
  absl::StatusOr<const v1::RuleSet*> rule_set = rules_.ForDossierReceived(day);
  return rule_set.ok() && (*rule_set)->council_secretary_votes();
}

absl::StatusOr<Council> CouncilService::LoadCouncil(const std::string& authority_id) {
  AWARD_ASSIGN_OR_RETURN(auto loaded, councils_.Load(CouncilStream(authority_id)));
  if (!loaded.state.exists) {
    return absl::FailedPreconditionError(
        absl::StrCat("authority ", authority_id, " has no council constituted"));
  }
  return std::move(loaded.state);
}

security::CallerScope CouncilService::Scope(const grpc::ServerContext& context,
                                            const google::protobuf::Message& request) const {
  return security::CallerScope(access_, context, request);
}

absl::Status CouncilService::RunMeeting(const security::CallerScope& caller,
                                        const v1::CommandMeta& meta, const std::string& meeting_id,
                                        const MeetingDecide& decide, v1::MeetingOutcome& outcome,
                                        const MeetingObserver& observe) {
  if (meeting_id.empty()) return InvalidField("meeting_id", "missing");
  const std::string stream = MeetingStream(meeting_id);
  absl::MutexLock lock(&StripeOf(stream));
  return meetings_.Run(caller, meta, stream, decide, *outcome.mutable_recorded(),
                       [&](const Meeting& meeting) {
                         outcome.set_state(ToProto(meeting.state));
                         if (observe) observe(meeting);
                       });
}

absl::Status CouncilService::RunConsultation(
    const security::CallerScope& caller, const v1::CommandMeta& meta,
    const std::string& consultation_id,
    const std::function<absl::StatusOr<Effects>(const Consultation&)>& decide,
    v1::Recorded& recorded, const ConsultationObserver& observe) {
  if (consultation_id.empty()) return InvalidField("consultation_id", "missing");
  const std::string stream = ConsultationStream(consultation_id);
  absl::MutexLock lock(&StripeOf(stream));
  return consultations_.Run(caller, meta, stream, decide, recorded, observe);
}

// --- The council and its membership.

absl::Status CouncilService::RecordOnCouncil(
    const security::CallerScope& caller, const v1::CommandMeta& meta,
    const std::string& authority_id,
    const std::function<absl::StatusOr<std::vector<NewEvent>>(const Council&)>& decide,
    v1::Recorded& recorded) {
  if (authority_id.empty()) return InvalidField("authority_id", "missing");
  // The stream is the authority's own: checked before anything is read.
  AWARD_RETURN_IF_ERROR(caller.At(authority_id));
  return councils_.Run(caller, meta, CouncilStream(authority_id), decide, recorded);
}

grpc::Status CouncilService::ConstituteCouncil(grpc::ServerContext* context,
                                               const v1::ConstituteCouncilRequest* request,
                                               v1::ConstituteCouncilResponse* response) {
  v1::CouncilConstituted council = request->council();
  absl::Status normalized = NormalizeInPlace(*council.mutable_name(), "council.name");
  for (int i = 0; normalized.ok() && i < council.members_size(); ++i) {
    normalized =
        NormalizeMember(*council.mutable_members(i), absl::StrCat("council.members[", i, "]"));
  }
  if (!normalized.ok()) return Answer(normalized);
  if (council.authority_id().empty()) {
    return Answer(InvalidField("council.authority_id", "missing"));
  }
  return Answer(RecordOnCouncil(
      Scope(*context, *request), request->meta(), council.authority_id(),
      [&](const Council& c) -> absl::StatusOr<std::vector<NewEvent>> {
        AWARD_ASSIGN_OR_RETURN(
            auto authority,
            authorities_.Load(nominations::AuthorityStream(council.authority_id())));
        if (!authority.state.exists) {
          return absl::FailedPreconditionError(
              absl::StrCat("authority '", council.authority_id(), "' is not registered"));
        }
        return DecideConstitute(c, council);
      },
      *response->mutable_recorded()));
}

grpc::Status CouncilService::AddCouncilMember(grpc::ServerContext* context,
                                              const v1::AddCouncilMemberRequest* request,
                                              v1::AddCouncilMemberResponse* response) {
  v1::CouncilMemberAdded added = request->added();
  if (absl::Status s = NormalizeMember(*added.mutable_member(), "added.member"); !s.ok()) {
    return Answer(s);
  }
  return Answer(RecordOnCouncil(
      Scope(*context, *request), request->meta(), request->authority_id(),
      [&](const Council& c) { return DecideAddMember(c, added); }, *response->mutable_recorded()));
}

grpc::Status CouncilService::RemoveCouncilMember(grpc::ServerContext* context,
                                                 const v1::RemoveCouncilMemberRequest* request,
                                                 v1::RemoveCouncilMemberResponse* response) {
  return Answer(RecordOnCouncil(
      Scope(*context, *request), request->meta(), request->authority_id(),
      [&](const Council& c) { return DecideRemoveMember(c, request->removed()); },
      *response->mutable_recorded()));
}

grpc::Status CouncilService::ReplaceCouncilMember(grpc::ServerContext* context,
                                                  const v1::ReplaceCouncilMemberRequest* request,
                                                  v1::ReplaceCouncilMemberResponse* response) {
  v1::CouncilMemberReplaced replaced = request->replaced();
  if (absl::Status s = NormalizeMember(*replaced.mutable_replacement(), "replaced.replacement");
      !s.ok()) {
    return Answer(s);
  }
  return Answer(RecordOnCouncil(
      Scope(*context, *request), request->meta(), request->authority_id(),
      [&](const Council& c) { return DecideReplaceMember(c, replaced); },
      *response->mutable_recorded()));
}

grpc::Status CouncilService::GetCouncil(grpc::ServerContext*, const v1::GetCouncilRequest* request,
                                        v1::GetCouncilResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  absl::CivilDay day = today_();
  if (request->has_on()) {
    absl::StatusOr<absl::CivilDay> on = CivilDayOf(request->on(), "on");
    if (!on.ok()) return Answer(on.status());
    day = *on;
  }
  auto loaded = councils_.Load(CouncilStream(request->authority_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  if (!loaded->state.exists) {
    return Answer(absl::NotFoundError(
        absl::StrCat("authority ", request->authority_id(), " has no council constituted")));
  }
  response->set_authority_id(loaded->state.authority_id);
  response->set_name(loaded->state.name);
  for (const v1::CouncilMember& member : MembersOn(loaded->state, day)) {
    *response->add_members() = member;
  }
  response->set_voting_members(
      static_cast<uint32_t>(VotingMembersOn(loaded->state, day, SecretaryVotes(day)).size()));
  response->set_version(loaded->version);
  return grpc::Status::OK;
}

// --- Meetings.

grpc::Status CouncilService::ScheduleMeeting(grpc::ServerContext* context,
                                             const v1::ScheduleMeetingRequest* request,
                                             v1::ScheduleMeetingResponse* response) {
  v1::MeetingScheduled scheduled;
  scheduled.set_meeting_id(request->meeting_id());
  scheduled.set_authority_id(request->authority_id());
  *scheduled.mutable_meeting_date() = request->meeting_date();
  scheduled.set_place(request->place());
  if (absl::Status s = NormalizeInPlace(*scheduled.mutable_place(), "place"); !s.ok())
    return Answer(s);
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status s = caller.At(request->authority_id()); !s.ok()) return Answer(s);
  return Answer(RunMeeting(
      caller, request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        AWARD_RETURN_IF_ERROR(DecideSchedule(m, scheduled).status());
        AWARD_RETURN_IF_ERROR(LoadCouncil(request->authority_id()).status());
        v1::MeetingScheduled with_items = scheduled;
        Effects effects;
        AWARD_RETURN_IF_ERROR(agenda_.ReserveAll(request->items(), v1::AGENDA_KIND_MEETING,
                                                 request->meeting_id(), request->authority_id(),
                                                 ToCivilDay(request->meeting_date()),
                                                 *with_items.mutable_items(), effects));
        AWARD_ASSIGN_OR_RETURN(effects.events, DecideSchedule(m, with_items));
        return effects;
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::AddAgendaItem(grpc::ServerContext* context,
                                           const v1::AddAgendaItemRequest* request,
                                           v1::AddAgendaItemResponse* response) {
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        // The state machine speaks first, before the nomination is looked at.
        AWARD_RETURN_IF_ERROR(MeetingAllows(m, MeetingTransition::kChangeAgenda));
        AWARD_ASSIGN_OR_RETURN(
            auto reserved,
            agenda_.Reserve(request->item(), v1::AGENDA_KIND_MEETING, request->meeting_id(),
                            m.scheduled.authority_id(), ToCivilDay(m.scheduled.meeting_date())));
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events, DecideAddItem(m, reserved.item));
        return Effects{std::move(events),
                       {std::move(reserved.append)},
                       {std::move(reserved.nomination_as_read)}};
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::RemoveAgendaItem(grpc::ServerContext* context,
                                              const v1::RemoveAgendaItemRequest* request,
                                              v1::RemoveAgendaItemResponse* response) {
  std::string reason = request->reason();
  if (absl::Status s = NormalizeInPlace(reason, "reason"); !s.ok()) return Answer(s);
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events,
                               DecideRemoveItem(m, request->nomination_id(), reason));
        AWARD_ASSIGN_OR_RETURN(
            eventstore::StreamAppend release,
            agenda_.Release(request->nomination_id(), request->meeting_id(), reason));
        return Effects{std::move(events), {std::move(release)}};
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::ConveneMeeting(grpc::ServerContext* context,
                                            const v1::ConveneMeetingRequest* request,
                                            v1::ConveneMeetingResponse* response) {
  const std::vector<std::string> present(request->present_member_ids().begin(),
                                         request->present_member_ids().end());
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        AWARD_RETURN_IF_ERROR(MeetingAllows(m, MeetingTransition::kConvene));
        AWARD_ASSIGN_OR_RETURN(Council council, LoadCouncil(m.scheduled.authority_id()));
        return OnOwnStream(
            DecideConvene(m, council, SecretaryVotes(ToCivilDay(m.scheduled.meeting_date())),
                          present, request->presiding_member_id(), request->secretary_id()));
      },
      *response->mutable_outcome(),
      [&](const Meeting& after) {
        response->set_quorate(after.state != MeetingState::kScheduled);
        if (response->quorate()) {
          response->set_present_voting_members(after.convened.present_voting_members());
          response->set_voting_members(after.convened.voting_members());
          *response->mutable_quorum() = after.convened.quorum();
        } else {
          response->set_present_voting_members(after.last_inquorate.present_voting_members());
          response->set_voting_members(after.last_inquorate.voting_members());
          *response->mutable_quorum() = after.last_inquorate.quorum();
        }
      }));
}

grpc::Status CouncilService::CancelMeeting(grpc::ServerContext* context,
                                           const v1::CancelMeetingRequest* request,
                                           v1::CancelMeetingResponse* response) {
  std::string reason = request->reason();
  if (absl::Status s = NormalizeInPlace(reason, "reason"); !s.ok()) return Answer(s);
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events, DecideCancel(m, reason));
        Effects effects{std::move(events), {}};
        // Every item is free again for another agenda.
        for (const v1::AgendaItem& item : m.items) {
          AWARD_ASSIGN_OR_RETURN(effects.also.emplace_back(),
                                 agenda_.Release(item.nomination_id(), request->meeting_id(),
                                                 "the meeting was cancelled: " + reason));
        }
        return effects;
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::OpenVoting(grpc::ServerContext* context,
                                        const v1::OpenVotingRequest* request,
                                        v1::OpenVotingResponse* response) {
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        AWARD_RETURN_IF_ERROR(MeetingAllows(m, MeetingTransition::kOpenVoting));
        // An item whose nomination was suspended or withdrawn since it was
        // placed leaves the agenda for a later meeting (R14).
        std::vector<v1::DeferredItem> deferred;
        std::vector<eventstore::StreamAppend> released;
        for (const v1::AgendaItem& item : m.items) {
          AWARD_ASSIGN_OR_RETURN(nominations::OwnStreamNomination own_stream,
                                 agenda_.OwnStreamOf(item.nomination_id()));
          const std::optional<std::string> reason = DeferralReason(own_stream.status.state);
          if (!reason.has_value()) continue;
          v1::DeferredItem& item_deferred = deferred.emplace_back();
          item_deferred.set_nomination_id(item.nomination_id());
          item_deferred.set_reason(*reason);
          AWARD_ASSIGN_OR_RETURN(
              released.emplace_back(),
              agenda_.Release(item.nomination_id(), m.scheduled.meeting_id(), *reason));
        }
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events, DecideOpenVoting(m, deferred));
        return Effects{std::move(events), std::move(released)};
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::CastBallot(grpc::ServerContext* context,
                                        const v1::CastBallotRequest* request,
                                        v1::CastBallotResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  if (request->member_id().empty()) return Answer(InvalidField("member_id", "missing"));
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status s = caller.IsItself(request->member_id(), "member_id"); !s.ok()) {
    return Answer(s);
  }
  return Answer(RunMeeting(
      caller, request->meta(), request->meeting_id(),
      [&](const Meeting& m) {
        return OnOwnStream(DecideCastBallot(m, seal_, request->nomination_id(),
                                            request->member_id(), request->choice(),
                                            request->written_opinion()));
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::CloseVoting(grpc::ServerContext* context,
                                         const v1::CloseVotingRequest* request,
                                         v1::CloseVotingResponse* response) {
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) { return OnOwnStream(DecideCloseVoting(m, seal_)); },
      *response->mutable_outcome(),
      [&](const Meeting& after) {
        for (const v1::ItemTally& tally : after.tallies) *response->add_tallies() = tally;
      }));
}

grpc::Status CouncilService::SignMinutes(grpc::ServerContext* context,
                                         const v1::SignMinutesRequest* request,
                                         v1::SignMinutesResponse* response) {
  if (request->signer_id().empty()) return Answer(InvalidField("signer_id", "missing"));
  return Answer(RunMeeting(
      Scope(*context, *request), request->meta(), request->meeting_id(),
      [&](const Meeting& m) -> absl::StatusOr<Effects> {
        const std::string sha = Sha256Of(RenderMinutes(m));
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events,
                               DecideSignMinutes(m, request->signer_id(), request->signatory(),
                                                 request->minutes_sha256(), sha));
        Effects effects{std::move(events), {}};
        if (m.signatures.empty()) return effects;
        // The second signature concludes the meeting: the outcomes go with it.
        for (const v1::ItemTally& tally : m.tallies) {
          AWARD_ASSIGN_OR_RETURN(
              effects.also.emplace_back(),
              agenda_.Conclude(tally, v1::AGENDA_KIND_MEETING, m.scheduled.meeting_id(),
                               m.scheduled.authority_id(), m.scheduled.meeting_date()));
        }
        return effects;
      },
      *response->mutable_outcome()));
}

grpc::Status CouncilService::GetMeeting(grpc::ServerContext*, const v1::GetMeetingRequest* request,
                                        v1::GetMeetingResponse* response) {
  if (request->meeting_id().empty()) return Answer(InvalidField("meeting_id", "missing"));
  auto loaded = meetings_.Load(MeetingStream(request->meeting_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  const Meeting& m = loaded->state;
  if (m.state == MeetingState::kNone) {
    return Answer(absl::NotFoundError(absl::StrCat("no meeting ", request->meeting_id())));
  }
  response->set_meeting_id(m.scheduled.meeting_id());
  response->set_authority_id(m.scheduled.authority_id());
  *response->mutable_meeting_date() = m.scheduled.meeting_date();
  response->set_place(m.scheduled.place());
  response->set_state(ToProto(m.state));
  for (const v1::AgendaItem& item : m.items) *response->add_items() = item;
  for (const std::string& id : m.convened.present_member_ids()) {
    response->add_present_member_ids(id);
  }
  response->set_presiding_member_id(m.convened.presiding_member_id());
  response->set_secretary_id(m.convened.secretary_id());
  response->set_voting_members(m.convened.voting_members());
  response->set_inquorate_attempts(static_cast<uint32_t>(m.inquorate_attempts));
  AddParticipation(m.items, m.box, *response->mutable_participation());
  for (const v1::ItemTally& tally : m.tallies) *response->add_tallies() = tally;
  for (const v1::MinutesSigned& signature : m.signatures) *response->add_signatures() = signature;
  response->set_cancel_reason(m.cancel_reason);
  response->set_version(loaded->version);
  return grpc::Status::OK;
}

grpc::Status CouncilService::GetMinutes(grpc::ServerContext*, const v1::GetMinutesRequest* request,
                                        v1::GetMinutesResponse* response) {
  if (request->meeting_id().empty()) return Answer(InvalidField("meeting_id", "missing"));
  auto loaded = meetings_.Load(MeetingStream(request->meeting_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  const Meeting& m = loaded->state;
  if (m.state == MeetingState::kNone) {
    return Answer(absl::NotFoundError(absl::StrCat("no meeting ", request->meeting_id())));
  }
  if (m.state != MeetingState::kTallied && m.state != MeetingState::kConcluded) {
    return Answer(absl::FailedPreconditionError(
        absl::StrCat("the meeting is ", StateName(m.state),
                     "; minutes exist once voting is closed (TALLIED or CONCLUDED)")));
  }
  response->set_text(RenderMinutes(m));
  response->set_sha256(Sha256Of(response->text()));
  return grpc::Status::OK;
}

// --- Written consultations.

grpc::Status CouncilService::OpenConsultation(grpc::ServerContext* context,
                                              const v1::OpenConsultationRequest* request,
                                              v1::OpenConsultationResponse* response) {
  const absl::CivilDay today = today_();
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status s = caller.At(request->authority_id()); !s.ok()) return Answer(s);
  return Answer(RunConsultation(
      caller, request->meta(), request->consultation_id(),
      [&](const Consultation& c) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(
            v1::ConsultationOpened opened,
            ConsultationOpenedOn(request->consultation_id(), request->authority_id(), today,
                                 request->working_days(), calendar_));
        if (c.exists()) return OnOwnStream(DecideOpenConsultation(c, opened));
        if (request->items().empty())
          return InvalidField("items", "a consultation asks about something");
        AWARD_ASSIGN_OR_RETURN(Council council, LoadCouncil(request->authority_id()));
        for (const v1::CouncilMember& member :
             VotingMembersOn(council, today, SecretaryVotes(today))) {
          opened.add_voting_member_ids(member.member_id());
        }
        Effects effects;
        AWARD_RETURN_IF_ERROR(agenda_.ReserveAll(
            request->items(), v1::AGENDA_KIND_CONSULTATION, request->consultation_id(),
            request->authority_id(), today, *opened.mutable_items(), effects));
        AWARD_ASSIGN_OR_RETURN(effects.events, DecideOpenConsultation(c, opened));
        return effects;
      },
      *response->mutable_recorded(),
      [&](const Consultation& after) { *response->mutable_deadline() = after.opened.deadline(); }));
}

grpc::Status CouncilService::AnswerConsultation(grpc::ServerContext* context,
                                                const v1::AnswerConsultationRequest* request,
                                                v1::AnswerConsultationResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  if (request->member_id().empty()) return Answer(InvalidField("member_id", "missing"));
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status s = caller.IsItself(request->member_id(), "member_id"); !s.ok()) {
    return Answer(s);
  }
  const absl::CivilDay today = today_();
  return Answer(RunConsultation(
      caller, request->meta(), request->consultation_id(),
      [&](const Consultation& c) {
        return OnOwnStream(DecideAnswer(c, seal_, request->nomination_id(), request->member_id(),
                                        request->choice(), today));
      },
      *response->mutable_recorded()));
}

grpc::Status CouncilService::CloseConsultation(grpc::ServerContext* context,
                                               const v1::CloseConsultationRequest* request,
                                               v1::CloseConsultationResponse* response) {
  const absl::CivilDay today = today_();
  return Answer(RunConsultation(
      Scope(*context, *request), request->meta(), request->consultation_id(),
      [&](const Consultation& c) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(v1::ConsultationClosed closed,
                               DecideCloseConsultation(c, seal_, today));
        Effects effects{{ToNewEvent(closed)}, {}};
        for (const v1::ItemTally& tally : closed.tallies()) {
          AWARD_ASSIGN_OR_RETURN(
              effects.also.emplace_back(),
              agenda_.Conclude(tally, v1::AGENDA_KIND_CONSULTATION, c.opened.consultation_id(),
                               c.opened.authority_id(), closed.closed_on()));
        }
        return effects;
      },
      *response->mutable_recorded(),
      [&](const Consultation& after) {
        for (const v1::ItemTally& tally : after.tallies) *response->add_tallies() = tally;
      }));
}

grpc::Status CouncilService::GetConsultation(grpc::ServerContext*,
                                             const v1::GetConsultationRequest* request,
                                             v1::GetConsultationResponse* response) {
  if (request->consultation_id().empty()) {
    return Answer(InvalidField("consultation_id", "missing"));
  }
  auto loaded = consultations_.Load(ConsultationStream(request->consultation_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  const Consultation& c = loaded->state;
  if (!c.exists()) {
    return Answer(
        absl::NotFoundError(absl::StrCat("no consultation ", request->consultation_id())));
  }
  *response->mutable_opened() = c.opened;
  response->set_state(c.state == ConsultationState::kClosed ? v1::CONSULTATION_STATE_CLOSED
                                                            : v1::CONSULTATION_STATE_OPEN);
  AddParticipation(c.opened.items(), c.box, *response->mutable_participation());
  for (const v1::ItemTally& tally : c.tallies) *response->add_tallies() = tally;
  *response->mutable_closed_on() = c.closed_on;
  return grpc::Status::OK;
}

grpc::Status CouncilService::GetCouncilOutcome(grpc::ServerContext*,
                                               const v1::GetCouncilOutcomeRequest* request,
                                               v1::GetCouncilOutcomeResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  absl::StatusOr<AgendaRecord> record = agenda_.RecordOf(request->nomination_id());
  if (!record.ok()) return Answer(record.status());
  response->set_agenda_kind(record->agenda_kind);
  response->set_agenda_id(record->agenda_id);
  if (record->outcome.has_value()) {
    *response->mutable_outcome() = *record->outcome;
    response->set_decided(true);
  }
  return grpc::Status::OK;
}

}  // namespace award::council

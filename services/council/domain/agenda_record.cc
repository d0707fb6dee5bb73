#include "services/council/domain/agenda_record.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"

namespace award::council {
namespace {

eventstore::StreamAppend AppendTo(int64_t version, absl::string_view nomination_id,
                                  const google::protobuf::Message& message) {
  eventstore::StreamAppend append;
  append.stream = AgendaStream(nomination_id);
  append.expected = ExpectedAt(version);
  append.events.push_back(UnstampedEvent(ToNewEvent(message)));
  return append;
}

}  // namespace

namespace {

using eventstore::RecordedEvent;

const EventAppliers<AgendaRecord>& Appliers() {
  static const auto* const appliers =
      &(new EventAppliers<AgendaRecord>("agenda record"))
           ->On<v1::NominationPlacedOnAgenda>([](AgendaRecord& record,
                                                 const v1::NominationPlacedOnAgenda& placed,
                                                 const RecordedEvent&) {
             record.agenda_kind = placed.agenda_kind();
             record.agenda_id = placed.agenda_id();
             return absl::OkStatus();
           })
           .On<v1::NominationTakenOffAgenda>(
               [](AgendaRecord& record, const v1::NominationTakenOffAgenda&, const RecordedEvent&) {
                 record.agenda_kind = v1::AGENDA_KIND_UNSPECIFIED;
                 record.agenda_id.clear();
                 return absl::OkStatus();
               })
           .On<v1::CouncilOutcomeRecorded>([](AgendaRecord& record,
                                              v1::CouncilOutcomeRecorded&& outcome,
                                              const RecordedEvent&) {
             record.outcome = std::move(outcome);
             record.agenda_kind = v1::AGENDA_KIND_UNSPECIFIED;
             record.agenda_id.clear();
             return absl::OkStatus();
           });
  return *appliers;
}

}  // namespace

absl::Status AgendaRecordAggregate::Evolve(AgendaRecord& record,
                                           const eventstore::RecordedEvent& event) {
  return Appliers().Apply(record, event);
}

absl::StatusOr<v1::AgendaItem> AgendaItemFor(const nominations::OwnStreamNomination& nomination,
                                             const AgendaRecord& record,
                                             absl::string_view nomination_id,
                                             absl::string_view authority_id, bool open_vote,
                                             const RuleBook& rules, absl::CivilDay considered_on,
                                             const WorkingDayCalendar& calendar) {
  if (!nomination.exists) return absl::NotFoundError(absl::StrCat("no nomination ", nomination_id));
  if (nomination.draft.authority_id() != authority_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("nomination ", nomination_id, " is addressed to ",
                     nomination.draft.authority_id(), ", not to ", authority_id));
  }
  if (record.outcome.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the council already decided on nomination ", nomination_id, " (",
                     v1::CouncilResult_Name(record.outcome->tally().result()), ", ",
                     record.outcome->agenda_id(), ")"));
  }
  if (!record.agenda_id.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "nomination ", nomination_id, " is already on the open agenda of ", record.agenda_id));
  }
  if (nomination.status.state != nominations::NominationState::kAppraised) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nomination ", nomination_id, " is ", nominations::StateName(nomination.status.state),
        "; only an APPRAISED nomination goes on an agenda"));
  }
  AWARD_ASSIGN_OR_RETURN(const v1::RuleSet* rule_set, rules.ByVersion(nomination.rule_set_version));
  v1::AgendaItem item;
  if (!rules.BallotFor(*rule_set, nomination.draft.kind(), authority_id, *item.mutable_ballot())) {
    return absl::FailedPreconditionError(absl::StrCat(
        v1::AwardKind_Name(nomination.draft.kind()), " has no council ballot under ",
        rule_set->version(), " for ", authority_id,
        ": decide it without the council, or set the authority's ballot rule in its override"));
  }
  if (open_vote && !item.ballot().open_vote_allowed()) {
    return absl::FailedPreconditionError(
        absl::StrCat(v1::AwardKind_Name(nomination.draft.kind()),
                     " is voted by secret ballot only; an open vote is not allowed"));
  }
  AWARD_ASSIGN_OR_RETURN(const v1::AwardRule* award,
                         RuleBook::FindAward(*rule_set, nomination.draft.kind()));
  const int listing_days = static_cast<int>(award->disclosure_working_days());
  if (listing_days > 0 && !nomination.draft.simplified_procedure()) {
    if (!nomination.listed_on.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "R13: nomination ", nomination_id, " must be listed publicly for ", listing_days,
          " working days before the council takes it up; it has not been listed"));
    }
    AWARD_ASSIGN_OR_RETURN(
        const absl::CivilDay window_ends,
        calendar.AddWorkingDays(ToCivilDay(*nomination.listed_on), listing_days));
    if (considered_on <= window_ends) {
      return absl::FailedPreconditionError(
          absl::StrCat("R13: the public listing of nomination ", nomination_id, " runs until ",
                       absl::FormatCivilTime(window_ends),
                       "; the council may take it up from the next day, not on ",
                       absl::FormatCivilTime(considered_on)));
    }
  }
  item.set_nomination_id(std::string(nomination_id));
  item.set_kind(nomination.draft.kind());
  item.set_nominee_name(nomination.draft.nominee().full_name());
  item.set_rule_set_version(nomination.rule_set_version);
  item.set_open_vote(open_vote);
  return item;
}

eventstore::StreamAppend PlaceOnAgenda(int64_t version, const v1::AgendaItem& item,
                                       v1::AgendaKind kind, absl::string_view agenda_id,
                                       absl::string_view authority_id) {
  v1::NominationPlacedOnAgenda placed;
  placed.set_nomination_id(item.nomination_id());
  placed.set_agenda_kind(kind);
  placed.set_agenda_id(std::string(agenda_id));
  placed.set_authority_id(std::string(authority_id));
  return AppendTo(version, item.nomination_id(), placed);
}

eventstore::StreamAppend TakeOffAgenda(int64_t version, absl::string_view nomination_id,
                                       v1::AgendaKind kind, absl::string_view agenda_id,
                                       absl::string_view reason) {
  v1::NominationTakenOffAgenda taken;
  taken.set_agenda_kind(kind);
  taken.set_agenda_id(std::string(agenda_id));
  taken.set_reason(std::string(reason));
  return AppendTo(version, nomination_id, taken);
}

eventstore::StreamAppend RecordOutcome(int64_t version, const v1::CouncilOutcomeRecorded& outcome) {
  return AppendTo(version, outcome.nomination_id(), outcome);
}

}  // namespace award::council

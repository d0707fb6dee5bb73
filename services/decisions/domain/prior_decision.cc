#include "services/decisions/domain/prior_decision.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "award/v1/awardees.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/proto_events.h"
#include "services/common/public_record.h"
#include "services/nominations/domain/awardee_history.h"

namespace award::decisions {
namespace {

using eventstore::InvalidField;

absl::Status ValidateHeader(const v1::PriorDecision& header, absl::CivilDay today) {
  if (header.authority_id().empty()) return InvalidField("decision.authority_id", "missing");
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day,
                         CivilDayOf(header.decision_date(), "decision.decision_date"));
  if (day > today) {
    return InvalidField("decision.decision_date",
                        absl::StrCat(absl::FormatCivilTime(day),
                                     " is after today: only decisions already made are recorded"));
  }
  if (header.signer().full_name().empty()) {
    return InvalidField("decision.signer.full_name", "missing");
  }
  if (header.signer().title().empty()) return InvalidField("decision.signer.title", "missing");
  if (header.scan_sha256().size() != 32) {
    return InvalidField("decision.scan_sha256", "the SHA-256 of the scanned original: 32 bytes");
  }
  return absl::OkStatus();
}

absl::Status ValidateAward(const v1::PriorAward& award, absl::CivilDay decided_on) {
  if (award.awardee_id().empty()) return InvalidField("award.awardee_id", "missing");
  if (award.nominee_name().empty()) return InvalidField("award.nominee_name", "missing");
  if (award.subject_type() == v1::SUBJECT_TYPE_UNSPECIFIED) {
    return InvalidField("award.subject_type", "missing");
  }
  if (award.kind() == v1::AWARD_KIND_UNSPECIFIED) return InvalidField("award.kind", "missing");
  if (award.basis() == v1::BASIS_UNSPECIFIED) return InvalidField("award.basis", "missing");
  if (award.first_year() < 1945) return InvalidField("award.first_year", "a year from 1945");
  if (award.last_year() < award.first_year()) {
    return InvalidField("award.last_year", "before award.first_year");
  }
  if (award.last_year() > decided_on.year()) {
    return InvalidField("award.last_year",
                        absl::StrCat(award.last_year(), " is after the decision's year, ",
                                     decided_on.year(), ": an award follows its period"));
  }
  if (award.amount_paid_vnd() < 0) return InvalidField("award.amount_paid_vnd", "negative");
  return absl::OkStatus();
}

// The decision's regime names the kind, and the authority stood on its date
// at a level that decided then.
absl::StatusOr<const v1::LegalRegime*> CheckAgainstItsTime(const v1::PriorAward& award,
                                                           const nominations::Authority& authority,
                                                           const std::string& authority_id,
                                                           absl::CivilDay day,
                                                           const RuleBook& rules) {
  AWARD_ASSIGN_OR_RETURN(const v1::LegalRegime* regime, rules.RegimeOn(day));
  if (std::find(regime->kinds().begin(), regime->kinds().end(), award.kind()) ==
      regime->kinds().end()) {
    absl::Status status = absl::FailedPreconditionError(
        absl::StrCat("award.kind: ", AwardKindName(award.kind()), " is not named by ",
                     regime->name(), ", in force on ", absl::FormatCivilTime(day)));
    eventstore::SetErrorField(status, "award.kind");
    return status;
  }
  if (!authority.exists) {
    return absl::FailedPreconditionError(
        absl::StrCat("authority ", authority_id,
                     " is not registered: register it, with the day it was established, first"));
  }
  if (!nominations::CanDecideOn(authority, day)) {
    return absl::FailedPreconditionError(
        absl::StrCat("authority ", authority_id, " did not stand on ", absl::FormatCivilTime(day),
                     " as registered (established, merged or dissolved on other days)"));
  }
  if (std::find(regime->levels().begin(), regime->levels().end(), authority.registered.level()) ==
      regime->levels().end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "authority ", authority_id, " is of level ",
        v1::AuthorityLevel_Name(authority.registered.level()), ", which decided nothing under ",
        regime->name(), " on ", absl::FormatCivilTime(day)));
  }
  return regime;
}

// The first field in which `header` differs from the one recorded, or "".
std::string FirstDifference(const v1::PriorDecision& recorded, const v1::PriorDecision& header) {
  using google::protobuf::util::MessageDifferencer;
  const google::protobuf::Descriptor& type = *v1::PriorDecision::descriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type.field(i);
    MessageDifferencer differencer;
    std::vector<const google::protobuf::FieldDescriptor*> only = {field};
    if (!differencer.CompareWithFields(recorded, header, only, only)) {
      return field->name();
    }
  }
  return "";
}

v1::AwardGranted GrantOf(const std::string& decision_id, const v1::PriorDecision& header,
                         const v1::PriorAward& award) {
  v1::AwardGranted granted;
  granted.set_decision_id(decision_id);
  granted.set_decision_number(header.number_text());
  *granted.mutable_decision_date() = header.decision_date();
  granted.set_kind(award.kind());
  granted.set_first_year(award.first_year());
  granted.set_last_year(award.last_year());
  granted.set_basis(award.basis());
  *granted.mutable_achievement_ids() = award.achievement_ids();
  granted.set_authority_id(header.authority_id());
  granted.set_subject_type(award.subject_type());
  granted.set_amount_vnd(award.amount_paid_vnd());
  granted.set_from_paper(true);
  return granted;
}

}  // namespace

absl::StatusOr<uint32_t> NumberOfPrintedText(const std::string& number_text) {
  size_t digits = 0;
  while (digits < number_text.size() && absl::ascii_isdigit(number_text[digits])) ++digits;
  uint32_t number = 0;
  if (digits == 0 || digits > 9 ||
      !absl::SimpleAtoi(absl::string_view(number_text).substr(0, digits), &number) || number == 0) {
    return InvalidField("decision.number_text",
                        absl::StrCat("'", number_text,
                                     "' does not start with the decision's number, as in "
                                     "'1234/QĐ-UBND'"));
  }
  return number;
}

absl::StatusOr<PriorRecording> DecideRecordPriorAward(
    const Decision& decision, const std::string& decision_id, const v1::PriorDecision& header,
    const v1::PriorAward& award, const PriorFacts& facts, const RuleBook& rules) {
  if (decision.state != DecisionState::kNone && !decision.prior.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("decision ", decision_id, " is the platform's own (",
                     StateName(decision.state), "), not one recorded from paper"));
  }
  AWARD_RETURN_IF_ERROR(ValidateHeader(header, facts.today));
  AWARD_ASSIGN_OR_RETURN(const uint32_t number, NumberOfPrintedText(header.number_text()));
  const absl::CivilDay day = ToCivilDay(header.decision_date());
  AWARD_RETURN_IF_ERROR(ValidateAward(award, day));
  AWARD_ASSIGN_OR_RETURN(
      const v1::LegalRegime* regime,
      CheckAgainstItsTime(award, facts.authority, header.authority_id(), day, rules));

  PriorRecording recording;
  recording.number = number;
  if (decision.prior.has_value()) {
    if (const std::string field = FirstDifference(decision.prior->decision(), header);
        !field.empty()) {
      absl::Status status = absl::FailedPreconditionError(absl::StrCat(
          "decision.", field, " differs from what decision ", decision_id, " was recorded with"));
      eventstore::SetErrorField(status, absl::StrCat("decision.", field));
      return status;
    }
    for (const v1::PriorAward& recorded : decision.prior_awards) {
      if (recorded.awardee_id() != award.awardee_id() || recorded.kind() != award.kind()) continue;
      if (google::protobuf::util::MessageDifferencer::Equals(recorded, award)) {
        recording.already_recorded = true;
        return recording;
      }
      return absl::AlreadyExistsError(absl::StrCat("decision ", decision_id, " already records ",
                                                   AwardKindName(award.kind()), " to ",
                                                   award.awardee_id(), " with other values"));
    }
  } else {
    if (const v1::DecisionNumbered* taken = EntryWithNumber(facts.book, number)) {
      return absl::AlreadyExistsError(absl::StrCat("number ", number, " of ", day.year(), " of ",
                                                   header.authority_id(), " is decision ",
                                                   taken->decision_id(), "'s"));
    }
    v1::PriorDecisionRecorded recorded;
    *recorded.mutable_decision() = header;
    recorded.set_number(number);
    recorded.set_legal_regime(regime->name());
    recording.effects.events.push_back(ToNewEvent(recorded));
    v1::DecisionNumbered numbered;
    numbered.set_number(number);
    numbered.set_decision_id(decision_id);
    *numbered.mutable_decision_date() = header.decision_date();
    numbered.set_from_paper(true);
    AddToStream(recording.effects, RegisterStream(header.authority_id(), day.year()),
                facts.register_version, numbered);
  }
  v1::PriorAwardRecorded recorded_award;
  *recorded_award.mutable_award() = award;
  recording.effects.events.push_back(ToNewEvent(recorded_award));
  AddToStream(recording.effects, nominations::AwardeeStream(award.awardee_id()),
              facts.awardee_version, GrantOf(decision_id, header, award));
  RequireUnchanged(recording.effects, nominations::AuthorityStream(header.authority_id()),
                   facts.authority_version);
  return recording;
}

}  // namespace award::decisions

#include "services/query/awardee_histories.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "award/v1/awardees.pb.h"
#include "base/status_macros.h"
#include "services/common/event_appliers.h"

namespace award::query {
namespace {

constexpr absl::string_view kAwardeePrefix = "awardee-";

std::string EntryKey(absl::string_view awardee, uint64_t position) {
  return KeyOf({"h", awardee, OrderedNumber(position)});
}

// Where the grant of one award sits in the awardee's history.
std::string GrantKey(absl::string_view awardee, absl::string_view decision, v1::AwardKind kind,
                     absl::string_view nomination) {
  return KeyOf({"g", awardee, decision, OrderedNumber(kind, 3), nomination});
}

v1::AwardeeEntry Stamped(const eventstore::RecordedEvent& event, v1::AwardeeEntryKind kind) {
  v1::AwardeeEntry entry;
  entry.set_entry(kind);
  entry.set_position(event.position);
  entry.set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
  return entry;
}

// The grant entry an event about an award refers to; DATA_LOSS when the log
// never granted it.
absl::StatusOr<std::pair<std::string, v1::AwardeeEntry>> GrantOf(ReadModelBatch& batch,
                                                                 absl::string_view awardee,
                                                                 absl::string_view decision,
                                                                 v1::AwardKind kind,
                                                                 absl::string_view nomination) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> entry_key,
                         batch.Get(GrantKey(awardee, decision, kind, nomination)));
  if (!entry_key.has_value()) {
    return absl::DataLossError(absl::StrCat("no grant of ", v1::AwardKind_Name(kind), " by ",
                                            decision, " to ", awardee, " for ", nomination));
  }
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::AwardeeEntry> grant,
                         batch.GetMessage<v1::AwardeeEntry>(*entry_key));
  if (!grant.has_value()) return absl::DataLossError("a grant index points nowhere");
  return std::pair{*std::move(entry_key), *std::move(grant)};
}

using eventstore::RecordedEvent;

absl::string_view AwardeeOf(const RecordedEvent& event) {
  absl::string_view awardee = event.stream;
  absl::ConsumePrefix(&awardee, kAwardeePrefix);
  return awardee;
}

absl::Status ApplyGranted(ReadModelBatch& batch, const v1::AwardGranted& granted,
                          const RecordedEvent& event) {
  const absl::string_view awardee = AwardeeOf(event);
  v1::AwardeeEntry entry = Stamped(event, v1::AWARDEE_ENTRY_KIND_GRANTED);
  entry.set_decision_id(granted.decision_id());
  entry.set_decision_number(granted.decision_number());
  *entry.mutable_decision_date() = granted.decision_date();
  entry.set_kind(granted.kind());
  entry.set_nomination_id(granted.nomination_id());
  entry.set_authority_id(granted.authority_id());
  entry.set_subject_type(granted.subject_type());
  entry.set_first_year(granted.first_year());
  entry.set_last_year(granted.last_year());
  entry.set_amount_vnd(granted.amount_vnd());
  entry.set_from_paper(granted.from_paper());
  const std::string key = EntryKey(awardee, event.position);
  batch.Put(GrantKey(awardee, granted.decision_id(), granted.kind(), granted.nomination_id()), key);
  batch.PutMessage(key, entry);
  return absl::OkStatus();
}

absl::Status ApplyRevoked(ReadModelBatch& batch, const v1::AwardRevoked& revoked,
                          const RecordedEvent& event) {
  const absl::string_view awardee = AwardeeOf(event);
  AWARD_ASSIGN_OR_RETURN(auto grant, GrantOf(batch, awardee, revoked.decision_id(), revoked.kind(),
                                             revoked.nomination_id()));
  v1::AwardeeEntry entry = grant.second;
  entry.set_entry(v1::AWARDEE_ENTRY_KIND_REVOKED);
  entry.set_position(event.position);
  entry.set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
  entry.set_ground(revoked.ground());
  *entry.mutable_revoked_on() = revoked.revoked_on();
  entry.set_recovery_vnd(revoked.recovery_vnd());
  grant.second.set_revoked_at_position(event.position);
  batch.PutMessage(grant.first, grant.second);
  batch.PutMessage(EntryKey(awardee, event.position), entry);
  return absl::OkStatus();
}

absl::Status ApplyNeedsReview(ReadModelBatch& batch, const v1::AwardNeedsReview& review,
                              const RecordedEvent& event) {
  const absl::string_view awardee = AwardeeOf(event);
  AWARD_ASSIGN_OR_RETURN(auto grant, GrantOf(batch, awardee, review.award().decision_id(),
                                             review.award().kind(), review.nomination_id()));
  v1::AwardeeEntry entry = grant.second;
  entry.set_entry(v1::AWARDEE_ENTRY_KIND_NEEDS_REVIEW);
  entry.set_position(event.position);
  entry.set_recorded_unix_micros(absl::ToUnixMicros(event.recorded_time));
  entry.clear_revoked_at_position();
  *entry.mutable_revoked_prerequisite() = review.revoked_prerequisite();
  grant.second.set_review_at_position(event.position);
  batch.PutMessage(grant.first, grant.second);
  batch.PutMessage(EntryKey(awardee, event.position), entry);
  return absl::OkStatus();
}

const EventAppliers<ReadModelBatch>& Appliers() {
  static const auto* const appliers = &(new EventAppliers<ReadModelBatch>("awardee histories"))
                                           ->On<v1::AwardGranted>(ApplyGranted)
                                           .On<v1::AwardRevoked>(ApplyRevoked)
                                           .On<v1::AwardNeedsReview>(ApplyNeedsReview);
  return *appliers;
}

}  // namespace

eventstore::AllFilter AwardeeHistories::filter() const {
  return {.stream_prefixes = {std::string(kAwardeePrefix)}, .event_types = {}};
}

absl::Status AwardeeHistories::Apply(const eventstore::RecordedEvent& event,
                                     ReadModelBatch& batch) {
  // The awardee's other events are not shown in this history.
  return Appliers().ApplyKnown(batch, event);
}

absl::StatusOr<std::vector<v1::AwardeeEntry>> ReadAwardeeHistory(const ReadModelDb::View& db,
                                                                 absl::string_view awardee_id) {
  std::vector<v1::AwardeeEntry> entries;
  bool corrupt = false;
  AWARD_RETURN_IF_ERROR(
      db.Scan(PrefixOf({"h", awardee_id}), "", [&](absl::string_view, absl::string_view value) {
        corrupt =
            !entries.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()));
        return !corrupt;
      }));
  if (corrupt) return absl::DataLossError(absl::StrCat("history of ", awardee_id, " is corrupt"));
  return entries;
}

}  // namespace award::query

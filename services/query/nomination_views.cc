#include "services/query/nomination_views.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "award/v1/awardees.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "eventstore/record_codec.h"
#include "services/common/event_appliers.h"
#include "services/common/text.h"
#include "services/nominations/nomination_record.h"
#include "services/query/name_search.h"

namespace award::query {
namespace {

constexpr absl::string_view kNominationPrefix = "nomination-";
constexpr absl::string_view kAgendaPrefix = "agenda-";
constexpr absl::string_view kResolutionPrefix = "resolution-";
constexpr absl::string_view kAwardeePrefix = "awardee-";

// Keys: the view, the records it folds, and the index by authority.
std::string ViewKey(absl::string_view id) { return KeyOf({"v", id}); }
std::string RecordsKey(absl::string_view id) { return KeyOf({"e", id}); }
std::string AuthorityKey(absl::string_view authority, absl::string_view id) {
  return KeyOf({"i", authority, id});
}

// The nomination a stream of its record belongs to; empty for other streams.
std::string NominationOf(absl::string_view stream) {
  for (absl::string_view prefix : {kNominationPrefix, kAgendaPrefix, kResolutionPrefix}) {
    if (absl::ConsumePrefix(&stream, prefix)) return std::string(stream);
  }
  return "";
}

std::string Encode(const eventstore::RecordedEvent& event) {
  std::string stored;
  eventstore::EncodeRecord(event, stored);
  return stored;
}

absl::StatusOr<eventstore::RecordedEvent> Decode(const std::string& stored) {
  AWARD_ASSIGN_OR_RETURN(eventstore::RecordView view, eventstore::ParseRecord(stored));
  return eventstore::ToRecordedEvent(view);
}

absl::Status ApplyToRecord(const std::string& id, const eventstore::RecordedEvent& event,
                           ReadModelBatch& batch) {
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::StoredRecords> stored,
                         batch.GetMessage<v1::StoredRecords>(RecordsKey(id)));
  v1::StoredRecords records = stored.value_or(v1::StoredRecords());
  std::vector<eventstore::RecordedEvent> events;
  events.reserve(records.records_size() + 1);
  for (const std::string& record : records.records()) {
    AWARD_ASSIGN_OR_RETURN(events.emplace_back(), Decode(record));
  }
  events.push_back(event);
  records.add_records(Encode(event));
  AWARD_ASSIGN_OR_RETURN(nominations::NominationRecord record,
                         nominations::FoldNominationRecord(id, std::move(events)));
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::NominationView> before,
                         batch.GetMessage<v1::NominationView>(ViewKey(id)));
  v1::NominationView view = before.value_or(v1::NominationView());
  view.set_nomination_id(id);
  view.clear_nomination();
  nominations::ToProto(record, *view.mutable_nomination());
  view.set_last_position(event.position);
  if (record.own_version >= 0 && !view.nomination().draft().authority_id().empty()) {
    batch.Put(AuthorityKey(view.nomination().draft().authority_id(), id), "");
  }
  batch.PutMessage(RecordsKey(id), records);
  batch.PutMessage(ViewKey(id), view);
  return absl::OkStatus();
}

// The money of an award, from the awardee's record.
struct Money {
  std::string nomination_id;
  int64_t amount = -1;    // granted; -1: not in this event
  int64_t recovery = -1;  // to recover after a revocation; -1: not in this event
};

const EventAppliers<Money>& MoneyAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<Money>("nomination money"))
           ->On<v1::AwardGranted>(
               [](Money& money, const v1::AwardGranted& granted, const eventstore::RecordedEvent&) {
                 money.nomination_id = granted.nomination_id();
                 money.amount = granted.amount_vnd();
                 return absl::OkStatus();
               })
           .On<v1::AwardRevoked>(
               [](Money& money, const v1::AwardRevoked& revoked, const eventstore::RecordedEvent&) {
                 money.nomination_id = revoked.nomination_id();
                 money.recovery = revoked.recovery_vnd();
                 return absl::OkStatus();
               });
  return *appliers;
}

absl::Status ApplyToMoney(const eventstore::RecordedEvent& event, ReadModelBatch& batch) {
  Money money;
  AWARD_RETURN_IF_ERROR(MoneyAppliers().ApplyKnown(money, event));
  if (money.nomination_id.empty()) return absl::OkStatus();
  const std::string key = ViewKey(money.nomination_id);
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::NominationView> before,
                         batch.GetMessage<v1::NominationView>(key));
  v1::NominationView view = before.value_or(v1::NominationView());
  view.set_nomination_id(money.nomination_id);
  if (money.amount >= 0) view.set_amount_vnd(money.amount);
  if (money.recovery >= 0) view.set_recovery_vnd(money.recovery);
  view.set_last_position(event.position);
  batch.PutMessage(key, view);
  return absl::OkStatus();
}

// Money can be seen before the nomination's own record (the order of streams
// within one append): such a view is not shown until the nomination is.
bool Known(const v1::NominationView& view) {
  return !view.nomination().draft().nomination_id().empty();
}

bool Passes(const v1::NominationView& view, const v1::ListNominationsRequest& request,
            const std::string& loose_name) {
  if (!Known(view)) return false;
  const v1::GetNominationResponse& n = view.nomination();
  const v1::NominationDrafted& draft = n.draft();
  if (!request.authority_id().empty() && draft.authority_id() != request.authority_id()) {
    return false;
  }
  if (!request.campaign_id().empty() && draft.campaign_id() != request.campaign_id()) return false;
  if (request.state() != v1::NOMINATION_STATE_UNSPECIFIED && n.state() != request.state()) {
    return false;
  }
  if (request.kind() != v1::AWARD_KIND_UNSPECIFIED && draft.kind() != request.kind()) return false;
  if (request.year() != 0 && nominations::LastYearOf(draft.period()) != request.year()) {
    return false;
  }
  if (!request.nominee_name().empty() &&
      !absl::StrContains(draft.nominee().full_name(), request.nominee_name())) {
    return false;
  }
  if (!loose_name.empty() &&
      !absl::StrContains(LooseForm(draft.nominee().full_name()), loose_name)) {
    return false;
  }
  return true;
}

}  // namespace

uint32_t PageSizeOf(uint32_t requested) {
  if (requested == 0) return 50;
  return std::min<uint32_t>(requested, 500);
}

eventstore::AllFilter NominationViews::filter() const {
  return {.stream_prefixes = {std::string(kNominationPrefix), std::string(kAgendaPrefix),
                              std::string(kResolutionPrefix), std::string(kAwardeePrefix)},
          .event_types = {}};
}

absl::Status NominationViews::Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) {
  if (absl::StartsWith(event.stream, kAwardeePrefix)) return ApplyToMoney(event, batch);
  const std::string id = NominationOf(event.stream);
  if (id.empty()) return absl::OkStatus();
  return ApplyToRecord(id, event, batch);
}

absl::StatusOr<std::optional<v1::NominationView>> ReadNominationView(
    const ReadModelDb::View& db, absl::string_view nomination_id) {
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::NominationView> view,
                         db.GetMessage<v1::NominationView>(ViewKey(nomination_id)));
  if (view.has_value() && !Known(*view)) return std::nullopt;
  return view;
}

absl::StatusOr<NominationPage> ListNominationViews(const ReadModelDb::View& db,
                                                   const v1::ListNominationsRequest& request) {
  v1::ListNominationsRequest wanted = request;
  if (!wanted.nominee_name().empty()) {
    AWARD_ASSIGN_OR_RETURN(*wanted.mutable_nominee_name(),
                           NormalizeText(wanted.nominee_name(), "nominee_name"));
  }
  AWARD_ASSIGN_OR_RETURN(std::string loose_input,
                         NormalizeText(wanted.nominee_name_loose(), "nominee_name_loose"));
  const std::string loose_name = LooseForm(loose_input);
  const uint32_t page_size = PageSizeOf(request.page_size());
  const bool by_authority = !request.authority_id().empty();
  const std::string prefix =
      by_authority ? PrefixOf({"i", request.authority_id()}) : PrefixOf({"v"});
  const std::string start_after =
      request.page_token().empty() ? "" : absl::StrCat(prefix, request.page_token());
  NominationPage page;
  absl::Status failed;
  AWARD_RETURN_IF_ERROR(
      db.Scan(prefix, start_after, [&](absl::string_view key, absl::string_view value) {
        const absl::string_view id = key.substr(prefix.size());
        v1::NominationView view;
        if (by_authority) {
          absl::StatusOr<std::optional<v1::NominationView>> read = ReadNominationView(db, id);
          if (!read.ok()) {
            failed = read.status();
            return false;
          }
          if (!read->has_value()) return true;
          view = **std::move(read);
        } else if (!view.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          failed = absl::DataLossError(absl::StrCat("nomination view ", id, " does not parse"));
          return false;
        }
        if (!Passes(view, wanted, loose_name)) return true;
        if (page.views.size() == page_size) {
          page.next_page_token = page.views.back().nomination_id();
          return false;
        }
        page.views.push_back(std::move(view));
        return true;
      }));
  AWARD_RETURN_IF_ERROR(failed);
  return page;
}

}  // namespace award::query

#include "services/query/decision_registers.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "award/v1/decisions.pb.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/query/nomination_views.h"

namespace award::query {
namespace {

constexpr absl::string_view kDecisionPrefix = "decision-";
constexpr absl::string_view kRegisterPrefix = "register-";

std::string DecisionKey(absl::string_view id) { return KeyOf({"d", id}); }
std::string RegisterKey(absl::string_view authority, int year, uint32_t number) {
  return KeyOf({"r", authority, OrderedNumber(year, 4), OrderedNumber(number, 10)});
}

absl::StatusOr<v1::DecisionView> Existing(ReadModelBatch& batch, absl::string_view id) {
  AWARD_ASSIGN_OR_RETURN(std::optional<v1::DecisionView> view,
                         batch.GetMessage<v1::DecisionView>(DecisionKey(id)));
  if (!view.has_value())
    return absl::DataLossError(absl::StrCat("decision ", id, " never drafted"));
  return *std::move(view);
}

using eventstore::RecordedEvent;

// A decision's row of the register as one of its events leaves it.
struct DecisionRow {
  ReadModelBatch& batch;
  std::string id;
  v1::DecisionView view;
};

const EventAppliers<DecisionRow>& DecisionAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<DecisionRow>("decision register"))
           ->On<v1::DecisionDrafted>(
               [](DecisionRow& row, v1::DecisionDrafted&& drafted, const RecordedEvent&) {
                 *row.view.mutable_draft() = std::move(drafted);
                 row.view.set_decision_id(row.id);
                 row.view.set_state(v1::REGISTER_STATE_DRAFTED);
                 int64_t total = 0;
                 for (const v1::DecisionAward& award : row.view.draft().awards())
                   total += award.amount_vnd();
                 row.view.set_total_vnd(total);
                 return absl::OkStatus();
               })
           .On<v1::DecisionIssued>([](DecisionRow& row, const v1::DecisionIssued& issued,
                                      const RecordedEvent&) -> absl::Status {
             AWARD_ASSIGN_OR_RETURN(row.view, Existing(row.batch, row.id));
             row.view.set_state(v1::REGISTER_STATE_ISSUED);
             row.view.set_number(issued.number());
             row.view.set_number_text(issued.number_text());
             *row.view.mutable_numbered_on() = issued.numbered_on();
             row.view.set_document_sha256(issued.document_sha256());
             return absl::OkStatus();
           })
           .On<v1::DecisionRevoked>([](DecisionRow& row, v1::DecisionRevoked&& revoked,
                                       const RecordedEvent&) -> absl::Status {
             AWARD_ASSIGN_OR_RETURN(row.view, Existing(row.batch, row.id));
             row.view.set_state(revoked.whole() ? v1::REGISTER_STATE_REVOKED
                                                : v1::REGISTER_STATE_PARTLY_REVOKED);
             for (const std::string& nomination : revoked.nomination_ids()) {
               row.view.add_revoked_nomination_ids(nomination);
             }
             *row.view.add_revocations() = std::move(revoked);
             return absl::OkStatus();
           })
           .On<v1::PriorDecisionRecorded>(
               [](DecisionRow& row, v1::PriorDecisionRecorded&& prior, const RecordedEvent&) {
                 row.view.set_decision_id(row.id);
                 row.view.set_state(v1::REGISTER_STATE_RECORDED_FROM_PAPER);
                 row.view.set_number(prior.number());
                 row.view.set_number_text(prior.decision().number_text());
                 *row.view.mutable_prior() = std::move(prior);
                 return absl::OkStatus();
               })
           .On<v1::PriorAwardRecorded>([](DecisionRow& row, v1::PriorAwardRecorded&& recorded,
                                          const RecordedEvent&) -> absl::Status {
             AWARD_ASSIGN_OR_RETURN(row.view, Existing(row.batch, row.id));
             row.view.set_total_vnd(row.view.total_vnd() + recorded.award().amount_paid_vnd());
             *row.view.add_prior_awards() = std::move(*recorded.mutable_award());
             return absl::OkStatus();
           })
           .On<v1::DecisionDiscarded>([](DecisionRow& row, const v1::DecisionDiscarded&,
                                         const RecordedEvent&) -> absl::Status {
             AWARD_ASSIGN_OR_RETURN(row.view, Existing(row.batch, row.id));
             row.view.set_state(v1::REGISTER_STATE_DISCARDED);
             return absl::OkStatus();
           });
  return *appliers;
}

absl::Status ApplyToDecision(absl::string_view id, const RecordedEvent& event,
                             ReadModelBatch& batch) {
  if (!DecisionAppliers().Knows(event.event.content_type)) return absl::OkStatus();
  DecisionRow row{batch, std::string(id), {}};
  AWARD_RETURN_IF_ERROR(DecisionAppliers().Apply(row, event));
  row.view.set_last_position(event.position);
  batch.PutMessage(DecisionKey(id), row.view);
  return absl::OkStatus();
}

// Stream register-<authority>-<year>: the authority id may itself hold dashes.
absl::Status ApplyNumbered(ReadModelBatch& batch, const v1::DecisionNumbered& numbered,
                           const RecordedEvent& event) {
  absl::string_view rest = event.stream;
  absl::ConsumePrefix(&rest, kRegisterPrefix);
  const size_t dash = rest.rfind('-');
  int year = 0;
  if (dash == absl::string_view::npos || !absl::SimpleAtoi(rest.substr(dash + 1), &year)) {
    return absl::DataLossError(absl::StrCat("register stream ", event.stream, " names no year"));
  }
  batch.Put(RegisterKey(rest.substr(0, dash), year, numbered.number()), numbered.decision_id());
  return absl::OkStatus();
}

const EventAppliers<ReadModelBatch>& RegisterAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<ReadModelBatch>("register"))->On<v1::DecisionNumbered>(ApplyNumbered);
  return *appliers;
}

}  // namespace

eventstore::AllFilter DecisionRegisters::filter() const {
  return {.stream_prefixes = {std::string(kDecisionPrefix), std::string(kRegisterPrefix)},
          .event_types = {}};
}

absl::Status DecisionRegisters::Apply(const eventstore::RecordedEvent& event,
                                      ReadModelBatch& batch) {
  absl::string_view rest = event.stream;
  if (absl::ConsumePrefix(&rest, kDecisionPrefix)) return ApplyToDecision(rest, event, batch);
  // A register's applier reads the authority and year from the stream itself.
  if (absl::StartsWith(event.stream, kRegisterPrefix)) {
    return RegisterAppliers().ApplyKnown(batch, event);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::DecisionView>> ReadDecisionView(const ReadModelDb::View& db,
                                                                 absl::string_view decision_id) {
  return db.GetMessage<v1::DecisionView>(DecisionKey(decision_id));
}

absl::StatusOr<DecisionPage> ListRegister(const ReadModelDb::View& db,
                                          const v1::ListDecisionsRequest& request) {
  uint32_t after = 0;
  if (!request.page_token().empty() && !absl::SimpleAtoi(request.page_token(), &after)) {
    return eventstore::InvalidField("page_token", "not a token this list gave");
  }
  const std::string prefix =
      PrefixOf({"r", request.authority_id(), OrderedNumber(request.year(), 4)});
  const uint32_t page_size = PageSizeOf(request.page_size());
  DecisionPage page;
  absl::Status failed;
  AWARD_RETURN_IF_ERROR(db.Scan(
      prefix, after == 0 ? "" : absl::StrCat(prefix, OrderedNumber(after, 10)),
      [&](absl::string_view, absl::string_view decision_id) {
        if (page.decisions.size() == page_size) {
          page.next_page_token = absl::StrCat(page.decisions.back().number());
          return false;
        }
        absl::StatusOr<std::optional<v1::DecisionView>> view = ReadDecisionView(db, decision_id);
        if (!view.ok() || !view->has_value()) {
          failed = view.ok() ? absl::DataLossError(absl::StrCat("register names decision ",
                                                                decision_id, " never drafted"))
                             : view.status();
          return false;
        }
        page.decisions.push_back(**std::move(view));
        return true;
      }));
  AWARD_RETURN_IF_ERROR(failed);
  return page;
}

}  // namespace award::query

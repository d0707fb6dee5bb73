#include "tools/audit/receipt.h"

#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "award/v1/decisions.pb.h"
#include "award/v1/receipt.pb.h"
#include "base/status_macros.h"
#include "eventstore/checkpoint.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/merkle.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "eventstore/stream_reads.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/proto_events.h"
#include "services/decisions/domain/decision.h"
#include "services/decisions/domain/decision_document.h"

namespace award::audit {
namespace {

namespace note = eventstore::note;
namespace merkle = eventstore::merkle;
using eventstore::Hash;
using eventstore::HashBytes;

constexpr absl::string_view kFormat = "award-decision-receipt/v1";

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

}  // namespace

absl::StatusOr<std::string> MakeReceipt(eventstore::EventStore& store, const LogProofs& proofs,
                                        absl::string_view decision_id, absl::Duration wait) {
  AWARD_ASSIGN_OR_RETURN(
      const std::vector<eventstore::RecordedEvent> events,
      eventstore::ReadWholeStream(store, decisions::DecisionStream(decision_id)));
  if (events.empty()) return absl::NotFoundError(absl::StrCat("no decision ", decision_id));
  std::optional<v1::DecisionDrafted> drafted;
  std::optional<v1::DecisionIssued> issued;
  std::vector<const eventstore::RecordedEvent*> proven;
  for (const eventstore::RecordedEvent& event : events) {
    if (event.event.type == "DecisionDrafted") {
      AWARD_ASSIGN_OR_RETURN(drafted, ParseEvent<v1::DecisionDrafted>(event));
    } else if (event.event.type == "DecisionIssued") {
      AWARD_ASSIGN_OR_RETURN(issued, ParseEvent<v1::DecisionIssued>(event));
      proven.insert(proven.begin(), &event);
    } else if (event.event.type == "DecisionRevoked") {
      proven.push_back(&event);
    }
  }
  if (!issued.has_value() || !drafted.has_value()) {
    return absl::NotFoundError(absl::StrCat(
        "decision ", decision_id,
        " was not issued on the platform (a draft, or a decision recorded from paper)"));
  }
  v1::DecisionReceipt receipt;
  receipt.set_format(std::string(kFormat));
  receipt.set_decision_id(std::string(decision_id));
  receipt.set_document(decisions::RenderDecision(*drafted, issued->number_text()));
  if (HashBytes(eventstore::Sha256({receipt.document()})) != issued->document_sha256()) {
    return absl::DataLossError(absl::StrCat(
        "decision ", decision_id, " renders differently from the document it was issued with"));
  }

  // A checkpoint that covers every record: the log signs one right after a
  // decision is issued or revoked, so this waits seconds at most.
  const uint64_t needed = proven.back()->position + 1;
  const absl::Time deadline = absl::Now() + wait;
  std::string checkpoint;
  uint64_t size = 0;
  while (true) {
    AWARD_ASSIGN_OR_RETURN(checkpoint, proofs.latest_checkpoint());
    // Its signatures are the receipt's reader's to check.
    AWARD_ASSIGN_OR_RETURN(const eventstore::Checkpoint peeked,
                           eventstore::PeekCheckpoint(checkpoint));
    size = peeked.size;
    if (size >= needed) break;
    if (absl::Now() >= deadline) {
      return absl::UnavailableError(absl::StrCat("the log's latest checkpoint covers ", size,
                                                 " events, not yet position ", needed - 1,
                                                 "; ask again in a few seconds"));
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  receipt.set_checkpoint(checkpoint);
  AWARD_ASSIGN_OR_RETURN(
      const std::vector<eventstore::RecordedEvent> key_events,
      eventstore::ReadWholeStream(store, std::string(eventstore::kLogKeysStream)));
  for (const eventstore::RecordedEvent& event : key_events) {
    if (event.event.type == eventstore::kLogKeyRotatedType) {
      receipt.add_key_announcements(event.event.payload);
    }
  }
  for (const eventstore::RecordedEvent* event : proven) {
    v1::DecisionReceipt::ProvenRecord& record = *receipt.add_records();
    record.set_position(event->position);
    eventstore::EncodeRecord(*event, *record.mutable_record());
    AWARD_ASSIGN_OR_RETURN(std::vector<Hash> path, proofs.inclusion(event->position, size));
    for (const Hash& hash : path) record.add_inclusion_proof(std::string(HashBytes(hash)));
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(receipt, &json, options).ok()) {
    return absl::InternalError("the receipt could not be written as JSON");
  }
  return json;
}

ReceiptVerdict VerifyReceipt(absl::string_view receipt_json, const ReceiptKeys& keys) {
  const auto failed = [](absl::string_view step, absl::string_view why) {
    return ReceiptVerdict{false, absl::StrCat("failed at ", step, ": ", why)};
  };
  v1::DecisionReceipt receipt;
  if (!google::protobuf::util::JsonStringToMessage(std::string(receipt_json), &receipt).ok() ||
      receipt.format() != kFormat) {
    return failed("reading the receipt", absl::StrCat("not JSON of ", kFormat));
  }
  if (receipt.records().empty()) return failed("reading the receipt", "it proves no record");

  // 1. The checkpoint: signed by the log's key (one given, or announced by
  // one given), cosigned by enough witnesses.
  const std::vector<note::Verifier> log_keys = eventstore::FollowRotations(
      keys.log_keys, {receipt.key_announcements().begin(), receipt.key_announcements().end()});
  std::vector<note::Verifier> known = log_keys;
  known.insert(known.end(), keys.witness_keys.begin(), keys.witness_keys.end());
  absl::StatusOr<note::Opened> opened = note::Open(receipt.checkpoint(), known);
  if (!opened.ok()) return failed("the checkpoint's signatures", opened.status().message());
  std::string log_signer;
  for (const note::Verifier& key : log_keys) {
    for (const std::string& name : opened->signed_by) {
      if (name == key.name && key.type == note::KeyType::kEd25519) log_signer = name;
    }
  }
  // Signed by a key announced, not by one given: the given ones alone do not open it.
  const bool announced = !note::Open(receipt.checkpoint(), keys.log_keys).ok();
  if (log_signer.empty()) return failed("the checkpoint's signatures", "no log key signed it");
  absl::StatusOr<eventstore::Checkpoint> checkpoint = eventstore::ParseCheckpoint(opened->text);
  if (!checkpoint.ok()) return failed("the checkpoint", checkpoint.status().message());
  if (checkpoint->origin != log_signer) {
    return failed("the checkpoint",
                  absl::StrCat("its origin '", checkpoint->origin, "' is not the log key's name"));
  }
  std::set<std::string> witnesses;
  std::vector<std::string> cosigned;
  for (const note::Opened::Cosignature& c : opened->cosigned_by) {
    if (witnesses.insert(c.name).second) {
      cosigned.push_back(
          absl::StrCat(c.name, " at ",
                       absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(c.timestamp),
                                        absl::UTCTimeZone())));
    }
  }
  if (static_cast<int>(witnesses.size()) < keys.min_witnesses) {
    return failed("the witnesses", absl::StrCat(witnesses.size(),
                                                " of the given witnesses "
                                                "cosigned the checkpoint; ",
                                                keys.min_witnesses, " are required"));
  }

  // 2. Each record: its bytes hash to its hash, and its leaf is in the tree.
  std::vector<std::string> lines;
  std::string number_text;
  for (int i = 0; i < receipt.records_size(); ++i) {
    const v1::DecisionReceipt::ProvenRecord& proven = receipt.records(i);
    const std::string step = absl::StrCat("record ", i, " (position ", proven.position(), ")");
    absl::StatusOr<eventstore::RecordView> view =
        eventstore::ParseRecordAt(proven.record(), proven.position());
    if (!view.ok()) return failed(step, view.status().message());
    const std::optional<std::vector<Hash>> path = eventstore::HashesOf(proven.inclusion_proof());
    if (!path.has_value()) return failed(step, "a proof hash is not 32 bytes");
    if (absl::Status included = merkle::VerifyInclusion(
            proven.position(), checkpoint->size, merkle::LeafHash(HashBytes(view->stored_hash)),
            *path, checkpoint->root);
        !included.ok()) {
      return failed(step, absl::StrCat("not in the checkpoint's tree: ", included.message()));
    }
    if (view->stream != decisions::DecisionStream(receipt.decision_id())) {
      return failed(step, absl::StrCat("it belongs to '", view->stream, "', not to decision ",
                                       receipt.decision_id()));
    }
    const std::string recorded = absl::FormatTime(
        "%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMicros(view->recorded_micros), absl::UTCTimeZone());
    if (i == 0) {
      v1::DecisionIssued issued;
      if (view->type != "DecisionIssued" || !issued.ParseFromString(std::string(view->payload))) {
        return failed(step, "the first record is not the decision's DecisionIssued");
      }
      const Hash document = eventstore::Sha256({receipt.document()});
      if (HashBytes(document) != issued.document_sha256()) {
        return failed("the document",
                      absl::StrCat("its SHA-256 is ", eventstore::HashToHex(document),
                                   "; the decision was issued with another text"));
      }
      number_text = issued.number_text();
      lines.push_back(absl::StrCat("decision ", receipt.decision_id(), ": number ", number_text,
                                   ", issued ", DateText(issued.numbered_on())));
      lines.push_back(absl::StrCat("text: ", receipt.document().size(), " bytes, SHA-256 ",
                                   eventstore::HashToHex(document),
                                   ", the one the DecisionIssued record holds"));
      lines.push_back(absl::StrCat("recorded at position ", proven.position(), " on ", recorded));
    } else {
      v1::DecisionRevoked revoked;
      if (view->type != "DecisionRevoked" || !revoked.ParseFromString(std::string(view->payload))) {
        return failed(step, "a later record is not one of the decision's DecisionRevoked");
      }
      lines.push_back(absl::StrCat("REVOKED on ", DateText(revoked.revoked_on()),
                                   revoked.whole() ? " (whole)" : " (in part)", ": nominations ",
                                   absl::StrJoin(revoked.nomination_ids(), ", "),
                                   "; recorded at position ", proven.position(), " on ", recorded));
    }
  }
  lines.push_back(absl::StrCat("in log ", checkpoint->origin, ": a tree of ", checkpoint->size,
                               " events with root ",
                               absl::Base64Escape(std::string(HashBytes(checkpoint->root))),
                               announced ? ", signed by a key the log announced with a key given"
                                         : ", signed by the log's key"));
  lines.push_back(cosigned.empty() ? "cosigned by no witness given"
                                   : absl::StrCat("cosigned by ", absl::StrJoin(cosigned, "; ")));
  if (receipt.records_size() == 1) {
    lines.push_back(
        "this receipt carries no revocation; it cannot show that none was made (a receipt "
        "fetched from the log later carries any)");
  }
  return ReceiptVerdict{true, absl::StrCat("ok\n", absl::StrJoin(lines, "\n"))};
}

}  // namespace award::audit

// A decision's receipt (award/v1/receipt.proto, as JSON): made by the
// auditors' program from a running log, and checked with no server at all.
// A receipt proves that the decision's DecisionIssued record, with its number
// and the SHA-256 of its text, and any DecisionRevoked records it carries,
// sit at their positions of a tree whose checkpoint the log signed and the
// witnesses cosigned. It does not prove that no revocation came after its
// checkpoint: a receipt fetched later does.
#ifndef AWARD_TOOLS_AUDIT_RECEIPT_H_
#define AWARD_TOOLS_AUDIT_RECEIPT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event_store.h"
#include "eventstore/signed_note.h"

namespace award::audit {

// What the log proves with (eventstore.v1.EventStore's GetCheckpoint and
// GetInclusionProof, or the embedded store's own).
struct LogProofs {
  std::function<absl::StatusOr<std::string>()> latest_checkpoint;  // the signed note
  std::function<absl::StatusOr<std::vector<eventstore::Hash>>(uint64_t index, uint64_t tree_size)>
      inclusion;
};

// The receipt of `decision_id`. NOT_FOUND when it was never issued;
// UNAVAILABLE when no checkpoint covers its records within `wait`.
absl::StatusOr<std::string> MakeReceipt(eventstore::EventStore& store, const LogProofs& proofs,
                                        absl::string_view decision_id,
                                        absl::Duration wait = absl::Seconds(15));

struct ReceiptKeys {
  std::vector<eventstore::note::Verifier> log_keys;      // any of them may have signed
  std::vector<eventstore::note::Verifier> witness_keys;  // cosigner keys (type 0x04)
  int min_witnesses = 0;
};

struct ReceiptVerdict {
  bool ok = false;
  // What was proved, one statement a line; or "failed at <step>: <why>".
  std::string text;
};

ReceiptVerdict VerifyReceipt(absl::string_view receipt_json, const ReceiptKeys& keys);

}  // namespace award::audit

#endif  // AWARD_TOOLS_AUDIT_RECEIPT_H_

// Sealed envelopes for secret ballots (bỏ phiếu kín).
//
// The design, and why it keeps the secret:
// * Casting a ballot records one BallotCast event: the member, the item, and
//   the choice sealed with AES-256-GCM under a key that exists only outside the
//   log: HMAC-SHA256(ballot secret, agenda id), where the ballot secret is the
//   council service's own key file. The nonce is random, so two equal choices
//   give unrelated envelopes, and every envelope has the same length. The
//   member's participation is durable at once (nothing is lost if the service
//   stops mid-vote) and provable (one BallotCast per member and item), yet
//   neither the log, nor a read model, nor any API answer holds the choice
//   beside the member: GetMeeting gives names only, CastBallot answers nothing
//   about the choice, and no count exists before voting closes.
// * Closing the vote opens every envelope in the service and writes the
//   choices of each item in one event, in canonical order (all AGREE, then
//   DISAGREE, then ABSTAIN): an order that is a function of the counts alone,
//   so it tells nothing about who cast what, unlike arrival order or a
//   weakly random one. The tally is recomputed from these opened choices by
//   anyone (an auditor), and their number equals the BallotCast events of the
//   item, so each member voted at most once and the tally equals the stored
//   choices.
// * The envelope's authenticated data binds it to its agenda, item and member,
//   so it cannot be moved to another item, and a tampered one fails to open
//   (DATA_LOSS) instead of counting.
// * What remains: whoever holds the ballot secret could open the envelopes
//   again and link them, as whoever holds the key to a sealed ballot box
//   could. Ops keep it as they keep a certificate's private key. A client must
//   not put the choice into request or correlation ids, which are stored.
//   Unanimity, or a single voter, reveals choices in any ballot, paper or not.
// Items whose ballot rule allows an open vote (biểu quyết công khai) and that
// the agenda marks as such record the choice by name instead.
#ifndef AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_SEAL_H_
#define AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_SEAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "award/v1/council.pb.h"

namespace award::council {

// Where an envelope belongs: it opens only there.
struct BallotPlace {
  absl::string_view agenda_id;  // the meeting or consultation
  absl::string_view nomination_id;
  absl::string_view member_id;
};

class BallotSeal {
 public:
  static constexpr size_t kSecretBytes = 32;
  static constexpr size_t kEnvelopeBytes = 12 + 1 + 16;  // nonce, choice, tag

  // INVALID_ARGUMENT unless `secret` has kSecretBytes bytes.
  static absl::StatusOr<BallotSeal> Create(absl::string_view secret);
  // A fresh random secret, for a new key file.
  static std::string NewSecret();

  absl::StatusOr<std::string> Seal(const BallotPlace& place, v1::BallotChoice choice) const;
  // DATA_LOSS when the envelope was not sealed for this place with this secret.
  absl::StatusOr<v1::BallotChoice> Open(const BallotPlace& place, absl::string_view envelope) const;

 private:
  explicit BallotSeal(std::string secret) : secret_(std::move(secret)) {}
  std::string KeyFor(absl::string_view agenda_id) const;

  std::string secret_;
};

}  // namespace award::council

#endif  // AWARD_SERVICES_COUNCIL_DOMAIN_BALLOT_SEAL_H_

// The log's side of its witnesses: each checkpoint the log signs is sent to
// every witness of its configuration (witness.v1.Witness/AddCheckpoint) with
// a consistency proof from the size that witness last cosigned; the
// cosignatures that verify with the witness's key are kept and served with
// the checkpoint (rocksdb_event_store.h, LogSigningOptions::cosign).
//
//   --witnesses=127.0.0.1:50070@witness.local/w1+1a2b3c4d+BA...,HOST:PORT@KEY
//
// A witness that is down or refuses is reported on stderr and asked again
// with the next checkpoint; the log goes on meanwhile. The channel is the
// server's own mTLS identity (--tls_*), or plaintext on loopback.
#ifndef AWARD_EVENTSTORE_GRPC_WITNESS_FEEDER_H_
#define AWARD_EVENTSTORE_GRPC_WITNESS_FEEDER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/signed_note.h"
#include "grpcpp/security/credentials.h"

namespace eventstore {

struct WitnessEndpoint {
  std::string address;
  note::Verifier key;
};

// "ADDRESS@VERIFIER_KEY" each; INVALID_ARGUMENT naming the one that is not.
absl::StatusOr<std::vector<WitnessEndpoint>> ParseWitnesses(const std::vector<std::string>& specs);

class WitnessFeeder {
 public:
  WitnessFeeder(std::vector<WitnessEndpoint> witnesses,
                std::shared_ptr<grpc::ChannelCredentials> credentials,
                absl::Duration deadline = absl::Seconds(5));
  ~WitnessFeeder();

  // LogSigningOptions::cosign: the verified cosignature lines of those that gave one.
  std::string Cosign(const std::string& note, uint64_t size,
                     const LogSigningOptions::ConsistencyProver& prove,
                     const std::vector<std::string>& announcements);

 private:
  struct Witness;
  // The cosignature line of one witness, or why none.
  absl::StatusOr<std::string> CosignWith(Witness& witness, const std::string& note, uint64_t size,
                                         const LogSigningOptions::ConsistencyProver& prove,
                                         const std::vector<std::string>& announcements);

  std::vector<std::unique_ptr<Witness>> witnesses_;
  const absl::Duration deadline_;
};

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_WITNESS_FEEDER_H_

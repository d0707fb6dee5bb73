// The flags with which a server that owns the log (eventstore_server, awardd)
// says how it signs its checkpoints (rocksdb_event_store.h, LogSigningOptions):
//
//   --log_key_file        the log's Ed25519 key, owner-only; created at the first start
//   --checkpoint_file     the latest signed checkpoint, best kept on another volume
//   --log_origin          the name a new key and its checkpoints carry
//   --checkpoint_interval how often a growing log signs
//   --checkpoint_after_types  event types after which the log signs at once
//   --witnesses           ADDRESS@WITNESS_KEY,...: witnesses asked to cosign
//                         each checkpoint (witness_feeder.h)
//   --rotate_log_key      at start, replace the log's key with a new one announced
//                         by the old (log_key_rotation.h)
//   --print_log_key       print the log's verifier key (to give to witnesses and
//                         verifiers) and exit
//   --tree_cache_bytes    memory for the Merkle tree's upper levels, which
//                         proofs read (RocksDbEventStoreOptions::tree_cache_bytes)
#ifndef AWARD_EVENTSTORE_GRPC_LOG_SIGNING_FLAGS_H_
#define AWARD_EVENTSTORE_GRPC_LOG_SIGNING_FLAGS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/rocksdb_event_store.h"

namespace eventstore {

// --tree_cache_bytes.
uint64_t TreeCacheBytesFromFlags();

// The options the flags give; the defaults stand where a flag is empty.
// INVALID_ARGUMENT naming a witness that is not ADDRESS@WITNESS_KEY.
absl::StatusOr<LogSigningOptions> LogSigningFromFlags(const std::string& default_key_file,
                                                      const std::string& default_checkpoint_file);

// With --print_log_key: the exit code after printing the verifier key of
// the key file (or saying why it cannot); nullopt without it. For a log that
// does not exist yet (`new_log`) a missing key is created first, so that
// witnesses can be told it before the log's first start.
std::optional<int> PrintLogKeyIfAsked(const std::string& program, const LogSigningOptions& signing,
                                      bool new_log);

// With --rotate_log_key: rotates the opened log's key and says so on
// standard output (the new verifier key, to give to witnesses and verifiers).
absl::Status RotateLogKeyIfAsked(const std::string& program, EmbeddedEventStore& store);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_LOG_SIGNING_FLAGS_H_

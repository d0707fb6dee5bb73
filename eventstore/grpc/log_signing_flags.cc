#include "eventstore/grpc/log_signing_flags.h"

#include <iostream>
#include <memory>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "eventstore/grpc/witness_feeder.h"
#include "eventstore/key_file.h"
#include "eventstore/signed_note.h"
#include "security/transport_security.h"

ABSL_FLAG(std::string, log_key_file, "",
          "The log's Ed25519 signing key (C2SP signer text, mode 0600); created at the first "
          "start (default: in the data directory)");
ABSL_FLAG(std::string, checkpoint_file, "",
          "Where the latest signed checkpoint is also kept; on another volume than the data "
          "directory, so that a data directory restored from an older copy is refused");
ABSL_FLAG(std::string, log_origin, eventstore::LogSigningOptions().origin,
          "The log's name in its checkpoints, given to a new key (e.g. "
          "thiduakhenthuong.tinh.gov.vn/log)");
ABSL_FLAG(absl::Duration, checkpoint_interval, eventstore::LogSigningOptions().interval,
          "How often a growing log signs a checkpoint");
ABSL_FLAG(std::vector<std::string>, checkpoint_after_types,
          std::vector<std::string>({"DecisionIssued", "DecisionRevoked"}),
          "Event types after which the log signs a checkpoint at once");
ABSL_FLAG(std::vector<std::string>, witnesses, {},
          "Witnesses that cosign the log's checkpoints: ADDRESS@WITNESS_VERIFIER_KEY, comma "
          "separated");
ABSL_FLAG(bool, rotate_log_key, false,
          "At start, replace the log's key with a new one, announced in the log by the old key");
ABSL_FLAG(bool, print_log_key, false,
          "Print the log's verifier key (C2SP verifier-key text) and exit");
ABSL_FLAG(uint64_t, tree_cache_bytes, eventstore::RocksDbEventStoreOptions::kDefaultTreeCacheBytes,
          "Memory for the Merkle tree's upper levels, from which proofs are made: 64 bytes an "
          "event hold the whole tree; with less, each proof reads its lowest nodes from disk");

namespace eventstore {

uint64_t TreeCacheBytesFromFlags() { return absl::GetFlag(FLAGS_tree_cache_bytes); }

absl::StatusOr<LogSigningOptions> LogSigningFromFlags(const std::string& default_key_file,
                                                      const std::string& default_checkpoint_file) {
  LogSigningOptions signing;
  signing.key_file = absl::GetFlag(FLAGS_log_key_file);
  if (signing.key_file.empty()) signing.key_file = default_key_file;
  signing.checkpoint_file = absl::GetFlag(FLAGS_checkpoint_file);
  if (signing.checkpoint_file.empty()) signing.checkpoint_file = default_checkpoint_file;
  signing.origin = absl::GetFlag(FLAGS_log_origin);
  signing.interval = absl::GetFlag(FLAGS_checkpoint_interval);
  signing.sign_after_types = absl::GetFlag(FLAGS_checkpoint_after_types);
  absl::StatusOr<std::vector<WitnessEndpoint>> witnesses =
      ParseWitnesses(absl::GetFlag(FLAGS_witnesses));
  if (!witnesses.ok()) return witnesses.status();
  if (!witnesses->empty()) {
    // The server's own certificate, as the witness's access policy names it.
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        award::security::ChannelCredentialsFromFlags();
    if (!credentials.ok()) return credentials.status();
    auto feeder = std::make_shared<WitnessFeeder>(*std::move(witnesses), *credentials);
    signing.cosign = [feeder](const std::string& note, uint64_t size,
                              const LogSigningOptions::ConsistencyProver& prove,
                              const std::vector<std::string>& announcements) {
      return feeder->Cosign(note, size, prove, announcements);
    };
  }
  return signing;
}

std::optional<int> PrintLogKeyIfAsked(const std::string& program, const LogSigningOptions& signing,
                                      bool new_log) {
  if (!absl::GetFlag(FLAGS_print_log_key)) return std::nullopt;
  absl::StatusOr<note::Signer> key = LoadSignerFile(signing.key_file, "log key file");
  if (absl::IsNotFound(key.status()) && new_log) {
    key =
        CreateSignerFile(signing.key_file, "log key file", signing.origin, note::KeyType::kEd25519);
  }
  if (!key.ok()) {
    std::cerr << program << ": " << key.status().message() << std::endl;
    return 1;
  }
  std::cout << note::VerifierKeyText(*key) << std::endl;
  return 0;
}

absl::Status RotateLogKeyIfAsked(const std::string& program, EmbeddedEventStore& store) {
  if (!absl::GetFlag(FLAGS_rotate_log_key)) return absl::OkStatus();
  absl::StatusOr<std::string> rotated = store.RotateLogKey();
  if (!rotated.ok()) return rotated.status();
  std::cout << program << ": log key rotated; the new key is " << *rotated << std::endl;
  return absl::OkStatus();
}

}  // namespace eventstore

// award_audit: the auditors' (thanh tra) program. Read-only, against a running
// eventstore_server (--event_store=HOST:PORT) or a copy of a data directory
// (--data_dir=PATH).
//
//   award_audit verify [--digest=COUNT:HEX]
//   award_audit export [--stream_prefix=P] [--type=T] [--from_position=N] [--to_position=N]
//                      [--since=RFC3339] [--until=RFC3339] > log.jsonl
//   award_audit replay --as_of=POSITION|RFC3339 nomination|meeting|decision|awardee ID
//   award_audit report --authority=ID --from_year=Y --to_year=Y [--csv]
//   award_audit verify --checkpoint=PATH --log_key=KEY
//   award_audit monitor --checkpoints_dir=DIR --log_key=KEY [--interval=5s] [--once]
//   award_audit receipt --decision_id=ID [--out=FILE]
//   award_audit verify-receipt FILE --log_key=KEY [--witness_key=KEY,...] [--min_witnesses=N]
//
// verify exits 0 and prints "ok COUNT:HEX" (keep it: a later verify with
// --digest proves the log still starts with exactly that history), or exits 1
// with the first bad position. Errors print the reason and exit 2.
//
// verify --checkpoint also checks the log against checkpoints kept outside
// it (a file, or the directory monitor keeps) and names where a rewritten or
// shortened log first differs. monitor follows the log's checkpoints, each
// checked against the last one kept with a consistency proof, and exits 1
// with the evidence at the first inconsistency (checkpoint_commands.h).
//
// receipt writes a decision's receipt (receipt.h): its text, its records and
// their proofs in a checkpoint the log signed and its witnesses cosigned.
// verify-receipt checks one with no server, prints what it proved and exits
// 0, or names the step that failed and exits 1.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/file_contents.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/grpc/status_mapping.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/sha256.h"
#include "eventstore/signed_note.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tools/audit/audit_commands.h"
#include "tools/audit/checkpoint_commands.h"
#include "tools/audit/receipt.h"

ABSL_FLAG(std::string, event_store, "", "Address of a running eventstore_server");
ABSL_FLAG(std::string, data_dir, "", "A copy of an event store's data directory");
ABSL_FLAG(std::string, digest, "", "verify: a digest saved earlier, COUNT:HEX");
ABSL_FLAG(std::string, stream_prefix, "", "export: only streams starting with this");
ABSL_FLAG(std::string, type, "", "export: only events of this type");
ABSL_FLAG(uint64_t, from_position, 0, "export: from this position");
ABSL_FLAG(int64_t, to_position, -1, "export: up to this position (inclusive); -1: the end");
ABSL_FLAG(std::string, since, "", "export: recorded at or after this RFC 3339 time");
ABSL_FLAG(std::string, until, "", "export: recorded before this RFC 3339 time");
ABSL_FLAG(std::string, as_of, "", "replay: a position, or an RFC 3339 time");
ABSL_FLAG(std::string, authority, "", "report: the authority");
ABSL_FLAG(int32_t, from_year, 0, "report: first year");
ABSL_FLAG(int32_t, to_year, 0, "report: last year");
ABSL_FLAG(bool, csv, false, "report: CSV instead of a table");
ABSL_FLAG(std::string, checkpoint, "",
          "verify: checkpoints kept outside the log (a file, or a directory as monitor keeps)");
ABSL_FLAG(std::string, checkpoints_dir, "", "monitor: where the checked checkpoints are kept");
ABSL_FLAG(absl::Duration, interval, absl::Seconds(5), "monitor: how often to ask the log");
ABSL_FLAG(bool, once, false, "monitor: check the latest checkpoint once and exit");
ABSL_FLAG(std::string, decision_id, "", "receipt: the decision");
ABSL_FLAG(std::string, out, "", "receipt: the file to write (default: standard output)");
ABSL_FLAG(std::vector<std::string>, log_key, {},
          "verify-receipt, verify --checkpoint, monitor: the log's verifier key(s), obtained "
          "from the platform's operator");
ABSL_FLAG(std::vector<std::string>, witness_key, {},
          "verify-receipt: verifier keys of the witnesses trusted, from the bodies that run them");
ABSL_FLAG(int, min_witnesses, 0, "verify-receipt: how many of them must have cosigned");

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "award_audit: " << status << std::endl;
  return 2;
}

absl::StatusOr<std::optional<absl::Time>> TimeFlag(const std::string& text,
                                                   absl::string_view name) {
  if (text.empty()) return std::nullopt;
  return award::audit::ParseTime(text, absl::StrCat("--", name));
}

// A scratch directory for the read models a replay or report builds, removed
// at the end.
struct Scratch {
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "award-audit-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
  std::string path;
};

absl::StatusOr<std::vector<eventstore::note::Verifier>> KeysFlag(
    const std::vector<std::string>& texts, absl::string_view flag, eventstore::note::KeyType type) {
  std::vector<eventstore::note::Verifier> keys;
  for (const std::string& text : texts) {
    absl::StatusOr<eventstore::note::Verifier> key = eventstore::note::ParseVerifier(text);
    if (!key.ok() || key->type != type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", flag, ": '", text, "' is not a ",
          type == eventstore::note::KeyType::kEd25519 ? "log's" : "witness's", " verifier key",
          key.ok() ? "" : absl::StrCat(" (", key.status().message(), ")")));
    }
    keys.push_back(*key);
  }
  return keys;
}

absl::StatusOr<std::vector<eventstore::note::Verifier>> LogKeysFromFlags() {
  absl::StatusOr<std::vector<eventstore::note::Verifier>> logs =
      KeysFlag(absl::GetFlag(FLAGS_log_key), "log_key", eventstore::note::KeyType::kEd25519);
  if (logs.ok() && logs->empty()) {
    return absl::InvalidArgumentError("--log_key: give the log's verifier key");
  }
  return logs;
}

absl::StatusOr<award::audit::ReceiptKeys> ReceiptKeysFromFlags() {
  award::audit::ReceiptKeys keys;
  absl::StatusOr<std::vector<eventstore::note::Verifier>> logs = LogKeysFromFlags();
  if (!logs.ok()) return logs.status();
  absl::StatusOr<std::vector<eventstore::note::Verifier>> witnesses = KeysFlag(
      absl::GetFlag(FLAGS_witness_key), "witness_key", eventstore::note::KeyType::kCosignatureV1);
  if (!witnesses.ok()) return witnesses.status();
  keys.log_keys = *logs;
  keys.witness_keys = *witnesses;
  keys.min_witnesses = absl::GetFlag(FLAGS_min_witnesses);
  if (keys.min_witnesses < 0 || keys.min_witnesses > static_cast<int>(witnesses->size())) {
    return absl::InvalidArgumentError(absl::StrCat("--min_witnesses: ", keys.min_witnesses,
                                                   " is more than the ", witnesses->size(),
                                                   " witness keys given"));
  }
  return keys;
}

std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

absl::StatusOr<std::vector<eventstore::Hash>> Hashes(
    const google::protobuf::RepeatedPtrField<std::string>& bytes) {
  std::optional<std::vector<eventstore::Hash>> hashes = eventstore::HashesOf(bytes);
  if (!hashes.has_value()) return absl::DataLossError("a proof hash is not 32 bytes");
  return *std::move(hashes);
}

std::shared_ptr<eventstore::v1::EventStore::Stub> ProofStub(const std::string& address) {
  return eventstore::v1::EventStore::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

// The log's checkpoint and proofs from eventstore.v1.EventStore at `address`.
award::audit::LogProofs RemoteProofs(const std::string& address) {
  std::shared_ptr<eventstore::v1::EventStore::Stub> stub = ProofStub(address);
  award::audit::LogProofs proofs;
  proofs.latest_checkpoint = [stub]() -> absl::StatusOr<std::string> {
    eventstore::v1::GetCheckpointResponse response;
    grpc::Status status = stub->GetCheckpoint(CallContext().get(), {}, &response);
    if (!status.ok()) return eventstore::FromGrpcStatus(status);
    return response.signed_note();
  };
  proofs.inclusion = [stub](uint64_t index,
                            uint64_t size) -> absl::StatusOr<std::vector<eventstore::Hash>> {
    eventstore::v1::GetInclusionProofRequest request;
    request.set_index(index);
    request.set_tree_size(size);
    eventstore::v1::GetInclusionProofResponse response;
    grpc::Status status = stub->GetInclusionProof(CallContext().get(), request, &response);
    if (!status.ok()) return eventstore::FromGrpcStatus(status);
    return Hashes(response.hashes());
  };
  return proofs;
}

award::audit::ConsistencyProofs RemoteConsistency(const std::string& address) {
  std::shared_ptr<eventstore::v1::EventStore::Stub> stub = ProofStub(address);
  return [stub](uint64_t first, uint64_t second) -> absl::StatusOr<std::vector<eventstore::Hash>> {
    eventstore::v1::GetConsistencyProofRequest request;
    request.set_first(first);
    request.set_second(second);
    eventstore::v1::GetConsistencyProofResponse response;
    grpc::Status status = stub->GetConsistencyProof(CallContext().get(), request, &response);
    if (!status.ok()) return eventstore::FromGrpcStatus(status);
    return Hashes(response.hashes());
  };
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "award_audit verify|export|replay|report [flags]: read-only checks of the award log");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2)
    return Fail(
        absl::InvalidArgumentError("name a command: verify, export, replay, report, receipt "
                                   "or verify-receipt"));
  const std::string command = args[1];
  if (command == "verify-receipt") {
    if (args.size() != 3)
      return Fail(absl::InvalidArgumentError("verify-receipt FILE --log_key=KEY"));
    absl::StatusOr<award::audit::ReceiptKeys> keys = ReceiptKeysFromFlags();
    if (!keys.ok()) return Fail(keys.status());
    absl::StatusOr<std::string> receipt = award::FileContents(args[2]);
    if (!receipt.ok()) return Fail(receipt.status());
    const award::audit::ReceiptVerdict verdict = award::audit::VerifyReceipt(*receipt, *keys);
    std::cout << verdict.text << std::endl;
    return verdict.ok ? 0 : 1;
  }

  std::unique_ptr<eventstore::EventStore> store;
  award::audit::LogProofs proofs;
  award::audit::ConsistencyProofs consistency;
  if (!absl::GetFlag(FLAGS_event_store).empty()) {
    store = eventstore::ConnectRemoteEventStore(absl::GetFlag(FLAGS_event_store));
    proofs = RemoteProofs(absl::GetFlag(FLAGS_event_store));
    consistency = RemoteConsistency(absl::GetFlag(FLAGS_event_store));
  } else if (!absl::GetFlag(FLAGS_data_dir).empty()) {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> embedded =
        eventstore::OpenRocksDbEventStore(
            {.data_dir = absl::GetFlag(FLAGS_data_dir), .read_only = true});
    if (!embedded.ok()) return Fail(embedded.status());
    eventstore::EmbeddedEventStore* log = embedded->get();
    proofs.latest_checkpoint = [log] { return log->SignedCheckpoint(std::nullopt); };
    proofs.inclusion = [log](uint64_t index, uint64_t size) {
      return log->InclusionProof(index, size);
    };
    consistency = [log](uint64_t first, uint64_t second) {
      return log->ConsistencyProof(first, second);
    };
    store = *std::move(embedded);
  } else {
    return Fail(absl::InvalidArgumentError("give --event_store or --data_dir"));
  }

  if (command == "verify") {
    std::optional<eventstore::LogDigest> expected;
    if (!absl::GetFlag(FLAGS_digest).empty()) {
      absl::StatusOr<eventstore::LogDigest> digest =
          award::audit::ParseDigest(absl::GetFlag(FLAGS_digest));
      if (!digest.ok()) return Fail(digest.status());
      expected = *digest;
    }
    absl::StatusOr<award::audit::VerifyOutcome> outcome = award::audit::Verify(*store, expected);
    if (!outcome.ok()) return Fail(outcome.status());
    std::cout << outcome->text << std::endl;
    if (absl::GetFlag(FLAGS_checkpoint).empty()) return outcome->ok ? 0 : 1;
    absl::StatusOr<std::vector<eventstore::note::Verifier>> keys = LogKeysFromFlags();
    if (!keys.ok()) return Fail(keys.status());
    absl::StatusOr<award::audit::CheckpointOutcome> checked =
        award::audit::CheckAgainstCheckpoints(*store, absl::GetFlag(FLAGS_checkpoint), *keys);
    if (!checked.ok()) return Fail(checked.status());
    std::cout << checked->text << std::endl;
    return outcome->ok && checked->ok ? 0 : 1;
  }
  if (command == "monitor") {
    if (absl::GetFlag(FLAGS_checkpoints_dir).empty()) {
      return Fail(absl::InvalidArgumentError("monitor --checkpoints_dir=DIR --log_key=KEY"));
    }
    absl::StatusOr<std::vector<eventstore::note::Verifier>> keys = LogKeysFromFlags();
    if (!keys.ok()) return Fail(keys.status());
    while (true) {
      absl::StatusOr<award::audit::CheckpointOutcome> checked = award::audit::MonitorOnce(
          proofs, consistency, absl::GetFlag(FLAGS_checkpoints_dir), *keys);
      if (!checked.ok()) return Fail(checked.status());
      std::cout << checked->text << std::endl;
      if (!checked->ok) return 1;
      if (absl::GetFlag(FLAGS_once)) return 0;
      absl::SleepFor(absl::GetFlag(FLAGS_interval));
    }
  }
  if (command == "receipt") {
    if (absl::GetFlag(FLAGS_decision_id).empty()) {
      return Fail(absl::InvalidArgumentError("receipt --decision_id=ID"));
    }
    absl::StatusOr<std::string> receipt =
        award::audit::MakeReceipt(*store, proofs, absl::GetFlag(FLAGS_decision_id));
    if (!receipt.ok()) return Fail(receipt.status());
    if (absl::GetFlag(FLAGS_out).empty()) {
      std::cout << *receipt << std::endl;
      return 0;
    }
    if (absl::Status written = award::ReplaceFileDurably(absl::GetFlag(FLAGS_out), *receipt + "\n");
        !written.ok()) {
      return Fail(written);
    }
    std::cerr << "award_audit: receipt of decision " << absl::GetFlag(FLAGS_decision_id)
              << " written to " << absl::GetFlag(FLAGS_out) << std::endl;
    return 0;
  }
  if (command == "export") {
    award::audit::ExportFilter filter;
    filter.stream_prefix = absl::GetFlag(FLAGS_stream_prefix);
    filter.type = absl::GetFlag(FLAGS_type);
    filter.from_position = absl::GetFlag(FLAGS_from_position);
    if (absl::GetFlag(FLAGS_to_position) >= 0) {
      filter.to_position = static_cast<uint64_t>(absl::GetFlag(FLAGS_to_position));
    }
    for (auto [flag, name, field] :
         {std::tuple{absl::GetFlag(FLAGS_since), "since", &filter.since},
          std::tuple{absl::GetFlag(FLAGS_until), "until", &filter.until}}) {
      absl::StatusOr<std::optional<absl::Time>> time = TimeFlag(flag, name);
      if (!time.ok()) return Fail(time.status());
      *field = *time;
    }
    absl::StatusOr<uint64_t> written = award::audit::Export(*store, filter, std::cout);
    if (!written.ok()) return Fail(written.status());
    std::cout.flush();
    std::cerr << "award_audit: exported " << *written << " events" << std::endl;
    return 0;
  }
  if (command == "replay" || command == "report") {
    Scratch scratch;
    if (scratch.path.empty())
      return Fail(absl::UnavailableError("cannot make a scratch directory"));
    absl::StatusOr<std::string> out;
    if (command == "replay") {
      if (args.size() != 4) {
        return Fail(absl::InvalidArgumentError(
            "replay --as_of=... nomination|meeting|decision|awardee ID"));
      }
      absl::StatusOr<award::audit::AsOf> as_of =
          absl::GetFlag(FLAGS_as_of).empty() ? award::audit::AsOf{}
                                             : award::audit::ParseAsOf(absl::GetFlag(FLAGS_as_of));
      if (!as_of.ok()) return Fail(as_of.status());
      out = award::audit::Replay(*store, args[2], args[3], *as_of, scratch.path);
    } else {
      out = award::audit::Report(*store, absl::GetFlag(FLAGS_authority),
                                 absl::GetFlag(FLAGS_from_year), absl::GetFlag(FLAGS_to_year),
                                 absl::GetFlag(FLAGS_csv), scratch.path);
    }
    if (!out.ok()) return Fail(out.status());
    std::cout << *out;
    if (!out->empty() && out->back() != '\n') std::cout << '\n';
    return 0;
  }
  return Fail(absl::InvalidArgumentError(
      absl::StrCat("unknown command '", command,
                   "': verify, export, replay, report, receipt or verify-receipt")));
}

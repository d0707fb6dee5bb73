// award_witness: a witness of the award platform's log, run by another body
// (the provincial Department of Home Affairs, an inspectorate). It cosigns
// the log's checkpoints only while each extends the last one it cosigned, and
// keeps the log-signed evidence of any other history it is shown
// (witness_state.h).
//
//   award_witness --state_dir=./witness --listen=127.0.0.1:50070
//       --log_keys=award.local/log+1a2b3c4d+AQ... [--witness_name=sonoivu.tinh.gov.vn/witness]
//
// The witness's own key (--witness_key_file, by default STATE/witness.key) is
// created at the first start; --print_witness_key prints the verifier key to
// give to the log and to those who check its cosignatures. Everything it
// receives and returns is signed, so plaintext is enough for integrity;
// --tls_* and --access_policy serve mTLS as the platform's servers do.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "base/process_settings.h"
#include "base/serve.h"
#include "base/stop_signals.h"
#include "eventstore/key_file.h"
#include "eventstore/signed_note.h"
#include "security/transport_security.h"
#include "witness/witness_service.h"
#include "witness/witness_state.h"

ABSL_FLAG(std::string, state_dir, "./witness", "Where the witness keeps what it cosigned");
ABSL_FLAG(std::string, listen, "127.0.0.1:50070", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, witness_key_file, "",
          "The witness's cosigning key (default STATE/witness.key), created at the first start");
ABSL_FLAG(std::string, witness_name, "witness.local/w1", "The name a new witness key carries");
ABSL_FLAG(std::vector<std::string>, log_keys, {},
          "Verifier keys of the logs followed (C2SP verifier-key text); each names its origin");
ABSL_FLAG(bool, print_witness_key, false, "Print the witness's verifier key and exit");

namespace {

namespace note = eventstore::note;

int Fail(const std::string& message) {
  std::cerr << "award_witness: " << message << std::endl;
  return 1;
}

constexpr absl::string_view kWitnessKeyFile = "witness key file";

absl::StatusOr<note::Signer> LoadOrCreateKey(const std::string& path, const std::string& name) {
  absl::StatusOr<note::Signer> key = eventstore::LoadSignerFile(path, kWitnessKeyFile);
  if (absl::IsNotFound(key.status())) {
    key = eventstore::CreateSignerFile(path, kWitnessKeyFile, name, note::KeyType::kCosignatureV1);
  }
  if (key.ok() && key->type != note::KeyType::kCosignatureV1) {
    return absl::FailedPreconditionError(
        absl::StrCat(kWitnessKeyFile, " ", path, ": not a witness's key (type 0x04)"));
  }
  return key;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Cosigns the award platform's log checkpoints as a witness.");
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  award::StopSignals stop;

  const std::string state_dir = absl::GetFlag(FLAGS_state_dir);
  std::error_code error;
  std::filesystem::create_directories(state_dir, error);
  if (error) return Fail(absl::StrCat("state directory ", state_dir, ": ", error.message()));
  std::string key_file = absl::GetFlag(FLAGS_witness_key_file);
  if (key_file.empty()) key_file = state_dir + "/witness.key";
  absl::StatusOr<note::Signer> key = LoadOrCreateKey(key_file, absl::GetFlag(FLAGS_witness_name));
  if (!key.ok()) return Fail(std::string(key.status().message()));
  if (absl::GetFlag(FLAGS_print_witness_key)) {
    std::cout << note::VerifierKeyText(*key) << std::endl;
    return 0;
  }
  std::vector<note::Verifier> logs;
  for (const std::string& text : absl::GetFlag(FLAGS_log_keys)) {
    absl::StatusOr<note::Verifier> log = note::ParseVerifier(text);
    if (!log.ok() || log->type != note::KeyType::kEd25519) {
      return Fail(absl::StrCat("--log_keys: '", text, "' is not a log's verifier key",
                               log.ok() ? "" : absl::StrCat(": ", log.status().message())));
    }
    logs.push_back(*log);
  }
  if (logs.empty()) return Fail("--log_keys: name at least one log to follow");

  absl::StatusOr<std::unique_ptr<award::witness::WitnessState>> state =
      award::witness::WitnessState::Open(state_dir, *key, logs);
  if (!state.ok()) return Fail(state.status().ToString());
  const std::string listen = absl::GetFlag(FLAGS_listen);
  absl::StatusOr<award::security::ServerSecurity> security =
      award::security::ServerSecurityFromFlags(listen, /*plaintext_on_loopback_by_default=*/true);
  if (!security.ok()) return Fail(security.status().ToString());

  award::witness::WitnessService service(**state);
  award::ServeOptions serving;
  serving.announcement_detail = absl::StrCat("state_dir ", state_dir, " key ", key->name);
  security->ApplyTo(serving);
  return award::ServeUntilStopped("award_witness", listen,
                                  {{::witness::v1::Witness::service_full_name(), &service}}, stop,
                                  std::move(serving));
}

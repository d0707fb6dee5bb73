// receipt_verify_bench: how long award_audit verify-receipt's check of one
// receipt takes in process (the file already read; no process start):
//
//   figure=verify_receipt_cpp runs=200 p50_us=... p99_us=... ok=1
//
//   receipt_verify_bench --receipt=FILE --log_key=KEY [--witness_key=KEY] [--runs=200]
//
// bench/receipt_bench.sh makes the receipt and runs this beside the Python verifier.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "base/file_contents.h"
#include "eventstore/signed_note.h"
#include "tools/audit/receipt.h"

ABSL_FLAG(std::string, receipt, "", "The receipt (award_audit receipt)");
ABSL_FLAG(std::string, log_key, "", "The log's verifier key");
ABSL_FLAG(std::string, witness_key, "", "A witness's verifier key (optional)");
ABSL_FLAG(int, runs, 200, "How many checks to time");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<std::string> receipt = award::FileContents(absl::GetFlag(FLAGS_receipt));
  absl::StatusOr<eventstore::note::Verifier> log =
      eventstore::note::ParseVerifier(absl::GetFlag(FLAGS_log_key));
  if (!receipt.ok() || !log.ok()) {
    std::cerr << "receipt_verify_bench: give --receipt=FILE and --log_key=KEY" << std::endl;
    return 1;
  }
  award::audit::ReceiptKeys keys{{*log}, {}, 0};
  if (!absl::GetFlag(FLAGS_witness_key).empty()) {
    absl::StatusOr<eventstore::note::Verifier> witness =
        eventstore::note::ParseVerifier(absl::GetFlag(FLAGS_witness_key));
    if (!witness.ok()) return 1;
    keys.witness_keys.push_back(*witness);
    keys.min_witnesses = 1;
  }
  std::vector<double> micros;
  bool ok = true;
  for (int i = 0; i < absl::GetFlag(FLAGS_runs); ++i) {
    const absl::Time start = absl::Now();
    ok = award::audit::VerifyReceipt(*receipt, keys).ok && ok;
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
  }
  std::sort(micros.begin(), micros.end());
  std::cout << absl::StrFormat("figure=verify_receipt_cpp runs=%d p50_us=%.0f p99_us=%.0f ok=%d",
                               micros.size(), micros[micros.size() / 2],
                               micros[micros.size() * 99 / 100], ok ? 1 : 0)
            << std::endl;
  return ok ? 0 : 1;
}

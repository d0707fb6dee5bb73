// What a verifier reads from anyone: receipts, signed notes, checkpoints and
// key announcements, on any bytes. Nothing crashes, and nothing that the
// log's key did not sign is ever accepted: the input cannot hold a valid
// signature by the fixed key below except by copying one of the seeds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eventstore/checkpoint.h"
#include "eventstore/log_key_rotation.h"
#include "eventstore/signed_note.h"
#include "tools/audit/receipt.h"

namespace {

// The Go sumdb/note reference key: its signer's seed is public, which does
// not matter to a fuzzer that must not forge with it anyway.
const eventstore::note::Verifier& LogKey() {
  static const eventstore::note::Verifier* const key =
      new eventstore::note::Verifier(*eventstore::note::ParseVerifier(
          "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  return *key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<eventstore::note::Opened> opened = eventstore::note::Open(input, {LogKey()});
  if (opened.ok() && (opened->signed_by.empty() || opened->text.empty())) std::abort();
  (void)eventstore::ParseCheckpoint(input);
  (void)eventstore::OpenAnnouncement(input);
  (void)eventstore::FollowRotations({LogKey()}, {input, input});
  const award::audit::ReceiptVerdict verdict =
      award::audit::VerifyReceipt(input, {{LogKey()}, {}, 0});
  if (verdict.ok && verdict.text.rfind("ok\n", 0) != 0) std::abort();
  if (!verdict.ok && verdict.text.rfind("failed at ", 0) != 0) std::abort();
  return 0;
}

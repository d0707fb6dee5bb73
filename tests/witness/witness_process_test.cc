// The log and its witness as separate processes on 127.0.0.1, as two bodies
// run them: eventstore_server sends every checkpoint it signs to
// award_witness, which cosigns it; then the log's data directory is rolled
// back to an older copy (its tail lost): the server refuses to open against
// its last signed checkpoint; and when an operator who holds the log's key
// forces it open and writes another history from there, with freshly signed
// checkpoints, the witness refuses to cosign the smaller tree and the
// rewritten one, and keeps the log-signed evidence.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "base/file_contents.h"
#include "eventstore/checkpoint.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/signed_note.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace {

namespace note = eventstore::note;
using award::testing::AnnouncedServer;
using award::testing::ChildProcess;

class WitnessProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_key_ = *note::GenerateSigner("test.example/log");
    witness_key_ = *note::GenerateSigner("witness.example/w1", note::KeyType::kCosignatureV1);
    ASSERT_TRUE(award::CreateSecretFile(dir_.Sub("log.key"), note::SignerKeyText(log_key_)).ok());
    ASSERT_TRUE(
        award::CreateSecretFile(dir_.Sub("witness.key"), note::SignerKeyText(witness_key_)).ok());
    std::filesystem::create_directories(dir_.Sub("outside"));
    StartWitness("127.0.0.1:0");
  }

  void StartWitness(const std::string& listen) {
    witness_ = std::make_unique<AnnouncedServer>(
        "award_witness", std::vector<std::string>{
                             AWARD_WITNESS_PATH, "--state_dir=" + dir_.Sub("witness"),
                             "--witness_key_file=" + dir_.Sub("witness.key"), "--listen=" + listen,
                             "--log_keys=" + note::VerifierKeyText(log_key_)});
    ASSERT_FALSE(witness_->address.empty()) << "award_witness did not start";
  }

  std::vector<std::string> ServerArgv() const {
    return {AWARD_EVENTSTORE_SERVER_PATH,
            "--data_dir=" + dir_.Sub("data"),
            "--listen=127.0.0.1:0",
            "--insecure",
            "--log_key_file=" + dir_.Sub("log.key"),
            "--checkpoint_file=" + dir_.Sub("outside/checkpoint"),
            "--checkpoint_interval=50ms",
            "--witnesses=" + witness_->address + "@" + note::VerifierKeyText(witness_key_)};
  }

  void StartServer() {
    server_ = std::make_unique<AnnouncedServer>("eventstore_server", ServerArgv());
    ASSERT_FALSE(server_->address.empty()) << "eventstore_server did not start";
    store_ = eventstore::ConnectRemoteEventStore(server_->address);
  }

  void StopServer() {
    store_.reset();
    server_->process->Signal(SIGTERM);
    std::optional<int> status = server_->process->Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value() && WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
    server_.reset();
  }

  void Append(int events, const std::string& stream) {
    for (int i = 0; i < events; ++i) {
      ASSERT_TRUE(store_
                      ->Append(award::testing::AppendTo(stream, eventstore::ExpectedVersion::Any(),
                                                        award::testing::NewEvents(1)))
                      .ok());
    }
  }

  // The server's latest checkpoint, opened: its size and whether the witness cosigned it.
  struct Seen {
    uint64_t size = 0;
    bool cosigned = false;
  };
  Seen Latest() {
    auto stub = eventstore::v1::EventStore::NewStub(
        grpc::CreateChannel(server_->address, grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    eventstore::v1::GetCheckpointResponse response;
    if (!stub->GetCheckpoint(&context, {}, &response).ok()) return {};
    absl::StatusOr<note::Opened> opened = note::Open(
        response.signed_note(), {note::VerifierOf(log_key_), note::VerifierOf(witness_key_)});
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (!opened.ok()) return {};
    return {eventstore::ParseCheckpoint(opened->text)->size, !opened->cosigned_by.empty()};
  }

  // Waits (at most 10 s) until the latest checkpoint has `size` events.
  Seen AwaitCheckpoint(uint64_t size) {
    Seen seen;
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline && (seen = Latest()).size != size) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    return seen;
  }

  // Runs award_audit against the server; its output and exit code.
  std::pair<std::string, int> Audit(const std::vector<std::string>& args) {
    std::string command = absl::StrCat(AWARD_AUDIT_PATH, " --event_store=", server_->address);
    for (const std::string& arg : args) absl::StrAppend(&command, " ", arg);
    ChildProcess audit({"/bin/sh", "-c", command + " 2>&1"});
    std::string said;
    while (std::optional<std::string> line = audit.ReadLine(absl::Seconds(30))) {
      absl::StrAppend(&said, *line, "\n");
    }
    std::optional<int> status = audit.Wait(absl::Seconds(30));
    return {said, status.has_value() && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1};
  }

  std::vector<std::string> AuditorFlags() const {
    return {"--checkpoints_dir=" + dir_.Sub("auditor"),
            "--log_key=" + note::VerifierKeyText(log_key_)};
  }

  std::vector<std::string> Evidence() const {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(dir_.Sub("witness/evidence"), error)) {
      files.push_back(*award::FileContents(entry.path().string()));
    }
    return files;
  }

  award::testing::TempDir dir_;
  note::Signer log_key_;
  note::Signer witness_key_;
  std::unique_ptr<AnnouncedServer> witness_;
  std::unique_ptr<AnnouncedServer> server_;
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_F(WitnessProcessTest, EveryCheckpointIsCosignedByTheWitness) {
  StartServer();
  Append(10, "nomination-1");
  Seen ten = AwaitCheckpoint(10);
  EXPECT_EQ(ten.size, 10u);
  EXPECT_TRUE(ten.cosigned);
  Append(7, "nomination-2");
  Seen seventeen = AwaitCheckpoint(17);
  EXPECT_TRUE(seventeen.cosigned);
  // A witness restarted keeps what it cosigned, and goes on from there.
  witness_->process->Signal(SIGTERM);
  ASSERT_TRUE(witness_->process->Wait(absl::Seconds(30)).has_value());
  const std::string address = witness_->address;
  StartWitness(address);
  ASSERT_EQ(witness_->address, address);
  Append(3, "nomination-3");
  EXPECT_TRUE(AwaitCheckpoint(20).cosigned);
  EXPECT_TRUE(Evidence().empty());
  StopServer();
}

TEST_F(WitnessProcessTest, ALogRolledBackOrRewrittenIsRefusedByItselfAndItsWitness) {
  // An auditor's monitor keeps each checkpoint it checked: at 10, 11 and 15.
  std::vector<std::string> monitor = AuditorFlags();
  monitor.insert(monitor.begin(), "monitor");
  monitor.push_back("--once");
  StartServer();
  Append(10, "nomination-1");
  ASSERT_TRUE(AwaitCheckpoint(10).cosigned);
  EXPECT_EQ(Audit(monitor).second, 0);
  StopServer();
  std::filesystem::copy(dir_.Sub("data"), dir_.Sub("older"),
                        std::filesystem::copy_options::recursive);
  StartServer();
  Append(1, "nomination-2");
  ASSERT_TRUE(AwaitCheckpoint(11).cosigned);
  EXPECT_EQ(Audit(monitor).second, 0);
  Append(4, "nomination-2");
  ASSERT_TRUE(AwaitCheckpoint(15).cosigned);
  EXPECT_EQ(Audit(monitor).second, 0);
  StopServer();

  // The data directory restored from the older copy, without a word: the
  // server refuses to start, naming both sizes.
  std::filesystem::remove_all(dir_.Sub("data"));
  std::filesystem::rename(dir_.Sub("older"), dir_.Sub("data"));
  {
    std::vector<std::string> shell = {"/bin/sh", "-c",
                                      absl::StrCat(absl::StrJoin(ServerArgv(), " "), " 2>&1")};
    ChildProcess refused(shell);
    std::string said;
    while (std::optional<std::string> line = refused.ReadLine(absl::Seconds(30))) said += *line;
    std::optional<int> status = refused.Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
    EXPECT_NE(said.find("DATA_LOSS"), std::string::npos) << said;
    EXPECT_NE(said.find("holds 10 events, but it signed a checkpoint of 15"), std::string::npos)
        << said;
  }

  // An operator holding the log's key moves the checkpoint aside and writes
  // another history from position 10, with fresh signatures: the witness
  // refuses the smaller tree, then the rewritten larger one, and keeps both.
  std::filesystem::rename(dir_.Sub("outside/checkpoint"), dir_.Sub("outside/set-aside"));
  StartServer();
  Append(2, "forged");
  Seen twelve = AwaitCheckpoint(12);
  EXPECT_EQ(twelve.size, 12u);
  EXPECT_FALSE(twelve.cosigned);
  Append(8, "forged");
  Seen twenty = AwaitCheckpoint(20);
  EXPECT_EQ(twenty.size, 20u);
  EXPECT_FALSE(twenty.cosigned);
  // The auditor's monitor refuses the new history with the evidence, and the
  // log against the checkpoints it kept names the first rewritten position.
  auto [monitored, monitor_code] = Audit(monitor);
  EXPECT_EQ(monitor_code, 1) << monitored;
  EXPECT_NE(monitored.find("INCONSISTENT: the checkpoint of 20 does not extend the one of 15"),
            std::string::npos)
      << monitored;
  EXPECT_NE(monitored.find("--- now signed by the log"), std::string::npos);
  std::vector<std::string> verify = {"verify", "--checkpoint=" + dir_.Sub("auditor"),
                                     "--log_key=" + note::VerifierKeyText(log_key_)};
  auto [verified, verify_code] = Audit(verify);
  EXPECT_EQ(verify_code, 1) << verified;
  EXPECT_NE(verified.find("DIVERGES"), std::string::npos) << verified;
  EXPECT_NE(verified.find("position 10 was rewritten"), std::string::npos) << verified;
  StopServer();
  const std::vector<std::string> evidence = Evidence();
  ASSERT_GE(evidence.size(), 2u);
  bool smaller = false;
  bool split = false;
  for (const std::string& file : evidence) {
    smaller = smaller || file.find("a tree of 12 after one of 15") != std::string::npos;
    split =
        split || file.find("not consistent with the checkpoint of size 15") != std::string::npos;
    // Each holds the log-signed checkpoint it refused and the one it had cosigned.
    EXPECT_NE(file.find("--- presented, signed by the log"), std::string::npos);
  }
  EXPECT_TRUE(smaller);
  EXPECT_TRUE(split);
}

}  // namespace

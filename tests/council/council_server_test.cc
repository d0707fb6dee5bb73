// council_server as a real process beside a real eventstore_server: it makes
// its ballot key file (owner-only) on the first start and reuses it, serves
// health, drains on SIGTERM, and refuses a key file of the wrong size.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/child_process.h"
#include "tests/support/grpc_probes.h"
#include "tests/support/temp_dir.h"

namespace award::council {
namespace {

using award::testing::ChildProcess;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

class CouncilServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    event_store_ = std::make_unique<award::testing::ServerProcess>(dir_.Sub("data"));
    ASSERT_FALSE(event_store_->address.empty());
  }

  std::unique_ptr<ChildProcess> Start(const std::string& key_file, std::string* address) {
    award::testing::AnnouncedServer server(
        "council_server", {AWARD_COUNCIL_SERVER_PATH, "--event_store=" + event_store_->address,
                           "--listen=127.0.0.1:0", "--rules_dir=" AWARD_RULES_DIR,
                           "--ballot_key_file=" + key_file, "--insecure"});
    *address = server.address;
    return std::move(server.process);
  }

  award::testing::TempDir dir_;
  std::unique_ptr<award::testing::ServerProcess> event_store_;
};

TEST_F(CouncilServerTest, MakesItsBallotKeyOnceServesHealthAndDrainsOnSigterm) {
  const std::string key_file = dir_.Sub("ballot.key");
  std::string address;
  std::unique_ptr<ChildProcess> server = Start(key_file, &address);
  ASSERT_FALSE(address.empty());
  const std::string key = ReadFile(key_file);
  EXPECT_EQ(key.size(), 32u);
  struct stat info;
  ASSERT_EQ(stat(key_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> health =
      award::testing::HealthOf(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()),
                               "award.v1.Council");
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::SERVING);

  server->Signal(SIGTERM);
  std::optional<int> status = server->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);

  // A second start keeps the key: ballots sealed before still open.
  std::unique_ptr<ChildProcess> again = Start(key_file, &address);
  EXPECT_FALSE(address.empty());
  EXPECT_EQ(ReadFile(key_file), key);
}

TEST_F(CouncilServerTest, RefusesABallotKeyOfTheWrongSize) {
  const std::string key_file = dir_.Sub("short.key");
  std::ofstream(key_file) << "too short";
  std::string address;
  std::unique_ptr<ChildProcess> server = Start(key_file, &address);
  EXPECT_TRUE(address.empty());
  std::optional<int> status = server->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
}

}  // namespace
}  // namespace award::council
